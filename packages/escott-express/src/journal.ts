/**
 * The order-recovery journal: the intent of every gateway call is written (with its MerchantFree1 link key)
 * before the call, and the result after it. A process that dies in between leaves a `pending` line that
 * `recover` lists, so a charge can never go unnoticed.
 */
import { errorSummary, isOutcomeUnknown } from './errors.js'
import type { JournalEntry, JournalOperation, OrderStore } from './types.js'

/** Thrown when the call itself may have succeeded but its outcome could not be established or recorded. */
export class OutcomeUnknown extends Error {
  override name = 'OutcomeUnknown'
  constructor(
    readonly entry: JournalEntry,
    override readonly cause: unknown,
  ) {
    super(`outcome of ${entry.operation} for ${entry.merchantFree1} is unknown`, { cause })
  }
}

/** What {@link journaled} needs to know about the call. */
export interface JournalIntent {
  orderId: string | null
  merchantFree1: string
  operation: JournalOperation
  amount?: number | null
}

/**
 * Runs one gateway call between an intent line and a result line.
 * - success: the line becomes `ok` with `summarize(result)`; the result is returned.
 * - a refusal or a request that never left (`EscottError` other than outcome-unknown): the line becomes `failed`
 *   with the codes, and the error is rethrown unchanged.
 * - `EscottOutcomeUnknownError` (or anything not from escott-core): the line becomes `unknown` and
 *   {@link OutcomeUnknown} is thrown. Never retry such a call.
 * If writing the result fails after a successful call, the line stays `pending` and {@link OutcomeUnknown} is thrown:
 * `recover` will list it.
 */
export async function journaled<T>(
  orders: OrderStore,
  intent: JournalIntent,
  call: () => Promise<T>,
  summarize: (result: T) => Record<string, unknown>,
): Promise<{ result: T; entry: JournalEntry }> {
  const entry = await orders.appendJournal({ ...intent, amount: intent.amount ?? null })
  let result: T
  try {
    result = await call()
  } catch (err) {
    if (isOutcomeUnknown(err)) {
      await orders.completeJournal(entry.id, 'unknown', errorSummary(err)).catch(() => {})
      throw new OutcomeUnknown(entry, err)
    }
    await orders.completeJournal(entry.id, 'failed', errorSummary(err)).catch(() => {})
    throw err
  }
  const summary = summarize(result)
  try {
    await orders.completeJournal(entry.id, 'ok', summary)
  } catch (err) {
    throw new OutcomeUnknown(entry, err)
  }
  return { result, entry: { ...entry, outcome: 'ok', result: summary } }
}
