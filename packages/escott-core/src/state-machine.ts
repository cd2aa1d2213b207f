/**
 * Which follow-up operations a payment allows, and what state each leads to.
 *
 * Source: the 決済情報の連携 sections of the e-SCOTT Smart WooCommerce plugin's operation manual (cards and
 * convenience-store payments) and the WelcartPay feature page. Ambiguities and the choices made:
 * https://github.com/escott-js/escott/blob/main/docs/decisions-tables.md
 */
import { EscottTransactionStateError, invalidInput as invalid } from './errors/escott-error.js'
import type { Operation } from './operations.js'
import { parseTokyo, tokyoDate } from './time.js'

/**
 * State of a card payment.
 * - `authorized`: 与信 (authorisation only, `1Auth`).
 * - `captured`: 売上計上 (captured with `1Capture`) or 与信売上計上 (authorised and captured at once, `1Gathering`).
 * - `canceled`: 取消 (voided or refunded with `1Delete`).
 */
export type CardState = 'authorized' | 'captured' | 'canceled'

/**
 * State of a convenience-store (online payment collection) payment.
 * - `unpaid`: 未入金 (registered with `2Add`, not yet paid).
 * - `paid`: 入金済 (the payment notification arrived).
 * - `canceled`: 取消済み (deleted with `2Del`).
 */
export type CvsState = 'unpaid' | 'paid' | 'canceled'

export type { Operation } from './operations.js'

/** Every operation name, in the order {@link allowedOperations} lists them. */
export const OPERATIONS: readonly Operation[] = Object.freeze(['reauthorize', 'capture', 'cancel', 'changeAmount'])

/**
 * Calendar days (Japan time) after the authorisation date during which operations are possible: “これらの操作が
 * できるのは、注文日から 60 日以内です” (the WooCommerce plugin's manual, cards and convenience store). Day 0 is the authorisation date itself,
 * so the last allowed day is the 60th calendar day after it.
 */
export const OPERATION_WINDOW_DAYS = 60

/** Options of {@link allowedOperations} and {@link transition}. */
export interface StateOptions {
  /**
   * Card or convenience-store payment. Needed only for `canceled`, which both kinds share; `unpaid` and `paid`
   * imply `cvs`, `authorized` and `captured` imply `card`. Default for `canceled`: `card`.
   */
  method?: 'card' | 'cvs'
  /**
   * When the payment was authorised (card; after a re-authorisation, the re-authorisation date) or registered
   * (convenience store). A `Date`, or the gateway's `yyyyMMdd[HHmm[ss]]` in Japan time, or an ISO 8601 string.
   * Without it the 60-day rule is not applied.
   */
  authorizedAt?: Date | string
  /** The moment to judge at; default the current time. Only used with `authorizedAt`. */
  now?: Date
  /**
   * How the original payment was processed; `reauthorize` restores that state (a re-authorisation always uses the
   * original processing method: the gateway's FAQ for API calls). Default `1Auth`.
   */
  originalOperateId?: '1Auth' | '1Gathering'
  /**
   * Convenience-store only: how many times amount or deadline were already changed. The Woo manual allows one change
   * (“変更は1回までです”), so from 1 on `changeAmount` is no longer offered. Default 0.
   */
  cvsChanges?: number
}

const CARD_OPS: Readonly<Record<CardState, readonly Operation[]>> = {
  // 与信: 「再オーソリ」「売上計上」「取消」「利用額変更」
  authorized: ['reauthorize', 'capture', 'cancel', 'changeAmount'],
  // 与信売上計上 / 売上計上: 「取消」「利用額変更」
  captured: ['cancel', 'changeAmount'],
  // 取消: 「再オーソリ」のみ
  canceled: ['reauthorize'],
}

const CVS_OPS: Readonly<Record<CvsState, readonly Operation[]>> = {
  // 未入金: 「取消」と支払期限日・金額の「変更」
  unpaid: ['cancel', 'changeAmount'],
  // 入金済みになると、取消、変更はできません
  paid: [],
  // 取消後は、再登録はできません
  canceled: [],
}

/** Every state name, card first. */
export const PAYMENT_STATES: readonly (CardState | CvsState)[] = Object.freeze(['authorized', 'captured', 'canceled', 'unpaid', 'paid'])

function methodOf(state: CardState | CvsState, options: StateOptions): 'card' | 'cvs' {
  if (state === 'authorized' || state === 'captured') {
    if (options.method === 'cvs') throw invalid('options.method', `state '${state}' is a card state: pass method 'card' or leave it out`)
    return 'card'
  }
  if (state === 'unpaid' || state === 'paid') {
    if (options.method === 'card') throw invalid('options.method', `state '${state}' is a convenience-store state: pass method 'cvs' or leave it out`)
    return 'cvs'
  }
  if (state === 'canceled') return options.method ?? 'card'
  throw invalid('state', `unknown payment state: ${String(state)}; use one of ${PAYMENT_STATES.join(', ')}`)
}

function toInstant(value: Date | string, name: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(name, 'is an invalid Date')
    return value
  }
  if (typeof value === 'string') {
    const gateway = parseTokyo(value)
    if (gateway) return gateway
    if (!/^\d+$/.test(value)) {
      const t = Date.parse(value)
      if (!Number.isNaN(t)) return new Date(t)
    }
  }
  throw invalid(name, `must be a Date, a yyyyMMdd[HHmm[ss]] string or an ISO 8601 string, got ${String(value)}`)
}

