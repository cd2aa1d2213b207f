/**
 * Admin pages (受注管理): the order list with search, filters, paging, CSV export and bulk capture; one order with its
 * customer, payment, operations and journal; the orders that need recovery. Buttons follow escott-core's allowed
 * operations, and every state-changing button asks for confirmation (admin.js). Laid out for 1280 px and 390 px.
 */
import type { RecoveryCase } from 'escott-flows'
import { html, raw, type RawHtml } from '../html.js'
import { brandLabel, displayStatus, formatTokyo, formatYen, journalLabel, outcomeLabel, payTypeLabel, statusLabel, t, tokyoDateInput, type Lang, type MessageKey } from '../i18n.js'
import type { JournalEntry, Order, OrderStatus } from '../types.js'
import { merchantError, orderSummary, payableAmount, type SummaryOptions } from './common.js'

/** Admin operation as used in URLs. */
export type AdminOperation = 'capture' | 'cancel' | 'changeAmount' | 'reauthorize'

const OP_PATH: Record<AdminOperation, string> = {
  capture: 'capture',
  cancel: 'cancel',
  changeAmount: 'change-amount',
  reauthorize: 'reauthorize',
}
const CONFIRM: Record<AdminOperation, MessageKey> = {
  capture: 'confirmCapture',
  cancel: 'confirmCancel',
  changeAmount: 'confirmChangeAmount',
  reauthorize: 'confirmReauthorize',
}

/** The hidden fields every admin form carries (the CSRF token, when the router issues one). */
export type FormFields = RawHtml

/** The statuses the list filter offers, in the order of an order's life. */
export const LIST_STATUSES: readonly OrderStatus[] = ['authorized', 'captured', 'unpaid', 'paid', 'canceled', 'needs_reconciliation', 'processing', 'awaiting_3ds', 'pending']

/** The filter of the list, as the query string carries it. */
export interface AdminListFilter {
  q: string
  status: string
  method: string
  from: string
  to: string
  abandoned: boolean
  page: number
}

export interface AdminListView {
  lang: Lang
  base: string
  rows: { order: Order; operations: AdminOperation[]; recovery: boolean }[]
  filter: AdminListFilter
  hasNext: boolean
  /** Orders with an open recovery case. */
  recoveryCount: number
  notice?: string | undefined
  error?: string | undefined
  fields: FormFields
  /** The moment expiry is judged at (default now). */
  now?: Date
}

const confirmAttr = (lang: Lang, key: MessageKey) => html` data-confirm="${t(lang, key)}"`

/** Query string of a filter (for paging links and the CSV export). */
export function filterQuery(f: AdminListFilter, page = f.page): string {
  const q = new URLSearchParams()
  if (f.q) q.set('q', f.q)
  if (f.status) q.set('status', f.status)
  if (f.method) q.set('method', f.method)
  if (f.from) q.set('from', f.from)
  if (f.to) q.set('to', f.to)
  if (f.abandoned) q.set('abandoned', '1')
  if (page > 1) q.set('page', String(page))
  const s = q.toString()
  return s ? `?${s}` : ''
}

/**
 * The operation buttons. The one-click ones (capture, cancel) side by side; the amount operations share one amount
 * field (card: change amount / re-authorize; convenience store: amount and deadline, once) on the order page only.
 */
