/**
 * Whether a card charge whose ProcessId/ProcessPass are known exists at the gateway, decided from 1Search: the one
 * reading of that answer every adapter shares, with no store behind it. The order journal's recovery
 * (`reconcileRecovery`) and escott-subscriptions' charge rows both ask it; what to do next (complete an order, move
 * a subscription to its next period, charge again, ask a person) stays with the caller.
 */
import { isEscottError, type MemberRef, type RequestOptions } from 'escott-core'
import type { FlowClient } from './client.js'
import { classifyFailure, type FailureClass } from './failure.js'

/** What the search needs of an escott-core client: 1Search only. */
export interface SearchClient {
  card: Pick<FlowClient['card'], 'retrieve'>
}

/** The charge to look up. */
export interface ChargeSearch {
  processId: string
  processPass: string
  /** The stored card the charge was made on: 1Search on a member transaction needs KaiinId/KaiinPass (else K80). */
  member?: MemberRef | undefined
  /** The amount the caller expects (integer yen). Omitted or null: any amount is accepted. */
  expectedAmount?: number | null | undefined
  /** Sent along as the order reference, for the gateway's logs and the console. */
  merchantFree1?: string | undefined
}

/** What 1Search says about the charge. */
export type ChargeSearchResult =
  /** The gateway holds the charge (with the expected amount, when one was given). */
  | { kind: 'charged'; status: 'authorized' | 'captured'; amount: number | undefined; salesDate: string | undefined }
  /** KBZ: the gateway has no transaction under this ProcessId, so nothing was charged under it. */
  | { kind: 'absent'; codes: string[] }
  /**
   * Neither can be said: the transaction carries another amount (`amount_mismatch`: a person must look), or 1Search
   * itself failed (`search_failed`: timeout, connection, a refusal such as K12 or K80; ask again later or look).
   */
  | { kind: 'inconclusive'; reason: 'amount_mismatch'; amount: number | undefined; codes: string[] }
  | { kind: 'inconclusive'; reason: 'search_failed'; failure: FailureClass; codes: string[]; error: unknown }

/** Codes by which 1Search says "no such transaction". */
const ABSENT_CODES: ReadonlySet<string> = new Set(['KBZ'])

/**
 * Asks the gateway (1Search) whether the charge exists, and decides. Never throws for what the gateway answers or
 * for a failed call: those are results.
 *
 * @example
 * ```ts
 * import { reconcileBySearch } from 'escott-flows'
 *
 * const found = await reconcileBySearch(escott, { processId, processPass, member, expectedAmount: 3980 })
 * switch (found.kind) {
 *   case 'charged': return markPaid(found.status)
 *   case 'absent': return chargeAgainWithTheSameKey() // KBZ: nothing was charged
 *   case 'inconclusive': return found.reason === 'amount_mismatch' ? askAPerson() : askAgainLater()
 * }
 * ```
 */
export async function reconcileBySearch(escott: SearchClient, search: ChargeSearch, options?: RequestOptions): Promise<ChargeSearchResult> {
  let answer: Awaited<ReturnType<FlowClient['card']['retrieve']>>
  try {
    answer = await escott.card.retrieve(
      {
        processId: search.processId,
        processPass: search.processPass,
        ...(search.member && { member: search.member }),
        ...(search.merchantFree1 && { merchantFree1: search.merchantFree1 }),
      },
      options,
    )
  } catch (err) {
    const codes = isEscottError(err) ? [...err.codes] : []
    if (codes.some((c) => ABSENT_CODES.has(c))) return { kind: 'absent', codes }
    return { kind: 'inconclusive', reason: 'search_failed', failure: classifyFailure(err), codes, error: err }
  }
  const expected = search.expectedAmount
  if (expected !== undefined && expected !== null && answer.amount !== undefined && answer.amount !== expected) {
    return { kind: 'inconclusive', reason: 'amount_mismatch', amount: answer.amount, codes: [] }
  }
  return { kind: 'charged', status: answer.salesDate ? 'captured' : 'authorized', amount: answer.amount, salesDate: answer.salesDate }
}
