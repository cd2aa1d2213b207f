/** Admin pages: the order list and one order with its journal. Buttons follow escott-core's allowed operations. */
import { html, type RawHtml } from '../html.js'
import { displayStatus, formatTokyo, formatYen, statusLabel, t, tokyoDateInput, type Lang, type MessageKey } from '../i18n.js'
import type { JournalEntry, Order } from '../types.js'
import { merchantError, orderSummary } from './common.js'
import { CSRF_FIELD } from '../security/csrf.js'

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
  /** The CSRF token every state-changing form carries (security/csrf.ts). */
  csrf: string
  orders: { order: Order; operations: AdminOperation[] }[]
  notice?: string | undefined
  /** The moment expiry is judged at (default now). */
  now?: Date
}

const confirmCancel = (lang: Lang) => html` onclick="return confirm(${JSON.stringify(lang === 'ja' ? '取り消しますか？' : 'Cancel this payment?')})"`

/**
 * The operation buttons: the one-click ones (capture, cancel) side by side, then the amount operations sharing one
 * narrow amount field (card: change amount / re-authorize; convenience store: amount and deadline, once).
 */
function opForms(lang: Lang, base: string, order: Order, operations: AdminOperation[], csrf: string): RawHtml {
  const id = encodeURIComponent(order.id)
  const token = html`<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">`
  const key = order.merchantFree1
  const action = (op: AdminOperation) => `${base}/admin/orders/${id}/${OP_PATH[op]}`
  const simple = operations.filter((op) => op === 'capture' || op === 'cancel')
  const withAmount = operations.filter((op) => op === 'changeAmount' || op === 'reauthorize')
  const isCvs = order.method === 'cvs'
  const amountField = html`<input type="number" name="amount" min="1" step="1" value="${order.amount}" aria-label="${t(lang, 'newAmount')}" title="${t(lang, 'newAmount')}" data-testid="amount-${key}">`
  return html`<div class="ops">${simple.map(
    (op) =>
      html`<form method="post" action="${action(op)}">${token}<button type="submit" class="small ${op === 'cancel' ? 'danger' : ''}" data-testid="op-${op}-${key}"${
        op === 'cancel' ? confirmCancel(lang) : ''
      }>${t(lang, op as MessageKey)}</button></form>`,
  )}${
    withAmount.length === 0
      ? ''
      : isCvs
        ? html`<form method="post" action="${base}/admin/orders/${id}/change" class="amount-ops">${token}${amountField}<input type="date" name="payLimit" value="${tokyoDateInput(order.payment.payLimit)}" aria-label="${t(lang, 'newPayLimit')}" title="${t(lang, 'newPayLimit')}" data-testid="pay-limit-${key}"><button type="submit" class="small secondary" data-testid="op-changeAmount-${key}" title="${t(lang, 'cvsChangeOnce')}">${t(lang, 'changeCvs')}</button></form>`
        : html`<form method="post" action="${action(withAmount[0]!)}" class="amount-ops">${token}${amountField}${withAmount.map(
            (op) => html`<button type="submit" class="small secondary" formaction="${action(op)}" data-testid="op-${op}-${key}">${t(lang, op as MessageKey)}</button>`,
          )}</form>`
  }</div>`
}

function methodLabel(lang: Lang, order: Order): string {
  return order.method === 'card' ? t(lang, 'methodCardShort') : order.method === 'cvs' ? t(lang, 'methodCvsShort') : '-'
}

/** Status badge; an unpaid convenience-store payment past its deadline shows as expired. */
function statusBadge(lang: Lang, order: Order, testid: string, now: Date): RawHtml {
  const shown = displayStatus(order, now)
  return html`<span class="badge ${shown}" data-testid="${testid}">${statusLabel(lang, shown)}</span>`
}

