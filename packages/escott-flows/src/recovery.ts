/**
 * Recovery (受注の取りこぼし対策), listing: the payments that reached the gateway but never finished here — a browser
 * closed during 3-D Secure, a server killed between the charge and the order update, a call whose answer never came,
 * an authentic notification that could not be applied. Works from the journal only, so it finds every such charge.
 * Acting on a case is in recovery-actions.ts.
 */
import type { JournalStore, OrderPort } from './ports.js'
import { CHARGING_OPERATIONS, type ChargeRecord, type FlowOrder, type JournalEntry, type JournalOperation } from './types.js'

/**
 * - `charged_not_finished`: the gateway accepted (ProcessId known) but the order never recorded it. Complete applies
 *   the recorded charge; cancel voids it at the gateway; reconcile confirms it with 1Search first.
 * - `outcome_unknown`: the call was sent (or the shopper went to 3-D Secure) and no answer was recorded. Look the
 *   link key up in the e-SCOTT admin console (自由領域1); complete or cancel with the ProcessId/ProcessPass found there,
 *   or cancel without them when there is no transaction. A follow-up (capture, amount change…) on a known ProcessId
 *   can be reconciled by 1Search.
 * - `notification_mismatch`: an authentic payment notification that could not be applied (unknown order, amount
 *   mismatch, order already canceled). Complete marks the order paid; cancel dismisses the line.
 */
export type RecoveryKind = 'charged_not_finished' | 'outcome_unknown' | 'notification_mismatch'

/** One thing to recover. */
export interface RecoveryCase {
  /** The journal line id: pass it (or the order id) to the actions. */
  id: string
  kind: RecoveryKind
  orderId: string | null
  order: FlowOrder | undefined
  /** Link key (MerchantFree1) to search in the e-SCOTT admin console. */
  merchantFree1: string
  operation: JournalOperation
  amount: number | null
  processId: string | undefined
  createdAt: Date
  /** What happened, for people. */
  description: { ja: string; en: string }
  /** The journal line itself (its recorded charge, for `charged_not_finished`). */
  entry: JournalEntry
}

/** What listing needs. */
export interface RecoveryListDeps {
  journal: JournalStore
  orders: Pick<OrderPort, 'get'>
}

/** Options of {@link listRecoveryCases}. */
export interface RecoveryListOptions {
  /**
   * A `pending` line younger than this may still be in flight and is not listed; default 10 minutes. 3-D Secure
   * round trips get at least 45 minutes (the shopper-side limit is 40 minutes).
   */
  olderThanMs?: number
  now?: Date
  /** Also list calls that may still be in flight (used when a person acts on a named case). */
  includeInFlight?: boolean
}

/** How long a 3-D Secure round trip may take before its silence means something. */
export const THREE_DS_WINDOW_MS = 45 * 60_000
/** Default age after which a `pending` line is listed. */
export const DEFAULT_IN_FLIGHT_MS = 10 * 60_000

/** The charge a successful charging line recorded. */
export function recordedCharge(entry: JournalEntry): Partial<ChargeRecord> {
  return (entry.result ?? {}) as Partial<ChargeRecord>
}

const viaThreeDSecure = (entry: JournalEntry) => (entry.result as { via?: unknown } | null)?.via === '3ds'

/**
 * Lists everything that needs a person's (or reconcile's) decision, oldest first.
 *
 * @example
 * ```ts
 * for (const c of await listRecoveryCases({ journal, orders })) {
 *   console.log(c.kind, c.merchantFree1, c.description.en) // then completeRecovery / cancelRecovery / reconcileRecovery
 * }
 * ```
 */
