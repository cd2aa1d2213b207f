/** The journal on PostgreSQL. */
import { EscottFlowError } from '../errors.js'
import { newJournalId } from '../ids.js'
import { jsonCopy } from '../memory/clone.js'
import type { PostgresQueryable } from './pool.js'
import type { JournalStore } from '../ports.js'
import type { JournalData, JournalEntry, JournalFilter, JournalOutcome, JournalResolution, NewJournalEntry } from '../types.js'
import { checkJournalEntry } from '../validate.js'
import { whereClause, type Row } from './sql.js'

/** {@link JournalStore} on one table (`<prefix>journal`); lines keep their insertion order (`seq`). */
export class PostgresJournal implements JournalStore {
  readonly #pool: PostgresQueryable
  readonly #table: string

  constructor(pool: PostgresQueryable, table: string) {
    this.#pool = pool
    this.#table = table
  }

  async append(entry: NewJournalEntry): Promise<JournalEntry> {
    checkJournalEntry(entry)
    const outcome = entry.outcome ?? 'pending'
    const { rows } = await this.#pool.query(
      `INSERT INTO ${this.#table} (id, order_id, merchant_free1, operation, amount, outcome, result, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $6 = 'pending' THEN NULL ELSE clock_timestamp() END) RETURNING *`,
      [newJournalId(), entry.orderId, entry.merchantFree1, entry.operation, entry.amount ?? null, outcome, entry.result ? JSON.stringify(entry.result) : null],
    )
    return toJournal(rows[0]!)
  }

  async complete(id: string, outcome: Exclude<JournalOutcome, 'pending'>, result?: JournalData | null): Promise<void> {
    const { rowCount } = await this.#pool.query(
      `UPDATE ${this.#table} SET outcome = $2, completed_at = clock_timestamp(),
         result = CASE WHEN $3::jsonb IS NULL THEN result ELSE COALESCE(result, '{}'::jsonb) || $3::jsonb END
       WHERE id = $1`,
      [id, outcome, result ? JSON.stringify(jsonCopy(result)) : null],
    )
    if (!rowCount) throw new EscottFlowError('JOURNAL_ENTRY_NOT_FOUND', { detail: id })
  }

  async resolve(id: string, resolution: JournalResolution): Promise<void> {
    const { rowCount } = await this.#pool.query(`UPDATE ${this.#table} SET resolution = $2, resolved_at = clock_timestamp() WHERE id = $1`, [id, resolution])
    if (!rowCount) throw new EscottFlowError('JOURNAL_ENTRY_NOT_FOUND', { detail: id })
  }

  async list(filter: JournalFilter = {}): Promise<JournalEntry[]> {
    const { sql, values } = whereClause([
      ['order_id = ?', filter.orderId],
      ['merchant_free1 = ?', filter.merchantFree1],
      ['outcome = ANY(?::text[])', filter.outcome && [...filter.outcome]],
      ['operation = ANY(?::text[])', filter.operation && [...filter.operation]],
      ['resolution IS NULL', filter.unresolved ? true : undefined],
    ])
    const { rows } = await this.#pool.query(`SELECT * FROM ${this.#table} ${sql} ORDER BY seq`, values)
    return rows.map(toJournal)
  }
}

function toJournal(r: Row): JournalEntry {
  return {
    id: r.id,
    orderId: r.order_id,
    merchantFree1: r.merchant_free1,
    operation: r.operation,
    amount: r.amount,
    outcome: r.outcome,
    result: r.result ?? null,
    createdAt: r.created_at,
    completedAt: r.completed_at ?? null,
    resolution: r.resolution ?? null,
    resolvedAt: r.resolved_at ?? null,
  }
}
