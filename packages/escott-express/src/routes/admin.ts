/**
 * Admin pages and operations (受注管理): the order list (search, filters, paging, CSV export, bulk capture), one order
 * (capture, cancel, change amount, re-authorize; convenience store: cancel, change amount and/or deadline), and the
 * orders that need recovery (escott-flows' recovery: reconcile, complete, cancel). escott-core's state machine decides
 * what is offered and what is refused; every refusal is explained in Japanese and English before the gateway is called.
 */
import express, { type Request, type Response, type Router } from 'express'
import { CVS_MAX_PAY_LIMIT_DAYS, MAX_AMOUNT, MAX_CVS_AMOUNT, type Operation } from 'escott-core'
import { TOKYO_OFFSET_MS } from 'escott-core/wire'
import { allowedPaymentOperations, cancelRecovery, completeRecovery, isCvsExpired, isEscottFlowError, listRecoveryCases, reconcileRecovery, runPaymentOperation, type RecoveryCase } from 'escott-flows'
import { edgeGuard, wrap, type OrderEvent, type RouterContext } from '../context.js'
import { adminCsrf, csrfToken, CSRF_FIELD } from '../security/csrf.js'
import { renderMessage } from '../views/message.js'
import { html } from '../html.js'
import { t, tokyoDateInput, type Lang, type MessageKey } from '../i18n.js'
import type { Order, OrderFilter, OrderStatus } from '../types.js'
import { ADMIN_SCRIPT, LIST_STATUSES, renderAdminList, renderAdminOrder, renderRecovery, type AdminListFilter, type AdminOperation } from '../views/admin.js'
import { ordersCsv } from '../views/csv.js'
import { notFound, orderHandler, orderPath } from './checkout.js'

/** The admin form paths and the state-machine operation each performs. */
const PATH_OP: Record<string, Operation> = {
  capture: 'capture',
  cancel: 'cancel',
  'change-amount': 'changeAmount',
  /** Convenience store: amount and/or deadline (one 2Chg). */
  change: 'changeAmount',
  reauthorize: 'reauthorize',
}

/** Orders per list page. */
export const ADMIN_PAGE_SIZE = 50
/** Never-paid orders: hidden from the list unless asked for (abandoned checkouts). */
const ABANDONED: readonly OrderStatus[] = ['pending', 'awaiting_3ds']

/** The operations escott-core allows on this order now (none while it is not in a payment state). */
export function operationsFor(order: Order): AdminOperation[] {
  return allowedPaymentOperations(order)
}

/**
 * A new deadline from `<input type="date">`: 23:59 Japan time on that day, which must be tomorrow at the earliest
 * (a deadline today would shorten the shopper's time to pay to hours) and at most escott-core's
 * `CVS_MAX_PAY_LIMIT_DAYS` days ahead. Undefined otherwise.
 */
export function parsePayLimitDate(value: string, now: Date = new Date()): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const utc = Date.UTC(y, mo - 1, d, 23, 59)
  const check = new Date(utc)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined
  const limit = new Date(utc - TOKYO_OFFSET_MS)
  const today = Date.parse(`${tokyoDateInput(now)}T00:00:00Z`)
  const days = (Date.UTC(y, mo - 1, d) - today) / 86_400_000
  if (days < 1 || days > CVS_MAX_PAY_LIMIT_DAYS) return undefined
  return limit
}

/** The list filter from the query string. */
function listFilter(req: Request): AdminListFilter {
  const q = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string).trim() : '')
  const date = (k: string) => (/^\d{4}-\d{2}-\d{2}$/.test(q(k)) ? q(k) : '')
  const page = Number(q('page'))
  return {
    q: q('q').slice(0, 100),
    status: [...LIST_STATUSES, 'expired'].includes(q('status') as OrderStatus) ? q('status') : '',
    method: q('method') === 'card' || q('method') === 'cvs' ? q('method') : '',
    from: date('from'),
    to: date('to'),
    abandoned: q('abandoned') === '1',
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
  }
}