export async function listRecoveryCases(deps: RecoveryListDeps, options: RecoveryListOptions = {}): Promise<RecoveryCase[]> {
  const now = (options.now ?? new Date()).getTime()
  const olderThan = options.olderThanMs ?? DEFAULT_IN_FLIGHT_MS
  const waitFor = (entry: JournalEntry) => (options.includeInFlight ? -1 : viaThreeDSecure(entry) ? Math.max(olderThan, THREE_DS_WINDOW_MS) : olderThan)
  const silent = (entry: JournalEntry) => entry.outcome === 'unknown' || (entry.outcome === 'pending' && now - entry.createdAt.getTime() > waitFor(entry))
  const orders = new Map<string, FlowOrder | undefined>()
  const orderOf = async (id: string | null) => {
    if (!id) return undefined
    if (!orders.has(id)) orders.set(id, await deps.orders.get(id))
    return orders.get(id)
  }
  const cases: RecoveryCase[] = []
  for (const entry of await deps.journal.list({ unresolved: true })) {
    if (entry.operation === 'cvs.notification') {
      if (entry.outcome === 'failed') cases.push(make(entry, 'notification_mismatch', await orderOf(entry.orderId), notificationText(entry)))
      continue
    }
    // An authentication-only 3-D Secure trip moves no money: nothing to recover.
    if (entry.operation === 'threeDSecure.authenticate') continue
    if (!CHARGING_OPERATIONS.includes(entry.operation)) {
      // A follow-up (capture, cancel…) or a registration whose answer never came: the state at the gateway is unknown.
      if (silent(entry)) {
        cases.push(
          make(entry, 'outcome_unknown', await orderOf(entry.orderId), {
            ja: `${entry.operation} の結果が不明です。e-SCOTT 管理画面で取引の状態を確認してください。`,
            en: `The result of ${entry.operation} is unknown. Check the transaction in the e-SCOTT admin console.`,
          }),
        )
      }
      continue
    }
    const order = await orderOf(entry.orderId)
    if (entry.outcome === 'ok') {
      const processId = recordedCharge(entry).payment?.processId
      // The order knows this charge (it writes status and ProcessId together), whatever happened to it since.
      if (order && processId !== undefined && order.payment.processId === processId) continue
      cases.push(
        make(entry, 'charged_not_finished', order, {
          ja: `決済は成立（ProcessId ${processId ?? '-'}）していますが、受注に反映されていません。完了で受注に反映、取消で決済を取り消します。`,
          en: `The gateway accepted the payment (ProcessId ${processId ?? '-'}) but the order never recorded it. Complete applies it; cancel voids it.`,
        }),
      )
      continue
    }
    // Even when a later attempt of the same order succeeded, an unanswered trip is listed: it may have charged too.
    if (silent(entry)) {
      cases.push(
        make(entry, 'outcome_unknown', order, {
          ja: `決済要求は送信済みですが結果がありません（リンクキー ${entry.merchantFree1}）。e-SCOTT 管理画面で自由領域1を検索し、取引があれば ProcessId を指定して完了または取消、なければ取消してください。`,
          en: `The payment request was sent but no result was recorded (link key ${entry.merchantFree1}). Search MerchantFree1 in the e-SCOTT admin console: if a transaction exists, complete or cancel with its ProcessId; otherwise cancel.`,
        }),
      )
    }
  }
  return cases
}

function make(entry: JournalEntry, kind: RecoveryKind, order: FlowOrder | undefined, description: { ja: string; en: string }): RecoveryCase {
  return {
    id: entry.id,
    kind,
    orderId: entry.orderId,
    order,
    merchantFree1: entry.merchantFree1,
    operation: entry.operation,
    amount: entry.amount,
    processId: recordedCharge(entry).payment?.processId ?? (entry.result?.processId as string | undefined),
    createdAt: entry.createdAt,
    description,
    entry,
  }
}

function notificationText(entry: JournalEntry): { ja: string; en: string } {
  const reason = String(entry.result?.reason ?? 'unknown')
  const amount = entry.result?.amount
  switch (reason) {
    case 'amount':
      return {
        ja: `入金通知の金額（${amount}円）が受注金額と一致しません。e-SCOTT 管理画面と照合してください（不一致データ検出）。`,
        en: `The payment notification amount (${amount} yen) does not match the order. Compare with the e-SCOTT admin console.`,
      }
    case 'unknown_order':
      return {
        ja: `入金通知に対応する受注がありません（自由領域1 ${entry.merchantFree1}）。e-SCOTT 管理画面と照合してください。`,
        en: `No order matches the payment notification (MerchantFree1 ${entry.merchantFree1}). Compare with the e-SCOTT admin console.`,
      }
    default:
      return {
        ja: `入金通知を受注に反映できませんでした（${reason}）。e-SCOTT 管理画面と照合してください。`,
        en: `The payment notification could not be applied (${reason}). Compare with the e-SCOTT admin console.`,
      }
  }
}
