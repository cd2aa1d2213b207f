/** Fragments shared by several pages. */
import { html, type RawHtml } from '../html.js'
import { formatYen, t, type Lang } from '../i18n.js'
import type { Order, OrderError } from '../types.js'

/** The order lines with subtotal, fee and total. */
export function orderSummary(lang: Lang, order: Order, fee = order.fee): RawHtml {
  return html`<table>
<thead><tr><th>${t(lang, 'orderSummary')}</th><th class="num">${t(lang, 'quantity')}</th><th class="num">${t(lang, 'amount')}</th></tr></thead>
<tbody>${order.items.map(
    (i) => html`<tr><td>${i.name}</td><td class="num">${i.quantity}</td><td class="num">${formatYen(lang, i.unitPrice * i.quantity)}</td></tr>`,
  )}
<tr><td>${t(lang, 'subtotal')}</td><td></td><td class="num">${formatYen(lang, order.subtotal)}</td></tr>
${fee > 0 ? html`<tr><td>${t(lang, 'cvsFee')}</td><td></td><td class="num" data-testid="cvs-fee">${formatYen(lang, fee)}</td></tr>` : ''}
<tr class="total"><td>${t(lang, 'total')}</td><td></td><td class="num" data-testid="total">${formatYen(lang, order.subtotal + fee)}</td></tr>
</tbody></table>`
}

/** The shopper message of an error, in a red box. */
export function shopperError(lang: Lang, error: OrderError | null | undefined, extra?: string): RawHtml {
  if (!error) return html``
  return html`<div class="alert error" role="alert" data-testid="error">${error.shopper[lang]}${extra ? html`<br>${extra}` : ''}</div>`
}

/** The merchant message and remedy of an error (admin pages only). */
export function merchantError(lang: Lang, error: OrderError | null | undefined): RawHtml {
  if (!error) return html``
  return html`<div class="alert error" role="alert" data-testid="merchant-error"><strong>${t(lang, 'lastError')}${error.codes.length ? ` (${error.codes.join(' | ')})` : ''}</strong><br>
${error.merchant[lang]}${error.remedy ? html`<br><strong>${t(lang, 'remedy')}:</strong> ${error.remedy[lang]}` : ''}</div>`
}
