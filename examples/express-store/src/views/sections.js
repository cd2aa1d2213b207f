/**
 * The shop's parts of escott-express's pages (the router's `sections`): the consumption tax by rate under every
 * summary, the final-confirmation block above the order buttons (what the 2022 特定商取引法 amendment asks the
 * 最終確認画面 to show besides the lines and the payment), the order page's mail and receipt notes, and the admin
 * order page's delivery, memo and shipping block.
 */
import { formatTokyo, formatYen } from 'escott-express'
import { tr } from '../shop/i18n.js'
import { deliveryTimeLabel } from '../shop/settings.js'
import { isReduced, taxByRate } from '../shop/tax.js'
import { csrfField } from './admin.js'
import { esc } from './html.js'

/** 消費税の内訳: one line per rate, plus the reduced-rate mark's meaning. */
export function taxSummary(order, lang, amount) {
  const rows = taxByRate(order, amount)
  const reduced = order.items.some((i) => isReduced(i))
  return `<div class="tax" data-testid="tax-breakdown"><p><strong>${tr(lang, 'taxBreakdown')}</strong></p>${rows
    .map((r) => `<p data-testid="tax-${r.rate}">${esc(tr(lang, 'taxLine', { rate: r.rate, total: formatYen(lang, r.total), tax: formatYen(lang, r.tax) }))}</p>`)
    .join('')}${reduced ? `<p>${tr(lang, 'reducedMark')}</p>` : ''}</div>`
}

/** Above the order buttons: delivery, delivery time, shipping date, cancellation and returns, links to the legal pages. */
export function finalConfirmation(settings, order, details, lang) {
  const c = order.contact
  const link = (href, key) => `<a href="${href}" target="_blank" rel="noopener">${tr(lang, key)}</a>`
  return `<h2>${tr(lang, 'finalTitle')}</h2><table class="pairs" data-testid="final-terms"><tbody>
<tr><th>${tr(lang, 'delivery')}</th><td data-testid="final-address">〒${esc(c.postalCode ?? '')} ${esc(c.address ?? '')}<br>${esc(c.name ?? '')}${tr(lang, 'honorific')} ${esc(c.phone ?? '')}</td></tr>
<tr><th>${tr(lang, 'deliveryTime')}</th><td data-testid="final-delivery-time">${esc(deliveryTimeLabel(settings, details?.deliveryTime, lang))}</td></tr>
<tr><th>${tr(lang, 'paymentTiming')}</th><td data-testid="final-payment-timing">${esc(settings.paymentTiming[lang])}</td></tr>
<tr><th>${tr(lang, 'shipsWithin')}</th><td>${esc(settings.shipsWithin[lang])}</td></tr>
<tr><th>${tr(lang, 'cancellation')}</th><td data-testid="final-cancellation">${esc(settings.cancellation[lang])}</td></tr>
<tr><th>${tr(lang, 'returns')}</th><td data-testid="final-returns">${esc(settings.returns[lang])}</td></tr>
</tbody></table><p class="hint">${tr(lang, 'agreeNote', { tokushoho: link('/legal/tokushoho', 'legalTokushoho'), privacy: link('/legal/privacy', 'legalPrivacy') })}</p>`
}

/** Below the status of the order page: the mail that was sent, the receipt, back to my page. */
export function orderSection(order, lang, mailOn) {
  const parts = []
  if (mailOn && order.email && ['authorized', 'captured', 'unpaid', 'paid'].includes(order.status)) parts.push(`<p data-testid="mail-sent">${esc(tr(lang, 'mailSent', { email: order.email }))}</p>`)
  if (['authorized', 'captured', 'paid'].includes(order.status))
    parts.push(`<p><a class="button secondary small" href="/orders/${esc(order.id)}/receipt" data-testid="receipt-link">${tr(lang, 'receipt')}</a></p>`)
  return parts.join('')
}

/** The admin order page's shop block: delivery time, the shopper's note, shipped (mails the shopper) and the memo. */
export function adminSection(order, details, lang, settings, csrf) {
  if (!details) return ''
  const id = esc(order.id)
  return `<section class="card" data-testid="shop-section"><h2>${tr(lang, 'shopSection')}</h2><table class="pairs"><tbody>
<tr><th>${tr(lang, 'deliveryTime')}</th><td>${esc(deliveryTimeLabel(settings, details.deliveryTime, lang))}</td></tr>
<tr><th>${tr(lang, 'note')}</th><td>${esc(details.note || '-')}</td></tr>
<tr><th>${tr(lang, 'shippedAt')}</th><td data-testid="shipped-at">${details.shippedAt ? esc(formatTokyo(details.shippedAt)) : tr(lang, 'notShipped')}</td></tr></tbody></table>
<form method="post" action="/admin/orders/${id}/shipped" data-confirm="${esc(tr(lang, details.shippedAt ? 'markUnshipped' : 'confirmShipped'))}">${csrfField(csrf)}<input type="hidden" name="shipped" value="${details.shippedAt ? '0' : '1'}">
<button type="submit" class="small ${details.shippedAt ? 'secondary' : ''}" data-testid="toggle-shipped">${tr(lang, details.shippedAt ? 'markUnshipped' : 'markShipped')}</button></form>
<form method="post" action="/admin/orders/${id}/memo">${csrfField(csrf)}<label for="memo">${tr(lang, 'memo')}</label><textarea id="memo" name="memo" maxlength="2000" data-testid="memo">${esc(details.memo)}</textarea>
<p><button type="submit" class="small secondary" data-testid="save-memo">${tr(lang, 'saveMemo')}</button></p></form></section>`
}