function opForms(lang: Lang, base: string, order: Order, operations: AdminOperation[], fields: FormFields, withAmounts: boolean, now: Date): RawHtml {
  const id = encodeURIComponent(order.id)
  const key = order.merchantFree1
  const action = (op: AdminOperation) => `${base}/admin/orders/${id}/${OP_PATH[op]}`
  const simple = operations.filter((op) => op === 'capture' || op === 'cancel')
  const withAmount = withAmounts ? operations.filter((op) => op === 'changeAmount' || op === 'reauthorize') : []
  const isCvs = order.method === 'cvs'
  const amountField = html`<input type="number" name="amount" min="1" max="${isCvs ? 299999 : 9999999}" step="1" value="${payableAmount(order)}" aria-label="${t(lang, 'newAmount')}" title="${t(lang, 'newAmount')}" data-testid="amount-${key}">`
  const tomorrow = tokyoDateInput(new Date(now.getTime() + 86_400_000))
  const latest = tokyoDateInput(new Date(now.getTime() + 60 * 86_400_000))
  return html`<div class="ops">${simple.map(
    (op) =>
      html`<form method="post" action="${action(op)}">${fields}<button type="submit" class="small ${op === 'cancel' ? 'danger' : ''}" data-testid="op-${op}-${key}"${confirmAttr(lang, CONFIRM[op])}>${t(lang, op as MessageKey)}</button></form>`,
  )}${
    withAmount.length === 0
      ? ''
      : isCvs
        ? html`<form method="post" action="${base}/admin/orders/${id}/change" class="amount-ops">${fields}<label class="inline">${t(lang, 'newAmount')} ${amountField}</label><label class="inline">${t(lang, 'newPayLimit')} <input type="date" name="payLimit" min="${tomorrow}" max="${latest}" value="${tokyoDateInput(order.payment.payLimit)}" data-testid="pay-limit-${key}"></label><button type="submit" class="small secondary" data-testid="op-changeAmount-${key}" title="${t(lang, 'cvsChangeOnce')}"${confirmAttr(lang, 'confirmCvsChange')}>${t(lang, 'changeCvs')}</button></form>`
        : html`<form method="post" action="${action(withAmount[0]!)}" class="amount-ops">${fields}<label class="inline">${t(lang, 'newAmount')} ${amountField}</label>${withAmount.map(
            (op) => html`<button type="submit" class="small secondary" formaction="${action(op)}" data-testid="op-${op}-${key}"${confirmAttr(lang, CONFIRM[op])}>${t(lang, op as MessageKey)}</button>`,
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

const recoveryBadge = (lang: Lang, key: string) => html` <span class="badge needs_reconciliation" data-testid="recovery-${key}">${t(lang, 'recoveryBadge')}</span>`

function filterForm(v: AdminListView): RawHtml {
  const { lang, base, filter: f } = v
  return html`<form method="get" action="${base}/admin" class="filters" data-testid="filters">
<input type="search" name="q" value="${f.q}" placeholder="${t(lang, 'searchPlaceholder')}" aria-label="${t(lang, 'search')}" data-testid="search">
<select name="status" aria-label="${t(lang, 'status')}" data-testid="filter-status"><option value="">${t(lang, 'allStatuses')}</option>${[...LIST_STATUSES, 'expired'].map(
    (s) => html`<option value="${s}" ${f.status === s ? 'selected' : ''}>${statusLabel(lang, s)}</option>`,
  )}</select>
<select name="method" aria-label="${t(lang, 'method')}" data-testid="filter-method"><option value="">${t(lang, 'allMethods')}</option><option value="card" ${f.method === 'card' ? 'selected' : ''}>${t(lang, 'methodCardShort')}</option><option value="cvs" ${f.method === 'cvs' ? 'selected' : ''}>${t(lang, 'methodCvsShort')}</option></select>
<label class="inline">${t(lang, 'dateFrom')} <input type="date" name="from" value="${f.from}" data-testid="filter-from"></label>
<label class="inline">${t(lang, 'dateTo')} <input type="date" name="to" value="${f.to}" data-testid="filter-to"></label>
<label class="inline check"><input type="checkbox" name="abandoned" value="1" ${f.abandoned ? 'checked' : ''} data-testid="filter-abandoned"> ${t(lang, 'showAbandoned')}</label>
<button type="submit" class="small" data-testid="search-submit">${t(lang, 'search')}</button>
<a class="button small secondary" href="${base}/admin/orders.csv${filterQuery(f, 1)}" data-testid="export-csv">${t(lang, 'exportCsv')}</a>
</form>`
}

export function renderAdminList(v: AdminListView): string {
  const { lang, base, filter: f } = v
  const now = v.now ?? new Date()
  const capturable = v.rows.some((r) => r.operations.includes('capture'))
  return html`<h1>${t(lang, 'adminOrdersTitle')}</h1>
${v.notice ? html`<div class="alert ok" data-testid="notice">${v.notice}</div>` : ''}
${v.error ? html`<div class="alert error" role="alert" data-testid="admin-error">${v.error}</div>` : ''}
${v.recoveryCount > 0 ? html`<div class="alert error" data-testid="recovery-alert"><a href="${base}/admin/recovery">${t(lang, 'recoveryTitle')}: ${v.recoveryCount} ${t(lang, 'recoveryCount')}</a></div>` : ''}
<section class="card wide">${filterForm(v)}
${!f.abandoned && !f.status ? html`<p class="hint" data-testid="abandoned-hidden">${t(lang, 'abandonedHidden')}</p>` : ''}
${
  v.rows.length === 0
    ? html`<p class="muted" data-testid="no-orders">${f.q || f.status || f.method || f.from || f.to ? t(lang, 'noMatch') : t(lang, 'adminNoOrders')}</p>`
    : html`<form id="bulk-capture" method="post" action="${base}/admin/capture" data-confirm="${t(lang, 'confirmBulkCapture')}">${v.fields}<input type="hidden" name="return" value="${filterQuery(f)}"></form>
<div class="table-wrap"><table class="orders" data-testid="orders"><thead><tr><th></th><th>${t(lang, 'orderDate')}</th><th>${t(lang, 'orderNumber')}</th><th>${t(lang, 'customerName')}</th><th>${t(lang, 'method')}</th><th class="num">${t(lang, 'amount')}</th><th>${t(lang, 'status')}</th><th>${t(lang, 'operations')}</th></tr></thead>
<tbody>${v.rows.map(
        ({ order, operations, recovery }) => html`<tr data-testid="order-${order.merchantFree1}">
<td class="pick">${operations.includes('capture') ? html`<input type="checkbox" name="orderId" value="${order.id}" form="bulk-capture" aria-label="${t(lang, 'capture')}" data-testid="pick-${order.merchantFree1}">` : ''}</td>
<td class="nowrap" data-label="${t(lang, 'orderDate')}">${formatTokyo(order.createdAt)}</td>
<td class="nowrap" data-label="${t(lang, 'orderNumber')}"><a class="mono" href="${base}/admin/orders/${encodeURIComponent(order.id)}">${order.merchantFree1}</a></td>
<td data-label="${t(lang, 'customerName')}">${order.contact.name ?? order.email ?? ''}</td>
<td class="nowrap" data-label="${t(lang, 'method')}">${methodLabel(lang, order)}</td>
<td class="num" data-label="${t(lang, 'amount')}">${formatYen(lang, payableAmount(order))}</td>
<td class="nowrap" data-label="${t(lang, 'status')}">${statusBadge(lang, order, `status-${order.merchantFree1}`, now)}${recovery ? recoveryBadge(lang, order.merchantFree1) : ''}</td>
<td>${recovery ? html`<a href="${base}/admin/recovery" class="small">${t(lang, 'recoveryTitle')}</a>` : opForms(lang, base, order, operations, v.fields, false, now)}</td></tr>`,
      )}</tbody></table></div>
${capturable ? html`<p><button type="submit" form="bulk-capture" class="small" data-testid="bulk-capture">${t(lang, 'bulkCapture')}</button></p>` : ''}`
}
<nav class="pager" data-testid="pager">${f.page > 1 ? html`<a href="${base}/admin${filterQuery(f, f.page - 1)}" data-testid="page-prev">← ${t(lang, 'previousPage')}</a>` : ''}
<span>${t(lang, 'page')} ${f.page}</span>${v.hasNext ? html`<a href="${base}/admin${filterQuery(f, f.page + 1)}" data-testid="page-next">${t(lang, 'nextPage')} →</a>` : ''}</nav>
</section>
<script src="${base}/admin/admin.js"></script>`.value
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
  /** Open recovery cases of this order. */
  recovery: RecoveryCase[]
  fields: FormFields
  /** The shop's own block (delivery, memo, shipping), already-escaped HTML. */
  section?: string | undefined
  summaryExtra?: SummaryOptions['extra']
  summaryItemNote?: SummaryOptions['itemNote']
  now?: Date
}

export function renderAdminOrder(v: AdminOrderView): string {
  const { lang, base, order } = v
  const now = v.now ?? new Date()
  const p = order.payment
  const c = order.contact
  const isCvs = order.method === 'cvs'
  const customer: [string, unknown][] = [
    [t(lang, 'customerName'), c.name ?? '-'],
    [t(lang, 'customerKana'), c.kana ?? '-'],
    [t(lang, 'email'), order.email ?? '-'],
    [t(lang, 'phone'), c.phone ?? '-'],
    [t(lang, 'postalCode'), c.postalCode ?? '-'],
    [t(lang, 'address'), c.address ?? '-'],
    [t(lang, 'customer'), order.customerId ?? t(lang, 'guest')],
  ]
  const payment: [string, unknown][] = [
    [t(lang, 'method'), methodLabel(lang, order)],
    [t(lang, 'total'), formatYen(lang, payableAmount(order))],
    ...(isCvs
      ? ([
          [t(lang, 'paymentNumber'), p.kessaiNumber ?? '-'],
          [t(lang, 'payLimit'), formatTokyo(p.payLimit) || '-'],
          [t(lang, 'registeredAt'), formatTokyo(p.authorizedAt) || '-'],
          [t(lang, 'paidAt'), formatTokyo(p.paidAt) || '-'],
          [t(lang, 'cvsStore'), p.cvsName ?? p.cvsCd ?? '-'],
        ] as [string, unknown][])
      : ([
          [t(lang, 'card'), p.maskedCard ? `${p.maskedCard} ${brandLabel(p.brand)}${p.member ? ` (${t(lang, 'storedCard')})` : ''}${p.threeDSecure ? ' 3-D Secure' : ''}` : '-'],
          [t(lang, 'installments'), payTypeLabel(lang, p.payType)],
          [t(lang, 'approveNo'), p.approveNo ?? '-'],
          [t(lang, 'authorizedAt'), formatTokyo(p.authorizedAt) || '-'],
          [t(lang, 'capturedAt'), formatTokyo(p.capturedAt) || '-'],
        ] as [string, unknown][])),
    [t(lang, 'canceledAt'), formatTokyo(p.canceledAt) || '-'],
    [t(lang, 'linkKey'), order.merchantFree1],
    [t(lang, 'processId'), p.processId ?? '-'],
  ]
  const table = (rows: [string, unknown][], testid: string) =>
    html`<table class="pairs" data-testid="${testid}"><tbody>${rows.map(([k, val]) => html`<tr><th>${k}</th><td>${val}</td></tr>`)}</tbody></table>`
  return html`<p><a href="${base}/admin">← ${t(lang, 'backToList')}</a></p>
<h1>${t(lang, 'adminOrderTitle')} <span class="mono">${order.merchantFree1}</span> ${statusBadge(lang, order, 'status', now)}${v.recovery.length ? recoveryBadge(lang, order.merchantFree1) : ''}</h1>
${v.notice ? html`<div class="alert ok" data-testid="notice">${v.notice}</div>` : ''}
${merchantError(lang, v.error ?? order.lastError)}
${v.recovery.length ? html`<div class="alert error" data-testid="recovery-needed">${t(lang, 'recoveryNeeded')} <a href="${base}/admin/recovery">${t(lang, 'recoveryTitle')}</a></div>` : ''}
<div class="columns">
<section class="card"><h2>${t(lang, 'customerSection')}</h2>${table(customer, 'customer')}</section>
<section class="card"><h2>${t(lang, 'paymentMethod')}</h2>${table(payment, 'payment')}
<h2>${t(lang, 'operations')}</h2>${v.recovery.length === 0 && v.operations.length ? opForms(lang, base, order, v.operations, v.fields, true, now) : html`<p class="muted">-</p>`}
${isCvs && v.operations.includes('changeAmount') ? html`<p class="hint">${t(lang, 'cvsChangeOnce')}</p>` : ''}</section>
</div>
${v.section ? raw(v.section) : ''}
<section class="card">${orderSummary(lang, order, { extra: v.summaryExtra, itemNote: v.summaryItemNote, totalKey: 'orderTotal' })}</section>
<section class="card"><h2>${t(lang, 'journal')}</h2>
<div class="table-wrap"><table data-testid="journal"><thead class="nowrap"><tr><th>${t(lang, 'journalAt')}</th><th>${t(lang, 'journalOperation')}</th><th class="num">${t(lang, 'amount')}</th><th>${t(lang, 'journalResult')}</th><th>${t(lang, 'journalDetail')}</th></tr></thead>
<tbody>${v.journal.map(
    (
      j,
    ) => html`<tr><td class="nowrap">${formatTokyo(j.createdAt)}</td><td title="${j.operation}">${journalLabel(lang, j.operation)}</td><td class="num">${j.amount === null ? '' : formatYen(lang, j.amount)}</td>
<td>${outcomeLabel(lang, j.outcome)}${j.resolution ? ` (${outcomeLabel(lang, j.resolution)})` : ''}</td><td class="mono">${journalDetail(j)}</td></tr>`,
  )}</tbody></table></div></section>
<script src="${base}/admin/admin.js"></script>`.value
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
  if (r.via === '3ds') parts.push('3-D Secure')
  return parts.join(' · ')
}

export interface RecoveryView {
  lang: Lang
  base: string
  cases: RecoveryCase[]
  fields: FormFields
  notice?: string | undefined
  error?: string | undefined
}

/** The orders that need a person: each case with what happened and its actions (reconcile, complete, cancel). */
export function renderRecovery(v: RecoveryView): string {
  const { lang, base } = v
  return html`<p><a href="${base}/admin">← ${t(lang, 'backToList')}</a></p>
<h1>${t(lang, 'recoveryTitle')}</h1>
${v.notice ? html`<div class="alert ok" data-testid="notice">${v.notice}</div>` : ''}
${v.error ? html`<div class="alert error" role="alert" data-testid="admin-error">${v.error}</div>` : ''}
${v.cases.length === 0 ? html`<p class="muted" data-testid="no-cases">${t(lang, 'recoveryNone')}</p>` : ''}
${v.cases.map((c) => {
  const action = (what: string) => `${base}/admin/recovery/${encodeURIComponent(c.id)}/${what}`
  const needsEvidence = c.kind === 'outcome_unknown' && !(c.order?.payment.processId && !c.operation.endsWith('.create') && c.operation !== 'card.authorize')
  const order = c.order
  return html`<section class="card" data-testid="case-${c.merchantFree1}">
<h2>${t(lang, `kind_${c.kind}` as MessageKey)} · ${journalLabel(lang, c.operation)}</h2>
<table class="pairs"><tbody>
<tr><th>${t(lang, 'orderNumber')}</th><td>${order ? html`<a class="mono" href="${base}/admin/orders/${encodeURIComponent(order.id)}">${c.merchantFree1}</a>` : html`<span class="mono">${c.merchantFree1}</span>`}</td></tr>
<tr><th>${t(lang, 'linkKey')}</th><td class="mono" data-testid="case-link-key">${c.merchantFree1}</td></tr>
<tr><th>${t(lang, 'amount')}</th><td>${c.amount === null ? '-' : formatYen(lang, c.amount)}</td></tr>
<tr><th>${t(lang, 'processId')}</th><td class="mono">${c.processId ?? order?.payment.processId ?? '-'}</td></tr>
<tr><th>${t(lang, 'journalAt')}</th><td>${formatTokyo(c.createdAt)}</td></tr>
<tr><th>${t(lang, 'status')}</th><td>${order ? statusLabel(lang, order.status) : '-'}</td></tr>
</tbody></table>
<p>${c.description[lang]}</p>
<div class="ops">
${c.kind !== 'notification_mismatch' ? html`<form method="post" action="${action('reconcile')}">${v.fields}<button type="submit" class="small" data-testid="reconcile-${c.merchantFree1}">${t(lang, 'recoverReconcile')}</button></form>` : ''}
${!needsEvidence ? html`<form method="post" action="${action('complete')}">${v.fields}<button type="submit" class="small secondary" data-testid="complete-${c.merchantFree1}"${confirmAttr(lang, 'confirmRecoverComplete')}>${t(lang, 'recoverComplete')}</button></form>` : ''}
<form method="post" action="${action('cancel')}">${v.fields}<button type="submit" class="small danger" data-testid="cancel-${c.merchantFree1}"${confirmAttr(lang, 'confirmRecoverCancel')}>${t(lang, 'recoverCancel')}</button></form>
</div>
${
  needsEvidence || c.kind === 'outcome_unknown'
    ? html`<form method="post" action="${action('complete')}" class="evidence">${v.fields}<p class="hint">${t(lang, 'recoverEvidence')}</p>
<div class="row"><div><label>${t(lang, 'processId')} <input type="text" name="processId" autocomplete="off" data-testid="evidence-id-${c.merchantFree1}"></label></div>
<div><label>ProcessPass <input type="text" name="processPass" autocomplete="off" data-testid="evidence-pass-${c.merchantFree1}"></label></div></div>
<p><button type="submit" class="small secondary" data-testid="complete-evidence-${c.merchantFree1}"${confirmAttr(lang, 'confirmRecoverComplete')}>${t(lang, 'recoverComplete')}</button></p></form>`
    : ''
}
</section>`
})}
<script src="${base}/admin/admin.js"></script>`.value
}

/** The admin pages' one script: a confirmation before every state-changing button that asks for one. */
export const ADMIN_SCRIPT = `document.addEventListener('submit',function(e){var b=e.submitter;var m=(b&&b.getAttribute('data-confirm'))||e.target.getAttribute('data-confirm');if(m&&!window.confirm(m))e.preventDefault();});`