export function renderAdminList(v: AdminListView): string {
  const { lang, base } = v
  const now = v.now ?? new Date()
  return html`<h1>${t(lang, 'adminOrdersTitle')}</h1>
${v.notice ? html`<div class="alert ok" data-testid="notice">${v.notice}</div>` : ''}
<section class="card wide">
${v.orders.length === 0
    ? html`<p class="muted">${t(lang, 'adminNoOrders')}</p>`
    : html`<table class="orders" data-testid="orders"><thead><tr><th>${t(lang, 'orderDate')}</th><th>${t(lang, 'orderNumber')}</th><th>${t(lang, 'method')}</th><th class="num">${t(lang, 'amount')}</th><th>${t(lang, 'status')}</th><th>${t(lang, 'operations')}</th></tr></thead>
<tbody>${v.orders.map(
        ({ order, operations }) => html`<tr data-testid="order-${order.merchantFree1}">
<td class="nowrap">${formatTokyo(order.createdAt)}</td>
<td class="nowrap"><a class="mono" href="${base}/admin/orders/${encodeURIComponent(order.id)}">${order.merchantFree1}</a></td>
<td class="nowrap">${methodLabel(lang, order)}</td>
<td class="num">${formatYen(lang, order.amount)}</td>
<td class="nowrap">${statusBadge(lang, order, `status-${order.merchantFree1}`, now)}</td>
<td>${opForms(lang, base, order, operations, v.csrf)}</td></tr>`,
      )}</tbody></table>`}
</section>`.value
}

export interface AdminOrderView {
  lang: Lang
  base: string
  /** The CSRF token every state-changing form carries (security/csrf.ts). */
  csrf: string
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
    [t(lang, 'method'), methodLabel(lang, order)],
    [t(lang, 'processId'), p.processId ?? '-'],
    [t(lang, 'approveNo'), p.approveNo ?? '-'],
    [t(lang, 'installments'), p.payType ?? '-'],
    [t(lang, 'card'), p.maskedCard ? `${p.maskedCard} ${p.brand ?? ''}${p.member ? ` (${t(lang, 'storedCard')})` : ''}${p.threeDSecure ? ' 3DS' : ''}` : '-'],
    [t(lang, 'paymentNumber'), p.kessaiNumber ?? '-'],
    [t(lang, 'payLimit'), formatTokyo(p.payLimit) || '-'],
    [t(lang, 'authorizedAt'), formatTokyo(p.authorizedAt) || '-'],
    [t(lang, 'capturedAt'), formatTokyo(p.capturedAt) || '-'],
    [t(lang, 'paidAt'), formatTokyo(p.paidAt) || '-'],
  ]
  return html`<p><a href="${base}/admin">← ${t(lang, 'adminOrdersTitle')}</a></p>
<h1>${t(lang, 'adminOrderTitle')} <span class="mono">${order.merchantFree1}</span> ${statusBadge(lang, order, 'status', new Date())}</h1>
${v.notice ? html`<div class="alert ok" data-testid="notice">${v.notice}</div>` : ''}
${merchantError(lang, v.error ?? order.lastError)}
${order.status === 'needs_reconciliation' ? html`<div class="alert error">${t(lang, 'recoveryNeeded')}</div>` : ''}
<section class="card"><table><tbody>${rows.map(([k, val]) => html`<tr><th>${k}</th><td class="mono">${val}</td></tr>`)}</tbody></table>
<h2>${t(lang, 'operations')}</h2>${v.operations.length ? opForms(lang, base, order, v.operations, v.csrf) : html`<p class="muted">-</p>`}
${order.method === 'cvs' && v.operations.includes('changeAmount') ? html`<p class="hint">${t(lang, 'cvsChangeOnce')}</p>` : ''}</section>
<section class="card">${orderSummary(lang, order)}</section>
<section class="card"><h2>${t(lang, 'journal')}</h2>
<table data-testid="journal"><thead class="nowrap"><tr><th>${t(lang, 'journalAt')}</th><th>${t(lang, 'journalOperation')}</th><th class="num">${t(lang, 'amount')}</th><th>${t(lang, 'journalResult')}</th><th>${t(lang, 'journalDetail')}</th></tr></thead>
<tbody>${v.journal.map(
    (j) => html`<tr><td class="nowrap">${formatTokyo(j.createdAt)}</td><td class="mono">${j.operation}</td><td class="num">${j.amount === null ? '' : formatYen(lang, j.amount)}</td>
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
