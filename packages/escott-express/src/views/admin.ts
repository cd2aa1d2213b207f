/** Admin pages: the order list and one order with its journal. Buttons follow escott-core's allowed operations. */
import { html, type RawHtml } from '../html.js'
import { formatTokyo, formatYen, statusLabel, t, type Lang, type MessageKey } from '../i18n.js'
import type { JournalEntry, Order } from '../types.js'
import { merchantError, orderSummary } from './common.js'

/** Admin operation as used in URLs. */
export type AdminOperation = 'capture' | 'cancel' | 'changeAmount' | 'reauthorize'

const OP_PATH: Record<AdminOperation, string> = {
  capture: 'capture',
  cancel: 'cancel',
  changeAmount: 'change-amount',
  reauthorize: 'reauthorize',
}

export interface AdminListView {
  lang: Lang
  base: string
  orders: { order: Order; operations: AdminOperation[] }[]
  notice?: string | undefined
}

function opForms(lang: Lang, base: string, order: Order, operations: AdminOperation[]): RawHtml {
  const id = encodeURIComponent(order.id)
  return html`<div class="ops">${operations.map((op) => {
    const needsAmount = op === 'changeAmount' || op === 'reauthorize'
    return html`<form method="post" action="${base}/admin/orders/${id}/${OP_PATH[op]}">${
      needsAmount
        ? html`<input type="number" name="amount" min="1" step="1" value="${order.amount}" aria-label="${t(lang, 'newAmount')}" data-testid="amount-${op}-${order.merchantFree1}">`
        : ''
    }<button type="submit" class="small ${op === 'cancel' ? 'danger' : ''}" data-testid="op-${op}-${order.merchantFree1}"${
      op === 'cancel' ? html` onclick="return confirm(${JSON.stringify(lang === 'ja' ? '取り消しますか？' : 'Cancel this payment?')})"` : ''
    }>${t(lang, op as MessageKey)}</button></form>`
  })}</div>`
}

export function renderAdminList(v: AdminListView): string {
  const { lang, base } = v
  return html`<h1>${t(lang, 'adminOrdersTitle')}</h1>
${v.notice ? html`<div class="alert ok" data-testid="notice">${v.notice}</div>` : ''}
<section class="card">
${v.orders.length === 0
    ? html`<p class="muted">${t(lang, 'adminNoOrders')}</p>`
    : html`<table data-testid="orders"><thead><tr><th>${t(lang, 'orderDate')}</th><th>${t(lang, 'orderNumber')}</th><th>${t(lang, 'method')}</th><th class="num">${t(lang, 'amount')}</th><th>${t(lang, 'status')}</th><th>${t(lang, 'operations')}</th></tr></thead>
<tbody>${v.orders.map(
        ({ order, operations }) => html`<tr data-testid="order-${order.merchantFree1}">
<td>${formatTokyo(order.createdAt)}</td>
<td><a class="mono" href="${base}/admin/orders/${encodeURIComponent(order.id)}">${order.merchantFree1}</a></td>
<td>${order.method === 'card' ? t(lang, 'methodCard') : order.method === 'cvs' ? (lang === 'ja' ? 'コンビニ等' : 'Konbini') : '-'}</td>
<td class="num">${formatYen(lang, order.amount)}</td>
<td><span class="badge ${order.status}" data-testid="status-${order.merchantFree1}">${statusLabel(lang, order.status)}</span></td>
<td>${opForms(lang, base, order, operations)}</td></tr>`,
      )}</tbody></table>`}
</section>`.value
}

export interface AdminOrderView {
  lang: Lang
  base: string
  order: Order
  operations: AdminOperation[]
  journal: JournalEntry[]
  notice?: string | undefined
  /** A failure of the operation just attempted (merchant message and remedy). */
  error?: Order['lastError']
}

export function renderAdminOrder(v: AdminOrderView): string {
  const { lang, base, order } = v
  const p = order.payment
  const rows: [string, unknown][] = [
    [t(lang, 'linkKey'), order.merchantFree1],
    [t(lang, 'customer'), order.customerId ?? '-'],
    [t(lang, 'method'), order.method ?? '-'],
    [t(lang, 'processId'), p.processId ?? '-'],
    [t(lang, 'approveNo'), p.approveNo ?? '-'],
    [t(lang, 'installments'), p.payType ?? '-'],
    ['Card', p.maskedCard ? `${p.maskedCard} ${p.brand ?? ''}${p.member ? ' (stored card)' : ''}${p.threeDSecure ? ' 3DS' : ''}` : '-'],
    [t(lang, 'paymentNumber'), p.kessaiNumber ?? '-'],
    [t(lang, 'payLimit'), formatTokyo(p.payLimit) || '-'],
    ['Authorized', formatTokyo(p.authorizedAt) || '-'],
    ['Captured', formatTokyo(p.capturedAt) || '-'],
    ['Paid', formatTokyo(p.paidAt) || '-'],
  ]
  return html`<p><a href="${base}/admin">← ${t(lang, 'adminOrdersTitle')}</a></p>
<h1>${t(lang, 'adminOrderTitle')} <span class="mono">${order.merchantFree1}</span> <span class="badge ${order.status}" data-testid="status">${statusLabel(lang, order.status)}</span></h1>
${v.notice ? html`<div class="alert ok" data-testid="notice">${v.notice}</div>` : ''}
${merchantError(lang, v.error ?? order.lastError)}
${order.status === 'needs_reconciliation' ? html`<div class="alert error">${t(lang, 'recoveryNeeded')}</div>` : ''}
<section class="card"><table><tbody>${rows.map(([k, val]) => html`<tr><th>${k}</th><td class="mono">${val}</td></tr>`)}</tbody></table>
<h2>${t(lang, 'operations')}</h2>${v.operations.length ? opForms(lang, base, order, v.operations) : html`<p class="muted">-</p>`}</section>
<section class="card">${orderSummary(lang, order)}</section>
<section class="card"><h2>${t(lang, 'journal')}</h2>
<table data-testid="journal"><thead><tr><th>${t(lang, 'orderDate')}</th><th>Operation</th><th class="num">${t(lang, 'amount')}</th><th>Result</th><th>Detail</th></tr></thead>
<tbody>${v.journal.map(
    (j) => html`<tr><td>${formatTokyo(j.createdAt)}</td><td class="mono">${j.operation}</td><td class="num">${j.amount === null ? '' : formatYen(lang, j.amount)}</td>
<td>${j.outcome}${j.resolution ? ` (${j.resolution})` : ''}</td><td class="mono">${journalDetail(j)}</td></tr>`,
  )}</tbody></table></section>`.value
}

/** Safe one-line summary of a journal result (never the ProcessPass). */
function journalDetail(j: JournalEntry): string {
  const r = (j.result ?? {}) as Record<string, unknown>
  const payment = (r.payment ?? {}) as Record<string, unknown>
  const parts: string[] = []
  const processId = payment.processId ?? r.processId
  if (processId) parts.push(`ProcessId ${String(processId)}`)
  if (Array.isArray(r.codes) && r.codes.length) parts.push(r.codes.join('|'))
  if (r.reason) parts.push(String(r.reason))
  if (r.via) parts.push(`via ${String(r.via)}`)
  if (r.status) parts.push(String(r.status))
  return parts.join(' · ')
}
