/** Fragments shared by several pages. */
import { html, raw, type RawHtml } from '../html.js'
import { formatYen, t, type Lang } from '../i18n.js'
import type { Order, OrderError, OrderItem } from '../types.js'

/** The name of a line in the page's language. */
export function itemName(lang: Lang, item: OrderItem): string {
  return lang === 'en' && item.nameEn ? item.nameEn : item.name
}

/** What a summary shows: the fee it adds, the total it ends with, the shop's extra block below it. */
export interface SummaryOptions {
  /** Convenience-store fee (default the order's). */
  fee?: number
  /**
   * The one amount payable (default: the order's `amount` once a payment is recorded, else subtotal + fee). When it
   * differs from subtotal + fee (利用額変更, 再オーソリ, CVS change), a line shows the difference.
   */
  amount?: number
  /** The shop's block below the table (e.g. consumption tax by rate). */
  extra?: (order: Order, lang: Lang, amount: number, fee: number) => string
  /** Prefix of the data-testid attributes (default none). */
  testid?: string
  /** A short mark after a line's name (e.g. ※ for the reduced tax rate), plain text. */
  itemNote?: (item: OrderItem, lang: Lang) => string
  /**
   * The last row's label: `total` (お支払い金額, default) where the summary is the amount to pay, `orderTotal`
   * (合計（税込）) on pages whose payment block already states お支払い金額 — one お支払い金額 per page.
   */
  totalKey?: 'total' | 'orderTotal'
}

/** The amount an order's pages show: what the gateway holds once a payment is recorded, else what will be asked. */
export function payableAmount(order: Order, fee = order.fee): number {
  return order.method !== null && order.status !== 'pending' ? order.amount : order.subtotal + fee
}

/** The order lines with subtotal, fee, any amount change and the one total. */
export function orderSummary(lang: Lang, order: Order, o: SummaryOptions = {}): RawHtml {
  const fee = o.fee ?? order.fee
  const amount = o.amount ?? payableAmount(order, fee)
  const change = amount - (order.subtotal + fee)
  const id = (name: string) => (o.testid ? `${o.testid}-${name}` : name)
  return html`<table class="summary">
<thead><tr><th>${t(lang, 'orderSummary')}</th><th class="num">${t(lang, 'unitPrice')}</th><th class="num">${t(lang, 'quantity')}</th><th class="num">${t(lang, 'amount')}</th></tr></thead>
<tbody>${order.items.map(
    (i) =>
      html`<tr><td>${itemName(lang, i)}${o.itemNote ? o.itemNote(i, lang) : ''}</td><td class="num">${formatYen(lang, i.unitPrice)}</td><td class="num">${i.quantity}</td><td class="num">${formatYen(lang, i.unitPrice * i.quantity)}</td></tr>`,
  )}
<tr><td colspan="3">${t(lang, 'subtotal')}</td><td class="num">${formatYen(lang, order.subtotal)}</td></tr>
${fee > 0 ? html`<tr><td colspan="3">${t(lang, 'cvsFee')}</td><td class="num" data-testid="${id('cvs-fee')}">${formatYen(lang, fee)}</td></tr>` : ''}
${change !== 0 ? html`<tr><td colspan="3">${t(lang, 'amountChange')}</td><td class="num" data-testid="${id('amount-change')}">${change > 0 ? '+' : '−'}${formatYen(lang, Math.abs(change))}</td></tr>` : ''}
<tr class="total"><td colspan="3">${t(lang, o.totalKey ?? 'total')}</td><td class="num" data-testid="${id('total')}">${formatYen(lang, amount)}</td></tr>
</tbody></table>${o.extra ? raw(o.extra(order, lang, amount, fee)) : ''}`
}

/** The shopper message of an error, in a red box (one message: it already says what to do). */
export function shopperError(lang: Lang, error: OrderError | null | undefined): RawHtml {
  if (!error) return html``
  return html`<div class="alert error" role="alert" data-testid="error">${error.shopper[lang]}</div>`
}

/** The merchant message and remedy of an error (admin pages only); the remedy once, even when the message ends with it. */
export function merchantError(lang: Lang, error: OrderError | null | undefined): RawHtml {
  if (!error) return html``
  const message = error.merchant[lang]
  const remedy = error.remedy?.[lang]
  return html`<div class="alert error" role="alert" data-testid="merchant-error"><strong>${t(lang, 'lastError')}${error.codes.length ? ` (${error.codes.join(' | ')})` : ''}</strong><br>
${message}${remedy && !message.includes(remedy) ? html`<br><strong>${t(lang, 'remedy')}:</strong> ${remedy}` : ''}</div>`
}
