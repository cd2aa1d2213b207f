/** Order store on PostgreSQL (node-postgres). Works with any Postgres ≥ 12, embedded or external. */
import pg from 'pg'
import { newJournalId, newMerchantFree1, newOrderId } from '../ids.js'
import type {
  JournalEntry,
  JournalFilter,
  JournalOutcome,
  NewJournalEntry,
  NewOrder,
  Order,
  OrderFilter,
  OrderPatch,
  OrderStatus,
  OrderStore,
  StoredMember,
} from '../types.js'
import { checkNewOrder, checkPatch } from './validate.js'

/** Options of {@link PostgresOrderStore}. */
export interface PostgresOrderStoreOptions {
  /** An existing pool (the store will not end it on `close()` unless `ownsPool`). */
  pool?: pg.Pool
  /** Or a connection string, e.g. `postgres://user:pass@host:5432/db`. */
  connectionString?: string
  /** Prefix of the four tables; default `escott_`. Letters, digits and `_` only. */
  tablePrefix?: string
  /** End the pool on `close()`; default true when the store created the pool. */
  ownsPool?: boolean
  /** Called after `close()` ended the pool (used to stop an embedded cluster). */
  onClose?: () => Promise<void>
}

type Row = Record<string, any>

/**
 * {@link OrderStore} on PostgreSQL. Call {@link PostgresOrderStore.migrate} once before use (it is idempotent and
 * serialised with an advisory lock, so several processes may call it at start-up).
 */
export class PostgresOrderStore implements OrderStore {
  readonly pool: pg.Pool
  readonly #t: { orders: string; journal: string; notifications: string; members: string }
  readonly #ownsPool: boolean
  readonly #onClose: (() => Promise<void>) | undefined
  #closed = false