/** Japan-time day → instant (start of that day). */
const tokyoDayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - TOKYO_OFFSET_MS)

/** The store filter of a list filter (expired: unpaid, judged after loading). */
function storeFilter(f: AdminListFilter): OrderFilter {
  return {
    ...(f.status && { status: [f.status === 'expired' ? 'unpaid' : (f.status as OrderStatus)] }),
    ...(!f.status && !f.abandoned && { excludeStatus: [...ABANDONED] }),
    ...(f.method && { method: f.method as 'card' | 'cvs' }),
    ...(f.q && { query: f.q }),
    ...(f.from && { from: tokyoDayStart(f.from) }),
    ...(f.to && { to: new Date(tokyoDayStart(f.to).getTime() + 86_400_000) }),
  }
}

const OP_EVENT: Record<Operation, OrderEvent['type']> = {
  capture: 'captured',
  cancel: 'canceled',
  changeAmount: 'amount_changed',
  reauthorize: 'reauthorized',
}
const DONE_NOTICE: Record<string, MessageKey> = {
  capture: 'captureDone',
  cancel: 'cancelDone',
  changeAmount: 'changeAmountDone',
  reauthorize: 'reauthorizeDone',
  cvsChange: 'cvsChangeDone',
  recovered: 'recoverDone',
}

