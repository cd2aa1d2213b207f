/**
 * Sessions on PostgreSQL, in Medusa's own database (`escott_medusa_sessions`, created by the migrator escott-flows
 * gives adapters), on connections borrowed from Medusa's pool. The order view's update is escott-flows'
 * `orderPatchSets` with compare-and-set on the status, in one statement.
 */
import type { FlowOrderPatch, PaymentStatus } from 'escott-flows'
import { orderPatchSets, runMigrations, type Migration, type PostgresPool, type Row } from 'escott-flows/postgres'
import type { NewPaymentSession, PaymentSessionRecord, SessionExtras, SessionStore } from './types'

/** The sessions table, as migrations of the component `escott-medusa`. */
export const SESSION_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'payment sessions',
    sql: (p: string) => `
      CREATE TABLE IF NOT EXISTS ${p}sessions (
        id text PRIMARY KEY,
        merchant_free1 text NOT NULL UNIQUE,
        customer_id text,
        amount integer NOT NULL,
        method text,
        status text NOT NULL DEFAULT 'pending',
        payment jsonb NOT NULL DEFAULT '{}'::jsonb,
        last_error jsonb,
        extras jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX IF NOT EXISTS ${p}sessions_customer_idx ON ${p}sessions (customer_id);
      CREATE INDEX IF NOT EXISTS ${p}sessions_unpaid_cvs_idx ON ${p}sessions (created_at) WHERE method = 'cvs' AND status = 'unpaid';`,
  },
])

function toSession(r: Row): PaymentSessionRecord {
  return {
    id: r.id,
    merchantFree1: r.merchant_free1,
    customerId: r.customer_id,
    amount: r.amount,
    method: r.method,
    status: r.status,
    payment: r.payment ?? {},
    lastError: r.last_error ?? null,
    updatedAt: new Date(r.updated_at),
    extras: r.extras ?? {},
    createdAt: new Date(r.created_at),
  }
}

export class PostgresSessionStore implements SessionStore {
  readonly #pool: PostgresPool
  readonly #prefix: string
  readonly #table: string

  constructor(pool: PostgresPool, tablePrefix: string) {
    this.#pool = pool
    this.#prefix = tablePrefix
    this.#table = `${tablePrefix}sessions`
  }

  /** Creates or upgrades the table (idempotent, safe from several processes at once). */
  async migrate(): Promise<void> {
    await runMigrations(this.#pool, { component: 'escott-medusa', migrations: SESSION_MIGRATIONS, tablePrefix: this.#prefix })
  }

  async #one(text: string, values: unknown[]): Promise<PaymentSessionRecord | undefined> {
    const { rows } = await this.#pool.query(text, values)
    return rows[0] ? toSession(rows[0]) : undefined
  }

  get(id: string) {
    return this.#one(`SELECT * FROM ${this.#table} WHERE id = $1`, [id])
  }

  getByMerchantFree1(merchantFree1: string) {
    return this.#one(`SELECT * FROM ${this.#table} WHERE merchant_free1 = $1`, [merchantFree1])
  }

  update(id: string, patch: FlowOrderPatch, expectStatus?: readonly PaymentStatus[]) {
    const values: unknown[] = [id]
    const sets = [...orderPatchSets(patch, values), 'updated_at = clock_timestamp()']
    let where = 'id = $1'
    if (expectStatus) {
      values.push([...expectStatus])
      where += ` AND status = ANY($${values.length}::text[])`
    }
    return this.#one(`UPDATE ${this.#table} SET ${sets.join(', ')} WHERE ${where} RETURNING *`, values)
  }

  async create(s: NewPaymentSession): Promise<PaymentSessionRecord> {
    const inserted = await this.#one(
      `INSERT INTO ${this.#table} (id, merchant_free1, customer_id, amount, method, extras) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (id) DO NOTHING RETURNING *`,
      [s.id, s.merchantFree1, s.customerId, s.amount, s.method, JSON.stringify(s.extras)],
    )
    return inserted ?? (await this.get(s.id))!
  }

  setExtras(id: string, extras: Partial<SessionExtras>) {
    const set: Record<string, unknown> = {}
    const remove: string[] = []
    for (const [k, v] of Object.entries(extras)) {
      if (v === undefined) remove.push(k)
      else set[k] = v
    }
    return this.#one(`UPDATE ${this.#table} SET extras = (extras || $2::jsonb) - $3::text[], updated_at = clock_timestamp() WHERE id = $1 RETURNING *`, [id, JSON.stringify(set), remove])
  }

  async listByCustomer(customerId: string) {
    const { rows } = await this.#pool.query(`SELECT * FROM ${this.#table} WHERE customer_id = $1 ORDER BY created_at DESC`, [customerId])
    return rows.map(toSession)
  }

  async listUnpaidCvs() {
    const { rows } = await this.#pool.query(`SELECT * FROM ${this.#table} WHERE method = 'cvs' AND status = 'unpaid' ORDER BY created_at`)
    return rows.map(toSession)
  }
}
