/**
 * 受注データ出力: the orders as CSV, one line per order, in the columns a Welcart 受注リスト export has (date, number,
 * status, payment, customer and delivery, items, amounts, gateway references). UTF-8 with a byte-order mark and CRLF
 * line ends, so Excel opens it with the Japanese intact; fields are quoted when needed, and a leading = + - @ is
 * neutralised so a cell is never read as a formula.
 */
import { displayStatus, formatTokyo, payTypeLabel, statusLabel, t, type Lang } from '../i18n.js'
import type { Order } from '../types.js'
import { itemName, payableAmount } from './common.js'

const BOM = '\uFEFF'

/** One CSV cell. */
export function csvCell(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function ordersCsv(lang: Lang, orders: readonly Order[], now: Date = new Date()): string {
  const header = [
    t(lang, 'orderDate'),
    t(lang, 'orderNumber'),
    t(lang, 'status'),
    t(lang, 'method'),
    t(lang, 'total'),
    t(lang, 'subtotal'),
    t(lang, 'cvsFee'),
    t(lang, 'customerName'),
    t(lang, 'customerKana'),
    t(lang, 'email'),
    t(lang, 'phone'),
    t(lang, 'postalCode'),
    t(lang, 'address'),
    t(lang, 'orderSummary'),
    t(lang, 'installments'),
    t(lang, 'approveNo'),
    t(lang, 'paymentNumber'),
    t(lang, 'payLimit'),
    t(lang, 'authorizedAt'),
    t(lang, 'capturedAt'),
    t(lang, 'paidAt'),
    t(lang, 'canceledAt'),
    t(lang, 'customer'),
  ]
  const lines = [header.map(csvCell).join(',')]
  for (const o of orders) {
    const p = o.payment
    const c = o.contact
    lines.push(
      [
        formatTokyo(o.createdAt),
        o.merchantFree1,
        statusLabel(lang, displayStatus(o, now)),
        o.method === 'card' ? t(lang, 'methodCardShort') : o.method === 'cvs' ? t(lang, 'methodCvsShort') : '',
        payableAmount(o),
        o.subtotal,
        o.fee,
        c.name,
        c.kana,
        o.email,
        c.phone,
        c.postalCode,
        c.address,
        o.items.map((i) => `${itemName(lang, i)} ×${i.quantity}`).join(' / '),
        p.payType ? payTypeLabel(lang, p.payType) : '',
        p.approveNo,
        p.kessaiNumber,
        formatTokyo(p.payLimit),
        formatTokyo(p.authorizedAt),
        formatTokyo(p.capturedAt),
        formatTokyo(p.paidAt),
        formatTokyo(p.canceledAt),
        o.customerId,
      ]
        .map(csvCell)
        .join(','),
    )
  }
  return BOM + lines.join('\r\n') + '\r\n'
}