export function adminRoutes(ctx: RouterContext): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '64kb' })
  const base = (req: Request) => req.baseUrl.replace(/\/admin$/, '')
  /** Hidden fields every admin form carries: the CSRF token (security/csrf.ts). */
  const fields = (req: Request, res: Response) => html`<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken(req, res)}">`
  // State changes: a same-origin browser request carrying the pages' CSRF token (security/csrf.ts).
  const csrf = adminCsrf(ctx.options.publicUrl, (req, res, why) => {
    ctx.log.warn({ path: req.path, why, origin: req.get('origin') ?? null, fetchSite: req.get('sec-fetch-site') ?? null }, 'admin request refused (CSRF)')
    const lang = ctx.lang(req)
    const text = lang === 'ja' ? 'この操作は受け付けられません。管理画面を開き直してから操作してください。' : 'This request was refused. Reload the admin page and try again.'
    ctx.page(res, req, 403, t(lang, 'adminOrdersTitle'), renderMessage(lang, t(lang, 'adminOrdersTitle'), text, req.baseUrl))
  })
  const recoveryCases = () => listRecoveryCases(ctx.flows)
  const notice = (req: Request) => {
    const done = typeof req.query.done === 'string' ? DONE_NOTICE[req.query.done] : undefined
    return done ? t(ctx.lang(req), done) : undefined
  }

  router.get('/admin.js', (_req, res) => {
    res.type('application/javascript').set('Cache-Control', 'no-cache').send(ADMIN_SCRIPT)
  })

  router.get(
    '/',
    wrap(async (req, res) => {
      const lang = ctx.lang(req)
      const f = listFilter(req)
      const now = ctx.now()
      let orders = await ctx.orders.list({ ...storeFilter(f), limit: ADMIN_PAGE_SIZE + 1, offset: (f.page - 1) * ADMIN_PAGE_SIZE })
      const hasNext = orders.length > ADMIN_PAGE_SIZE
      orders = orders.slice(0, ADMIN_PAGE_SIZE)
      if (f.status === 'expired') orders = orders.filter((o) => isCvsExpired(o, now))
      else if (f.status === 'unpaid') orders = orders.filter((o) => !isCvsExpired(o, now))
      const cases = await recoveryCases()
      const flagged = new Set(cases.map((c) => c.orderId).filter(Boolean))
      const bulk = typeof req.query.bulk === 'string' ? /^(\d+)-(\d+)$/.exec(req.query.bulk) : null
      const bulkNotice = bulk ? `${bulk[1]} ${t(lang, 'bulkCaptureDone')}${bulk[2] !== '0' ? ` / ${bulk[2]} ${t(lang, 'bulkCaptureFailed')}` : ''}` : undefined
      ctx.page(
        res,
        req,
        200,
        t(lang, 'adminOrdersTitle'),
        renderAdminList({
          lang,
          base: base(req),
          rows: orders.map((order) => ({ order, operations: operationsFor(order), recovery: flagged.has(order.id) })),
          filter: f,
          hasNext,
          recoveryCount: flagged.size,
          notice: bulkNotice ?? notice(req),
          error: req.query.refused === 'bulk' ? t(lang, 'bulkNothing') : undefined,
          fields: fields(req, res),
          now,
        }),
      )
    }),
  )

  // 受注データ出力: every order matching the filter (all pages), UTF-8 with BOM so Excel reads the Japanese.
  router.get(
    '/orders.csv',
    wrap(async (req, res) => {
      const lang = ctx.lang(req)
      const f = listFilter(req)
      const all: Order[] = []
      for (let offset = 0; ; offset += 500) {
        const batch = await ctx.orders.list({ ...storeFilter(f), limit: 500, offset })
        all.push(...batch)
        if (batch.length < 500) break
      }
      const now = ctx.now()
      const rows = f.status === 'expired' ? all.filter((o) => isCvsExpired(o, now)) : all
      const day = tokyoDateInput(now).replace(/-/g, '')
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="orders-${day}.csv"`)
        .set('Cache-Control', 'no-store')
        .send(ordersCsv(lang, rows, now))
    }),
  )

  // 一括売上計上: capture every selected order the state machine allows; the others are counted as not captured.
  router.post(
    '/capture',
    form,
    edgeGuard(),
    csrf,
    wrap(async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>
      const ids = (Array.isArray(body.orderId) ? body.orderId : [body.orderId]).filter((v): v is string => typeof v === 'string' && v.length > 0).slice(0, 200)
      const back = typeof body.return === 'string' && /^\?[\w=&%.+-]*$/.test(body.return) ? body.return : ''
      const join = back ? '&' : '?'
      if (ids.length === 0) return res.redirect(303, `${req.baseUrl}${back}${join}refused=bulk`)
      let done = 0
      let failed = 0
      for (const id of ids) {
        const order = await ctx.orders.get(id)
        if (!order || !operationsFor(order).includes('capture')) {
          failed++
          continue
        }
        const outcome = await runPaymentOperation(ctx.flows, { order, operation: 'capture' })
        if (outcome.kind === 'done') {
          done++
          await ctx.emit({ type: 'captured', order: outcome.order as Order, previous: order })
        } else failed++
      }
      res.redirect(303, `${req.baseUrl}${back}${join}bulk=${done}-${failed}`)
    }),
  )

  const showOrder = async (req: Request, res: Response, order: Order, status = 200, error?: Order['lastError'], shown?: string) => {
    const lang = ctx.lang(req)
    const journal = await ctx.store.journal.list({ orderId: order.id })
    const recovery = (await recoveryCases()).filter((c) => c.orderId === order.id)
    const section = ctx.sections.adminOrder ? await ctx.sections.adminOrder(order, req) : undefined
    ctx.page(
      res,
      req,
      status,
      t(lang, 'adminOrderTitle'),
      renderAdminOrder({
        lang,
        base: base(req),
        order,
        operations: operationsFor(order),
        journal,
        error,
        notice: shown,
        recovery,
        fields: fields(req, res),
        section,
        summaryExtra: ctx.sections.summary,
        summaryItemNote: ctx.sections.itemNote,
        now: ctx.now(),
      }),
    )
  }

  router.get(
    '/orders/:orderId',
    orderHandler(ctx, async (req, res, order) => {
      await showOrder(req, res, order, 200, undefined, notice(req))
    }),
  )

  router.post(
    '/orders/:orderId/:operation',
    form,
    edgeGuard(),
    csrf,
    orderHandler(ctx, async (req, res, order) => {
      const op = PATH_OP[String(req.params.operation)]
      if (!op) return notFound(ctx, req, res)
      const text = (key: MessageKey) => ({ ja: t('ja', key), en: t('en', key) })
      const refuse = (status: number, key: MessageKey) => {
        ctx.log.warn({ orderId: order.id, status: order.status, operation: op, refused: key }, 'admin operation refused')
        return showOrder(req, res, order, status, { codes: [], operation: op, shopper: text(key), merchant: text(key), at: new Date().toISOString() })
      }
      if (!operationsFor(order).includes(op)) return refuse(409, 'operationNotAllowed')
      const body = (req.body ?? {}) as Record<string, unknown>
      const isCvs = order.method === 'cvs'
      const current = order.amount
      const p = order.payment
      const amountOf = (raw: unknown) => {
        const value = typeof raw === 'string' ? raw.normalize('NFKC').replace(/[,円¥\s]/g, '') : ''
        return value === '' ? undefined : Number(value)
      }
      let amount: number | undefined
      let payLimit: Date | undefined
      if (isCvs && op === 'changeAmount') {
        // Amount and/or deadline; only what differs from the current payment is sent.
        const given = amountOf(body.amount)
        if (given !== undefined && (!Number.isSafeInteger(given) || given < 1)) return refuse(400, 'badAmount')
        if (given !== undefined && given > MAX_CVS_AMOUNT) return refuse(400, 'cvsAmountTooHigh')
        if (given !== current) amount = given
        const date = typeof body.payLimit === 'string' ? body.payLimit.trim() : ''
        if (date && date !== tokyoDateInput(p.payLimit)) {
          payLimit = parsePayLimitDate(date, ctx.now())
          if (!payLimit) return refuse(400, 'badPayLimit')
        }
        if (amount === undefined && payLimit === undefined) return refuse(400, 'nothingToChange')
      } else if (op === 'changeAmount' || op === 'reauthorize') {
        amount = amountOf(body.amount)
        if (amount === undefined || !Number.isSafeInteger(amount) || amount < 1) return refuse(400, 'badAmount')
        if (amount > MAX_AMOUNT) return refuse(400, 'amountTooHigh')
        if (op === 'changeAmount' && amount > current) return refuse(400, 'noIncrease')
        if (op === 'changeAmount' && amount === current) return refuse(400, 'sameAmount')
      }
      const outcome = await runPaymentOperation(ctx.flows, {
        order,
        operation: op,
        ...(amount !== undefined && { amount }),
        ...(payLimit && { payLimit }),
      })
      if (outcome.kind === 'done') {
        await ctx.emit({ type: isCvs && op === 'changeAmount' ? 'cvs_changed' : OP_EVENT[op], order: outcome.order as Order, previous: order })
        return res.redirect(303, `${orderPath(req, order)}?done=${isCvs && op === 'changeAmount' ? 'cvsChange' : op}`)
      }
      if (outcome.kind === 'not_allowed') return refuse(409, 'operationNotAllowed')
      const orderError = outcome.kind === 'outcome_unknown' ? { ...outcome.error, remedy: text('recoveryNeeded') } : outcome.error
      if (outcome.kind === 'outcome_unknown') await ctx.orders.update(order.id, { lastError: orderError })
      await showOrder(req, res, (await ctx.orders.get(order.id)) ?? order, 502, orderError)
    }),
  )

  // 要対応: what escott-flows' recovery lists, with its actions.
  const showRecovery = async (req: Request, res: Response, status = 200, error?: string) => {
    const lang = ctx.lang(req)
    ctx.page(res, req, status, t(lang, 'recoveryTitle'), renderRecovery({ lang, base: base(req), cases: await recoveryCases(), fields: fields(req, res), notice: notice(req), error }))
  }
  router.get(
    '/recovery',
    wrap((req, res) => showRecovery(req, res)),
  )

  router.post(
    '/recovery/:caseId/:action',
    form,
    edgeGuard(),
    csrf,
    wrap(async (req, res) => {
      const lang = ctx.lang(req)
      const action = String(req.params.action)
      if (!['reconcile', 'complete', 'cancel'].includes(action)) return notFound(ctx, req, res)
      const caseId = String(req.params.caseId)
      const body = (req.body ?? {}) as Record<string, unknown>
      const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '')
      const evidence = str('processId') && str('processPass') ? { processId: str('processId'), processPass: str('processPass') } : undefined
      const before: RecoveryCase | undefined = (await listRecoveryCases(ctx.flows, { includeInFlight: true })).find((c) => c.id === caseId)
      if (!before) return showRecovery(req, res, 404, t(lang, 'recoveryNone'))
      try {
        let order: Order | undefined
        if (action === 'reconcile') {
          const outcome = await reconcileRecovery({ ...ctx.flows }, caseId, evidence)
          if (outcome.kind === 'needs_person') return showRecovery(req, res, 409, t(lang, 'recoverNeedsPerson'))
          if (outcome.kind === 'amount_mismatch') return showRecovery(req, res, 409, t(lang, 'recoverAmountMismatch'))
          if (outcome.kind === 'not_applied') return showRecovery(req, res, 200, t(lang, 'recoverNotApplied'))
          order = outcome.order as Order | undefined
        } else if (action === 'complete') order = (await completeRecovery(ctx.flows, caseId, evidence)) as Order | undefined
        else order = (await cancelRecovery(ctx.flows, caseId, evidence)) as Order | undefined
        if (order) await emitRecovered(ctx, before, order)
        return res.redirect(303, order ? `${orderPath(req, order)}?done=recovered` : `${req.baseUrl}/recovery?done=recovered`)
      } catch (err) {
        const detail = isEscottFlowError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err)
        ctx.log.warn({ caseId, action, error: detail }, 'admin recovery failed')
        return showRecovery(req, res, 409, `${t(lang, 'recoverFailed')}: ${recoveryErrorText(lang, err)}`)
      }
    }),
  )

  return router
}

/** The event a recovered order reports: the charge it now records, or what the follow-up did. */
async function emitRecovered(ctx: RouterContext, c: RecoveryCase, order: Order): Promise<void> {
  const previous = c.order as Order | undefined
  if (!previous || previous.status === order.status) return
  const type: OrderEvent['type'] | undefined =
    order.status === 'canceled'
      ? 'canceled'
      : order.status === 'captured' && previous.status === 'authorized'
        ? 'captured'
        : order.status === 'paid'
          ? 'paid'
          : ['authorized', 'captured', 'unpaid'].includes(order.status)
            ? 'placed'
            : undefined
  if (type) await ctx.emit({ type, order, previous })
}

/** A recovery refusal in the admin's language: the flow error's code explained, the detail kept for people. */
function recoveryErrorText(lang: Lang, err: unknown): string {
  if (!isEscottFlowError(err)) return err instanceof Error ? err.message : String(err)
  const known: Record<string, { ja: string; en: string }> = {
    RECOVERY_EVIDENCE_REQUIRED: { ja: '処理ID（ProcessId）と処理パスワード（ProcessPass）を入力してください。', en: 'Enter the ProcessId and ProcessPass.' },
    RECOVERY_ORDER_ALREADY_PAID: { ja: 'この受注はすでに別の決済を記録しています。', en: 'The order already records another payment.' },
    RECOVERY_VOID_FAILED: { ja: 'e-SCOTT で取消できませんでした。', en: 'e-SCOTT did not void it.' },
    RECOVERY_CLIENT_REQUIRED: { ja: 'e-SCOTT に接続できません。', en: 'No e-SCOTT client configured.' },
  }
  const text = known[err.code]?.[lang]
  return text ? `${text} (${err.code})` : `${err.code}: ${err.message}`
}