  constructor(options: PostgresOrderStoreOptions) {
    const prefix = options.tablePrefix ?? 'escott_'
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) throw new TypeError('tablePrefix may contain letters, digits and _ only')
    if (options.pool) this.pool = options.pool
    else if (options.connectionString) this.pool = new pg.Pool({ connectionString: options.connectionString, max: 10 })
    else throw new TypeError('PostgresOrderStore needs a pool or a connectionString')
    this.#ownsPool = options.ownsPool ?? !options.pool
    this.#onClose = options.onClose
    this.#t = {
      orders: `${prefix}orders`,
      journal: `${prefix}journal`,
      notifications: `${prefix}notifications`,
      members: `${prefix}members`,
    }
    // An idle client losing its connection must not crash the process.
    this.pool.on('error', () => {})
  }

  /** Creates the tables when missing. Safe to call from several processes at once. */
  async migrate(): Promise<void> {
    const { orders, journal, notifications, members } = this.#t
    const client = await this.pool.connect()
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [orders])
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${orders} (
          id text PRIMARY KEY,
          merchant_free1 text NOT NULL UNIQUE,
          customer_id text,
          email text,
          items jsonb NOT NULL,
          subtotal integer NOT NULL CHECK (subtotal >= 0),
          fee integer NOT NULL DEFAULT 0 CHECK (fee >= 0),
          amount integer NOT NULL CHECK (amount >= 0),
          method text,
          status text NOT NULL,
          payment jsonb NOT NULL DEFAULT '{}'::jsonb,
          last_error jsonb,
          created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
          updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
        );
        CREATE INDEX IF NOT EXISTS ${orders}_customer_idx ON ${orders} (customer_id, created_at DESC);
        CREATE INDEX IF NOT EXISTS ${orders}_status_idx ON ${orders} (status);
        CREATE TABLE IF NOT EXISTS ${journal} (
          seq bigserial PRIMARY KEY,
          id text NOT NULL UNIQUE,
          order_id text,
          merchant_free1 text NOT NULL,
          operation text NOT NULL,
          amount integer,
          outcome text NOT NULL,
          result jsonb,
          created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
          completed_at timestamptz,
          resolution text,
          resolved_at timestamptz
        );
        CREATE INDEX IF NOT EXISTS ${journal}_order_idx ON ${journal} (order_id);
        CREATE INDEX IF NOT EXISTS ${journal}_link_idx ON ${journal} (merchant_free1);
        CREATE INDEX IF NOT EXISTS ${journal}_open_idx ON ${journal} (outcome) WHERE resolution IS NULL;
        CREATE TABLE IF NOT EXISTS ${notifications} (
          key text PRIMARY KEY,
          order_id text,
          received_at timestamptz NOT NULL DEFAULT clock_timestamp()
        );
        CREATE TABLE IF NOT EXISTS ${members} (
          customer_id text PRIMARY KEY,
          kaiin_id text NOT NULL UNIQUE,
          kaiin_pass text NOT NULL,
          masked_card text,
          brand text,
          created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
          updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
        );
      `)
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [orders]).catch(() => {})
      client.release()
    }
  }

  async create(input: NewOrder): Promise<Order> {
    const { items, subtotal } = checkNewOrder(input)
    for (let attempt = 0; ; attempt++) {
      try {
        const { rows } = await this.pool.query(
          `INSERT INTO ${this.#t.orders} (id, merchant_free1, customer_id, email, items, subtotal, fee, amount, status)
           VALUES ($1, $2, $3, $4, $5, $6, 0, $6, 'pending') RETURNING *`,
          [newOrderId(), newMerchantFree1(), input.customerId ?? null, input.email ?? null, JSON.stringify(items), subtotal],
        )
        return toOrder(rows[0]!)
      } catch (err) {
        // A link-key collision is astronomically unlikely; draw again rather than fail.
        if ((err as { code?: string }).code === '23505' && attempt < 3) continue
        throw err
      }
    }
  }

  async get(id: string): Promise<Order | undefined> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.#t.orders} WHERE id = $1`, [id])
    return rows[0] ? toOrder(rows[0]) : undefined
  }

  async getByMerchantFree1(merchantFree1: string): Promise<Order | undefined> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.#t.orders} WHERE merchant_free1 = $1`, [merchantFree1])
    return rows[0] ? toOrder(rows[0]) : undefined
  }

  async update(id: string, patch: OrderPatch, expectStatus?: readonly OrderStatus[]): Promise<Order | undefined> {
    checkPatch(patch)
    const sets: string[] = []
    const values: unknown[] = [id]
    const add = (sql: string, value: unknown) => {
      values.push(value)
      sets.push(sql.replace('?', `$${values.length}`))
    }
    if (patch.status !== undefined) add('status = ?', patch.status)
    if (patch.method !== undefined) add('method = ?', patch.method)
    if (patch.fee !== undefined) add('fee = ?', patch.fee)
    if (patch.amount !== undefined) add('amount = ?', patch.amount)
    if (patch.lastError !== undefined) add('last_error = ?::jsonb', patch.lastError === null ? null : JSON.stringify(patch.lastError))
    if (patch.payment) {
      const set: Record<string, unknown> = {}
      const remove: string[] = []
      for (const [k, v] of Object.entries(patch.payment)) {
        if (v === undefined) remove.push(k)
        else set[k] = v
      }
      values.push(JSON.stringify(set))
      const setIdx = values.length
      values.push(remove)
      sets.push(`payment = (payment || $${setIdx}::jsonb) - $${values.length}::text[]`)
    }
    sets.push('updated_at = clock_timestamp()')
    let where = 'id = $1'
    if (expectStatus) {
      values.push([...expectStatus])
      where += ` AND status = ANY($${values.length}::text[])`
    }
    const { rows } = await this.pool.query(`UPDATE ${this.#t.orders} SET ${sets.join(', ')} WHERE ${where} RETURNING *`, values)
    return rows[0] ? toOrder(rows[0]) : undefined
  }

  async list(filter: OrderFilter = {}): Promise<Order[]> {
    const where: string[] = []
    const values: unknown[] = []
    if (filter.status) {
      values.push([...filter.status])
      where.push(`status = ANY($${values.length}::text[])`)
    }
    if (filter.customerId !== undefined) {
      values.push(filter.customerId)
      where.push(`customer_id = $${values.length}`)
    }
    if (filter.method) {
      values.push(filter.method)
      where.push(`method = $${values.length}`)
    }
    values.push(filter.limit ?? 500)
    const { rows } = await this.pool.query(
      `SELECT * FROM ${this.#t.orders} ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY created_at DESC LIMIT $${values.length}`,
      values,
    )
    return rows.map(toOrder)
  }

  async appendJournal(entry: NewJournalEntry): Promise<JournalEntry> {
    const outcome = entry.outcome ?? 'pending'
    const { rows } = await this.pool.query(
      `INSERT INTO ${this.#t.journal} (id, order_id, merchant_free1, operation, amount, outcome, result, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, CASE WHEN $6 = 'pending' THEN NULL ELSE clock_timestamp() END) RETURNING *`,
      [
        newJournalId(),
        entry.orderId,
        entry.merchantFree1,
        entry.operation,
        entry.amount ?? null,
        outcome,
        entry.result ? JSON.stringify(entry.result) : null,
      ],
    )
    return toJournal(rows[0]!)
  }

  async completeJournal(id: string, outcome: Exclude<JournalOutcome, 'pending'>, result?: Record<string, unknown> | null): Promise<void> {
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.#t.journal} SET outcome = $2, result = CASE WHEN $3::jsonb IS NULL THEN result ELSE COALESCE(result, '{}'::jsonb) || $3::jsonb END, completed_at = clock_timestamp() WHERE id = $1`,
      [id, outcome, result ? JSON.stringify(result) : null],
    )
    if (!rowCount) throw new Error(`journal entry ${id} not found`)
  }

  async resolveJournal(id: string, resolution: 'completed' | 'canceled'): Promise<void> {
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.#t.journal} SET resolution = $2, resolved_at = clock_timestamp() WHERE id = $1`,
      [id, resolution],
    )
    if (!rowCount) throw new Error(`journal entry ${id} not found`)
  }

  async journal(filter: JournalFilter = {}): Promise<JournalEntry[]> {
    const where: string[] = []
    const values: unknown[] = []
    if (filter.orderId !== undefined) {
      values.push(filter.orderId)
      where.push(`order_id = $${values.length}`)
    }
    if (filter.merchantFree1 !== undefined) {
      values.push(filter.merchantFree1)
      where.push(`merchant_free1 = $${values.length}`)
    }
    if (filter.outcome) {
      values.push([...filter.outcome])
      where.push(`outcome = ANY($${values.length}::text[])`)
    }
    if (filter.operation) {
      values.push([...filter.operation])
      where.push(`operation = ANY($${values.length}::text[])`)
    }
    if (filter.unresolved) where.push('resolution IS NULL')
    const { rows } = await this.pool.query(
      `SELECT * FROM ${this.#t.journal} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq`,
      values,
    )
    return rows.map(toJournal)
  }

  async recordNotification(key: string, orderId: string | null): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO ${this.#t.notifications} (key, order_id) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
      [key, orderId],
    )
    return rowCount === 1
  }

  async hasNotification(key: string): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM ${this.#t.notifications} WHERE key = $1`, [key])
    return rows.length > 0
  }

  async getMember(customerId: string): Promise<StoredMember | undefined> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.#t.members} WHERE customer_id = $1`, [customerId])
    return rows[0] ? toMember(rows[0]) : undefined
  }

  async saveMember(member: Omit<StoredMember, 'createdAt' | 'updatedAt'>): Promise<StoredMember> {
    const { rows } = await this.pool.query(
      `INSERT INTO ${this.#t.members} (customer_id, kaiin_id, kaiin_pass, masked_card, brand) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (customer_id) DO UPDATE SET kaiin_id = EXCLUDED.kaiin_id, kaiin_pass = EXCLUDED.kaiin_pass,
         masked_card = EXCLUDED.masked_card, brand = EXCLUDED.brand, updated_at = clock_timestamp()
       RETURNING *`,
      [member.customerId, member.kaiinId, member.kaiinPass, member.maskedCard, member.brand],
    )
    return toMember(rows[0]!)
  }

  async deleteMember(customerId: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.#t.members} WHERE customer_id = $1`, [customerId])
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    if (this.#ownsPool) await this.pool.end()
    await this.#onClose?.()
  }
}

function toOrder(r: Row): Order {
  return {
    id: r.id,
    merchantFree1: r.merchant_free1,
    customerId: r.customer_id,
    email: r.email,
    items: r.items,
    subtotal: r.subtotal,
    fee: r.fee,
    amount: r.amount,
    method: r.method,
    status: r.status,
    payment: r.payment ?? {},
    lastError: r.last_error ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
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

function toMember(r: Row): StoredMember {
  return {
    customerId: r.customer_id,
    kaiinId: r.kaiin_id,
    kaiinPass: r.kaiin_pass,
    maskedCard: r.masked_card,
    brand: r.brand,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}
