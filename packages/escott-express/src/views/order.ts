/** The order page: thank-you for cards, payment instructions for convenience stores, progress while processing. */
import { isCvsExpired } from 'escott-flows'
import { html, raw } from '../html.js'
import { brandLabel, displayStatus, formatTokyo, formatYen, payTypeLabel, shopperStatusLabel, t, type Lang } from '../i18n.js'
import type { Order } from '../types.js'
import { orderSummary, payableAmount, type SummaryOptions } from './common.js'

export { payTypeLabel } from '../i18n.js'

export interface OrderView {
  lang: Lang
  base: string
  order: Order
  shopUrl: string
  /** The moment deadlines are judged at (default now). */
  now?: Date
  /** A notice above the status (e.g. the order was already paid in another tab). */
  notice?: string | undefined
  /** The shop's block below the status (mail sent, receipt link…), already-escaped HTML. */
  section?: string | undefined
  summaryExtra?: SummaryOptions['extra']
  summaryItemNote?: SummaryOptions['itemNote']
}

export function renderOrder(v: OrderView): string {
  const { lang, order } = v
  const now = v.now ?? new Date()
  const p = order.payment
  const amount = payableAmount(order)
  let body
  switch (order.status) {
    case 'authorized':
    case 'captured':
      body = html`<div class="alert ok" data-testid="thank-you">${t(lang, 'cardPaid')}</div>
<table><tbody>
<tr><th>${t(lang, 'methodCard')}</th><td><span class="mono">${p.maskedCard ?? ''}</span> ${brandLabel(p.brand)}</td></tr>
${p.payType ? html`<tr><th>${t(lang, 'installments')}</th><td>${payTypeLabel(lang, p.payType)}</td></tr>` : ''}
<tr><th>${t(lang, 'total')}</th><td data-testid="paid-amount">${formatYen(lang, amount)}</td></tr>
${p.approveNo ? html`<tr><th>${t(lang, 'approveNo')}</th><td class="mono" data-testid="approve-no">${p.approveNo}</td></tr>` : ''}
</tbody></table>`
      break
    case 'unpaid':
      if (isCvsExpired(order, now)) {
        body = html`<div class="alert error" data-testid="cvs-expired">${t(lang, 'cvsExpired')}</div>
<table><tbody><tr><th>${t(lang, 'payLimit')}</th><td data-testid="pay-limit">${formatTokyo(p.payLimit)}</td></tr></tbody></table>`
        break
      }
      body = html`<h2>${t(lang, 'cvsInstructionsTitle')}</h2>
<div class="alert info" data-testid="cvs-instructions">${t(lang, 'cvsInstructions')}</div>
<table><tbody>
<tr><th>${t(lang, 'paymentNumber')}</th><td class="big mono" data-testid="kessai-number">${p.kessaiNumber ?? ''}</td></tr>
<tr><th>${t(lang, 'total')}</th><td data-testid="cvs-amount">${formatYen(lang, amount)}</td></tr>
<tr><th>${t(lang, 'payLimit')}</th><td data-testid="pay-limit">${formatTokyo(p.payLimit)}</td></tr>
</tbody></table>
${
  p.paymentPageUrl
    ? html`<p><a class="button" href="${p.paymentPageUrl}" target="_blank" rel="noopener" data-testid="payment-page">${t(lang, 'openPaymentPage')}</a></p>`
    : html`<p class="alert error" data-testid="no-payment-page">${t(lang, 'noPaymentPage')}</p>`
}`
      break
    case 'paid':
      body = html`<div class="alert ok" data-testid="cvs-paid">${t(lang, 'cvsPaid')}</div>
<table><tbody><tr><th>${t(lang, 'cvsStore')}</th><td>${p.cvsName ?? p.cvsCd ?? ''}</td></tr>
<tr><th>${t(lang, 'paidAt')}</th><td data-testid="paid-at">${formatTokyo(p.paidAt)}</td></tr>
<tr><th>${t(lang, 'total')}</th><td>${formatYen(lang, amount)}</td></tr></tbody></table>`
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
      body = html`<div class="alert info">${shopperStatusLabel(lang, order.status)}</div>`
  }
  const shown = displayStatus(order, now)
  const thanks = order.status === 'unpaid' || order.status === 'authorized' || order.status === 'captured' || order.status === 'paid'
  const title = thanks ? t(lang, 'thankYouTitle') : shopperStatusLabel(lang, shown)
  const refresh = order.status === 'processing' || order.status === 'awaiting_3ds'
  return html`${refresh ? html`<meta http-equiv="refresh" content="2">` : ''}<h1>${title}</h1>
${v.notice ? html`<div class="alert info" data-testid="notice">${v.notice}</div>` : ''}
<section class="card">
<p class="muted">${t(lang, 'orderNumber')}: <span class="mono" data-testid="order-number">${order.merchantFree1}</span> / ${t(lang, 'orderDate')}: ${formatTokyo(order.createdAt)}</p>
<p>${t(lang, 'status')}: <span class="badge ${shown}" data-testid="status">${shopperStatusLabel(lang, shown)}</span></p>
${body}
${v.section ? raw(v.section) : ''}
</section>
<section class="card">${orderSummary(lang, order, { extra: v.summaryExtra, itemNote: v.summaryItemNote, totalKey: 'orderTotal' })}</section>
<p><a href="${v.shopUrl}">${t(lang, 'backToShop')}</a></p>`.value
}
