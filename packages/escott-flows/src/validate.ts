/** Input checks every store shares, so memory and Postgres refuse the same things. */
import { isYen } from 'escott-core'
import { EscottFlowError } from './errors.js'
import type { NewJournalEntry, NewStoredMember } from './types.js'

function invalid(detail: string): EscottFlowError {
  return new EscottFlowError('STORE_INPUT_INVALID', { detail })
}

/** Throws unless `value` is an integer number of yen ≥ 0. */
export function requireYen(name: string, value: unknown): asserts value is number {
  if (!isYen(value)) {
    throw invalid(`${name} must be an integer number of yen ≥ 0, got ${String(value)}`)
  }
}

export function checkJournalEntry(entry: NewJournalEntry): void {
  if (!entry || typeof entry.merchantFree1 !== 'string' || !entry.merchantFree1) throw invalid('a journal line needs merchantFree1')
  if (typeof entry.operation !== 'string' || !entry.operation) throw invalid('a journal line needs an operation')
  if (entry.amount !== undefined && entry.amount !== null) requireYen('amount', entry.amount)
}

export function checkMember(member: NewStoredMember): void {
  if (!member?.customerId || !member.kaiinId || !member.kaiinPass) throw invalid('a member needs customerId, kaiinId and kaiinPass')
}

/** Throws unless the rule's numbers are positive integers (a zero window would count nothing). */
export function checkAttemptRule(rule: { limit: number; windowMs: number; lockMs: number }): void {
  for (const k of ['limit', 'windowMs', 'lockMs'] as const) {
    if (!Number.isSafeInteger(rule?.[k]) || rule[k] < 1) throw invalid(`an attempt rule needs ${k} as a positive integer, got ${String(rule?.[k])}`)
  }
}