/** Serial day number of an instant's calendar date in Japan. */
function tokyoDayNumber(date: Date): number {
  const ymd = tokyoDate(date)
  return Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8))) / 86_400_000
}

/**
 * Calendar days between the Japanese dates of `authorizedAt` and `now` (0 on the same Japanese day).
 * Negative when `now` lies before `authorizedAt`.
 */
export function daysSinceAuthorization(authorizedAt: Date | string, now: Date = new Date()): number {
  return tokyoDayNumber(toInstant(now, 'now')) - tokyoDayNumber(toInstant(authorizedAt, 'authorizedAt'))
}

/**
 * The operations a payment in `state` allows, in the order reauthorize, capture, cancel, changeAmount.
 *
 * - Card: `authorized` → reauthorize, capture, cancel, changeAmount; `captured` → cancel, changeAmount;
 *   `canceled` → reauthorize.
 * - Convenience store: `unpaid` → cancel, changeAmount (the payment number changes; only one change, see
 *   `cvsChanges`); `paid` and `canceled` → nothing.
 * - With `authorizedAt`, nothing is allowed after the 60th calendar day (Japan time) following it.
 *
 * @example
 * ```ts
 * import { allowedOperations } from 'escott-core'
 * allowedOperations('captured') // ['cancel', 'changeAmount']
 * allowedOperations('unpaid', { cvsChanges: 1 }) // ['cancel']
 * ```
 */
export function allowedOperations(state: CardState | CvsState, options: StateOptions = {}): Operation[] {
  const method = methodOf(state, options)
  if (options.authorizedAt !== undefined) {
    const days = daysSinceAuthorization(options.authorizedAt, options.now ?? new Date())
    if (days > OPERATION_WINDOW_DAYS) return []
  }
  if (method === 'card') return [...CARD_OPS[state as CardState]]
  const ops = [...CVS_OPS[state as CvsState]]
  const changes = options.cvsChanges ?? 0
  if (!Number.isSafeInteger(changes) || changes < 0) throw invalid('options.cvsChanges', `must be an integer ≥ 0, got ${changes}`)
  return changes >= 1 ? ops.filter((op) => op !== 'changeAmount') : ops
}

/**
 * The state a payment is in after `operation`. When the operation is not allowed (including after the 60-day window
 * when `authorizedAt` is given) it throws an `EscottTransactionStateError` whose `state`, `attempted` and `allowed`
 * say what is possible instead, and whose message names all three; nothing is sent to the gateway.
 *
 * capture: authorized → captured; cancel: → canceled; changeAmount keeps the state; reauthorize: authorized →
 * authorized (the authorisation is renewed from that day), canceled → authorized, or captured when
 * `originalOperateId` is `1Gathering`.
 *
 * @example
 * ```ts
 * import { isEscottTransactionStateError, transition } from 'escott-core'
 * transition('authorized', 'capture') // 'captured'
 * try {
 *   transition('captured', 'capture')
 * } catch (err) {
 *   if (isEscottTransactionStateError(err)) console.log(err.allowed) // ['cancel', 'changeAmount']
 * }
 * ```
 */
export function transition(state: CardState, operation: Operation, options?: StateOptions): CardState
export function transition(state: CvsState, operation: Operation, options?: StateOptions): CvsState
export function transition(state: CardState | CvsState, operation: Operation, options?: StateOptions): CardState | CvsState
export function transition(state: CardState | CvsState, operation: Operation, options: StateOptions = {}): CardState | CvsState {
  if (!OPERATIONS.includes(operation)) throw invalid('operation', `unknown operation: ${String(operation)}; use one of ${OPERATIONS.join(', ')}`)
  const method = methodOf(state, options)
  const allowed = allowedOperations(state, options)
  if (!allowed.includes(operation)) {
    const kind = method === 'card' ? 'card' : 'convenience-store'
    const expired = options.authorizedAt !== undefined && daysSinceAuthorization(options.authorizedAt, options.now ?? new Date()) > OPERATION_WINDOW_DAYS
    const why = expired
      ? `the ${OPERATION_WINDOW_DAYS}-day window after authorisation has passed`
      : method === 'cvs' && state === 'unpaid' && operation === 'changeAmount'
        ? 'a convenience-store payment can be changed only once'
        : `allowed: ${allowed.length ? allowed.join(', ') : 'none'}`
    const message = `operation '${operation}' is not allowed on a ${kind} payment in state '${state}' (${why})`
    throw new EscottTransactionStateError({
      message,
      category: 'transaction_state',
      state,
      attempted: operation,
      allowed,
      merchant: {
        ja: `状態「${state}」の${method === 'card' ? 'カード' : 'コンビニ'}決済には操作「${operation}」を行えません（可能な操作: ${allowed.length ? allowed.join(', ') : 'なし'}）。`,
        en: message,
      },
    })
  }
  switch (operation) {
    case 'capture':
      return 'captured'
    case 'cancel':
      return 'canceled'
    case 'changeAmount':
      return state
    case 'reauthorize':
      if (state === 'canceled') return options.originalOperateId === '1Gathering' ? 'captured' : 'authorized'
      return state
  }
}
