/**
 * Journaled gateway calls: the intent is written (with its MerchantFree1 link key) before the call and the result
 * after it. A process that dies in between leaves a `pending` line that recovery lists, so a charge can never go
 * unnoticed.
 */
import { EscottUnrecordedOutcomeError, isEscottOutcomeUnknownError, isEscottUnrecordedOutcomeError, type OperateId } from 'escott-core'
import { EscottFlowError } from './errors.js'
import { classifyFailure, errorSummary } from './failure.js'
import type { JournalStore } from './ports.js'
import { JOURNAL_OPERATIONS, type JournalData, type JournalEntry, type SentOperation } from './types.js'

/** What {@link journaled} needs to know about the call. */
export interface JournalIntent {
  orderId: string | null
  merchantFree1: string
  operation: SentOperation
  /** The OperateId sent, when not the operation's usual one (`1Gathering` for an authorisation that captures). */
  operateId?: OperateId
  amount?: number | null
  /** Known before the call and needed by recovery (e.g. `{ member: true }`: follow-ups must send the member). */
  data?: JournalData
}

/** What {@link journaled} returns: the call's result, the completed line, and the record written to it. */
export interface Journaled<T, R extends JournalData> {
  result: T
  entry: JournalEntry
  /** The object `record` built, once: give this same object to the order. */
  record: R
}

/**
 * Runs one gateway call between an intent line and a result line.
 * - success: `record(result)` is built once and written to the line (`ok`); the same object is returned.
 * - a refusal, or a request that never left: the line becomes `failed` with the codes; the error is rethrown.
 * - an unknown outcome (`EscottOutcomeUnknownError`, or anything not from escott-core): the line becomes `unknown`;
 *   escott-core's error is rethrown, anything else is wrapped in `EscottUnrecordedOutcomeError`. Never retry.
 * - the result cannot be written after a successful call: the line stays `pending` (recovery lists it) and
 *   `EscottUnrecordedOutcomeError` is thrown.
 * - the intent cannot be written: nothing is sent; `EscottFlowError` `JOURNAL_UNAVAILABLE` (retryable) is thrown.
 *
 * @example
 * ```ts
 * const { record: charge } = await journaled(
 *   journal,
 *   { orderId: order.id, merchantFree1: order.merchantFree1, operation: 'card.authorize', amount: order.amount },
 *   () => escott.card.authorize({ amount: order.amount, token, merchantFree1: order.merchantFree1 }),
 *   (tx) => cardChargeRecord(tx, details),
 * )
 * await orders.update(order.id, chargePatch(charge))
 * ```
 */
export async function journaled<T, R extends JournalData>(journal: JournalStore, intent: JournalIntent, call: () => Promise<T>, record: (result: T) => R): Promise<Journaled<T, R>> {
  let entry: JournalEntry
  try {
    entry = await journal.append({
      orderId: intent.orderId,
      merchantFree1: intent.merchantFree1,
      operation: intent.operation,
      amount: intent.amount ?? null,
      ...(intent.data && { result: intent.data }),
    })
  } catch (err) {
    throw new EscottFlowError('JOURNAL_UNAVAILABLE', { detail: `${intent.operation} ${intent.merchantFree1}`, cause: err })
  }
  let result: T
  try {
    result = await call()
  } catch (err) {
    const unknown = classifyFailure(err) === 'outcome_unknown'
    await journal.complete(entry.id, unknown ? 'unknown' : 'failed', errorSummary(err)).catch(() => {})
    if (unknown && !isEscottOutcomeUnknownError(err) && !isEscottUnrecordedOutcomeError(err)) throw unrecorded(intent, entry, err, 'the error did not come from escott-core')
    throw err
  }
  let written: R
  try {
    written = record(result)
    await journal.complete(entry.id, 'ok', written)
  } catch (err) {
    throw unrecorded(intent, entry, err, 'its result could not be written to the journal')
  }
  return { result, entry: { ...entry, outcome: 'ok', result: { ...(entry.result ?? {}), ...written }, completedAt: new Date() }, record: written }
}

/** The OperateId a journaled operation sends. */
export function operateIdOf(intent: Pick<JournalIntent, 'operation' | 'operateId'>): OperateId {
  return intent.operateId ?? JOURNAL_OPERATIONS[intent.operation]
}

function unrecorded(intent: JournalIntent, entry: JournalEntry, cause: unknown, reason: string): EscottUnrecordedOutcomeError {
  return new EscottUnrecordedOutcomeError({ operation: operateIdOf(intent), merchantFree1: intent.merchantFree1, journalEntryId: entry.id, reason, cause })
}
