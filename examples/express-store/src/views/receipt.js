/**
 * 領収書: printable, with what a qualified invoice (適格請求書) states — the issuer and its registration number, the
 * date, the lines with the reduced-rate mark, and per rate the total and the consumption tax it contains.
 */
import { formatTokyo, formatYen } from 'escott-express'
import { tr } from '../shop/i18n.js'
import { isReduced, reducedMark, taxByRate } from '../shop/tax.js'
import { esc } from './html.js'

export function receiptPage(lang, order, settings, issuedAt = new Date()) {
  const amount = order.amount
  const rows = taxByRate(order, amount)
  const en = lang === 'en'
  const paidAt = order.payment.paidAt ?? order.payment.authorizedAt
  return `<div class="receipt" data-testid="receipt"><h1>${en ? 'RECEIPT' : '領収書'}</h1>
<p><strong data-testid="receipt-name">${esc(order.contact.name ?? '')} ${tr(lang, 'receiptFor')}</strong></p>
<p class="amount" data-testid="receipt-amount">${formatYen(lang, amount)}${en ? '' : '（税込）'}</p>
<p>${tr(lang, 'receiptNote')}</p>
<table class="pairs"><tbody>
<tr><th>${tr(lang, 'orderNumber')}</th><td class="mono">${esc(order.merchantFree1)}</td></tr>
<tr><th>${en ? 'Paid' : 'お支払日'}</th><td>${esc(formatTokyo(paidAt).slice(0, 10))}</td></tr>
<tr><th>${tr(lang, 'receiptIssued')}</th><td>${esc(formatTokyo(issuedAt).slice(0, 10))}</td></tr></tbody></table>
<h2>${en ? 'Details' : '内訳'}</h2><table><thead><tr><th>${tr(lang, 'item')}</th><th class="num">${tr(lang, 'unitPrice')}</th><th class="num">${tr(lang, 'quantity')}</th><th class="num">${tr(lang, 'amount')}</th></tr></thead><tbody>
${order.items.map((i) => `<tr><td>${esc(en && i.nameEn ? i.nameEn : i.name)}${reducedMark(i, lang)}</td><td class="num">${formatYen(lang, i.unitPrice)}</td><td class="num">${i.quantity}</td><td class="num">${formatYen(lang, i.unitPrice * i.quantity)}</td></tr>`).join('')}
${order.fee ? `<tr><td colspan="3">${en ? 'Convenience-store fee' : 'コンビニ決済手数料'}</td><td class="num">${formatYen(lang, order.fee)}</td></tr>` : ''}
${amount !== order.subtotal + order.fee ? `<tr><td colspan="3">${en ? 'Amount changed' : 'ご請求額の変更'}</td><td class="num">${formatYen(lang, amount - order.subtotal - order.fee)}</td></tr>` : ''}
<tr class="total"><td colspan="3">${en ? 'Total' : '合計'}</td><td class="num">${formatYen(lang, amount)}</td></tr></tbody></table>
<table data-testid="receipt-tax"><tbody>${rows.map((r) => `<tr data-testid="receipt-tax-${r.rate}"><td>${r.rate}%${en ? ' items' : '対象'}</td><td class="num">${formatYen(lang, r.total)}</td><td class="num">${en ? 'incl. tax' : '内消費税'} ${formatYen(lang, r.tax)}</td></tr>`).join('')}</tbody></table>
${order.items.some((i) => isReduced(i)) ? `<p class="hint">${tr(lang, 'reducedMark')}</p>` : ''}
<hr><p><strong>${esc(en ? settings.nameEn : settings.name)}</strong>（${esc(settings.company)}）<br>〒${esc(settings.postalCode)} ${esc(settings.address)}<br>TEL ${esc(settings.phone)}<br>${tr(lang, 'receiptNumber')}: <span data-testid="invoice-number">${esc(settings.invoiceNumber)}</span></p>
</div><p class="noprint" style="text-align:center"><button type="button" onclick="window.print()" data-testid="print">${tr(lang, 'printReceipt')}</button></p>`
}
