/** The order page: thank-you for cards, payment instructions for convenience stores, progress while processing. */
import { html } from '../html.js'
import { isCvsExpired } from 'escott-flows'
import { displayStatus, formatTokyo, formatYen, statusLabel, t, type Lang } from '../i18n.js'
import type { Order } from '../types.js'
import { orderSummary } from './common.js'

export interface OrderView {
  lang: Lang
  base: string
  order: Order
  shopUrl: string
}

export function renderOrder(v: OrderView): string {
  const { lang, order } = v
  const p = order.payment
  let body
  switch (order.status) {
    case 'authorized':
    case 'captured':
      body = html`<div class="alert ok" data-testid="thank-you">${t(lang, 'cardPaid')}</div>
<table><tbody>
<tr><th>${t(lang, 'methodCard')}</th><td class="mono">${p.maskedCard ?? ''} ${p.brand ? `(${p.brand})` : ''}</td></tr>
${p.payType ? html`<tr><th>${t(lang, 'installments')}</th><td>${payTypeLabel(lang, p.payType)}</td></tr>` : ''}
${p.approveNo ? html`<tr><th>${t(lang, 'approveNo')}</th><td class="mono">${p.approveNo}</td></tr>` : ''}
</tbody></table>`
      break
    case 'unpaid':
      if (isCvsExpired(order)) {
        body = html`<div class="alert error" data-testid="cvs-expired">${t(lang, 'cvsExpired')}</div>
<table><tbody><tr><th>${t(lang, 'payLimit')}</th><td data-testid="pay-limit">${formatTokyo(p.payLimit)}</td></tr></tbody></table>`
        break
      }
      body = html`<h2>${t(lang, 'cvsInstructionsTitle')}</h2>
<div class="alert info" data-testid="cvs-instructions">${t(lang, 'cvsInstructions')}</div>
<table><tbody>
<tr><th>${t(lang, 'paymentNumber')}</th><td class="big mono" data-testid="kessai-number">${p.kessaiNumber ?? ''}</td></tr>
<tr><th>${t(lang, 'total')}</th><td data-testid="cvs-amount">${formatYen(lang, order.amount)}</td></tr>
<tr><th>${t(lang, 'payLimit')}</th><td data-testid="pay-limit">${formatTokyo(p.payLimit)}</td></tr>
</tbody></table>
<p><a class="button" href="${p.paymentPageUrl ?? '#'}" target="_blank" rel="noopener" data-testid="payment-page">${t(lang, 'openPaymentPage')}</a></p>`
      break
    case 'paid':
      body = html`<div class="alert ok" data-testid="cvs-paid">${t(lang, 'cvsPaid')}</div>
<table><tbody><tr><th>${t(lang, 'paymentMethod')}</th><td>${p.cvsName ?? p.cvsCd ?? ''}</td></tr>
<tr><th>${t(lang, 'orderDate')}</th><td>${formatTokyo(p.paidAt)}</td></tr></tbody></table>`
      break
    case 'processing':
    case 'awaiting_3ds':
      body = html`<div class="alert info" data-testid="processing">${t(lang, 'stillProcessing')}</div>`
      break
    case 'needs_reconciliation':
      body = html`<div class="alert error" data-testid="reconciliation">${t(lang, 'reconciliation')}</div>`
      break
    case 'canceled':
      body = html`<div class="alert info" data-testid="canceled">${t(lang, 'orderCanceled')}</div>`
      break
    default:
      body = html`<div class="alert info">${statusLabel(lang, order.status)}</div>`
  }
  const title = order.status === 'unpaid' || order.status === 'authorized' || order.status === 'captured' || order.status === 'paid'
    ? t(lang, 'thankYouTitle')
    : statusLabel(lang, order.status)
  const refresh = order.status === 'processing' || order.status === 'awaiting_3ds'
  return html`${refresh ? html`<meta http-equiv="refresh" content="2">` : ''}<h1>${title}</h1>
<section class="card">
<p class="muted">${t(lang, 'orderNumber')}: <span class="mono" data-testid="order-number">${order.merchantFree1}</span> / ${t(lang, 'orderDate')}: ${formatTokyo(order.createdAt)}</p>
<p>${t(lang, 'status')}: <span class="badge ${displayStatus(order)}" data-testid="status">${statusLabel(lang, displayStatus(order))}</span></p>
${body}
</section>
<section class="card">${orderSummary(lang, order)}</section>
<p><a href="${v.shopUrl}">${t(lang, 'backToShop')}</a></p>`.value
}

/** Label of a PayType code. */
export function payTypeLabel(lang: Lang, code: string): string {
  if (code === '01') return lang === 'ja' ? '一括払い' : 'Lump sum'
  if (code === '80') return lang === 'ja' ? 'ボーナス一括払い' : 'Bonus lump sum'
  if (code === '88') return lang === 'ja' ? 'リボ払い' : 'Revolving'
  const n = Number(code)
  return lang === 'ja' ? `${n}回払い` : `${n} installments`
}
