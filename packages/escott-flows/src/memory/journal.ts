/** The journal kept in process memory (tests, throw-away demos). */
import { EscottFlowError } from '../errors.js'
import { newJournalId } from '../ids.js'
import type { JournalStore } from '../ports.js'
import type { JournalData, JournalEntry, JournalFilter, JournalOutcome, JournalResolution, NewJournalEntry } from '../types.js'
import { checkJournalEntry } from '../validate.js'
import { clone, jsonCopy } from './clone.js'

/** {@link JournalStore} in memory. Every method copies, so callers never share state with the store. */
export class MemoryJournal implements JournalStore {
  readonly #lines: JournalEntry[] = []

  async append(entry: NewJournalEntry): Promise<JournalEntry> {
    checkJournalEntry(entry)
    const now = new Date()
    const outcome = entry.outcome ?? 'pending'
    const line: JournalEntry = {
      id: newJournalId(),
      orderId: entry.orderId,
      merchantFree1: entry.merchantFree1,
      operation: entry.operation,
      amount: entry.amount ?? null,
      outcome,
      result: entry.result ? jsonCopy(entry.result) : null,
      createdAt: now,
      completedAt: outcome === 'pending' ? null : now,
      resolution: null,
      resolvedAt: null,
    }
    this.#lines.push(line)
    return clone(line)
  }

  async complete(id: string, outcome: Exclude<JournalOutcome, 'pending'>, result?: JournalData | null): Promise<void> {
    const line = this.#find(id)
    line.outcome = outcome
    if (result) line.result = { ...(line.result ?? {}), ...jsonCopy(result) }
    line.completedAt = new Date()
  }

  async resolve(id: string, resolution: JournalResolution): Promise<void> {
    const line = this.#find(id)
    line.resolution = resolution
    line.resolvedAt = new Date()
  }

  async list(filter: JournalFilter = {}): Promise<JournalEntry[]> {
    return clone(
      this.#lines.filter(
        (j) =>
          (filter.orderId === undefined || j.orderId === filter.orderId) &&
          (filter.merchantFree1 === undefined || j.merchantFree1 === filter.merchantFree1) &&
          (!filter.outcome || filter.outcome.includes(j.outcome)) &&
          (!filter.operation || filter.operation.includes(j.operation)) &&
          (!filter.unresolved || j.resolution === null),
      ),
    )
  }

  #find(id: string): JournalEntry {
    const line = this.#lines.find((j) => j.id === id)
    if (!line) throw new EscottFlowError('JOURNAL_ENTRY_NOT_FOUND', { detail: id })
    return line
  }
}
