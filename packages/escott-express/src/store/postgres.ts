/** The store on PostgreSQL (node-postgres). Works with any Postgres ≥ 12, embedded or external. */
import { newMerchantFree1 } from 'escott-core'
import { orderPatchSets, PostgresFlowStores, runMigrations, whereClause, type Row } from 'escott-flows/postgres'
import type pg from 'pg'
import { newOrderId } from '../ids.js'
import type { NewOrder, Order, OrderFilter, OrderPatch, OrderStatus, OrderStore, ShopStore } from '../types.js'
import { ORDER_MIGRATIONS } from './schema.js'
import { checkNewOrder, checkPatch, searchText, searchable } from './validate.js'

/** {@link OrderStore} on one table (`<prefix>orders`) of a pool it does not own. */
export class PostgresOrderStore implements OrderStore {
  readonly #pool: pg.Pool
  readonly #table: string
  readonly #prefix: string

  constructor(pool: pg.Pool, tablePrefix: string) {
    this.#pool = pool
    this.#prefix = tablePrefix
    this.#table = `${tablePrefix}orders`
  }

  /** Creates or upgrades the orders table. */
  async migrate(): Promise<void> {
    await runMigrations(this.#pool, { component: 'escott-express', migrations: ORDER_MIGRATIONS, tablePrefix: this.#prefix })
  }

  async create(input: NewOrder): Promise<Order> {
    const { items, subtotal, contact } = checkNewOrder(input)
    for (let attempt = 0; ; attempt++) {
      try {
        const merchantFree1 = newMerchantFree1()
        const { rows } = await this.#pool.query(
          `INSERT INTO ${this.#table} (id, merchant_free1, customer_id, email, items, subtotal, fee, amount, status, contact, lang, search_text)
           VALUES ($1, $2, $3, $4, $5, $6, 0, $6, 'pending', $7, $8, $9) RETURNING *`,
          [
            newOrderId(),
            merchantFree1,
            input.customerId ?? null,
            input.email ?? null,
            JSON.stringify(items),
            subtotal,
            JSON.stringify(contact),
            input.lang ?? null,
            searchText(merchantFree1, input.email, contact),
          ],
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
    const { rows } = await this.#pool.query(`SELECT * FROM ${this.#table} WHERE id = $1`, [id])
    return rows[0] ? toOrder(rows[0]) : undefined
  }

  async getByMerchantFree1(merchantFree1: string): Promise<Order | undefined> {
    const { rows } = await this.#pool.query(`SELECT * FROM ${this.#table} WHERE merchant_free1 = $1`, [merchantFree1])
    return rows[0] ? toOrder(rows[0]) : undefined
  }

  async update(id: string, patch: OrderPatch, expectStatus?: readonly OrderStatus[]): Promise<Order | undefined> {
    checkPatch(patch)
    const values: unknown[] = [id]
    const sets = orderPatchSets(patch, values)
    // The shop's own column beside the flow's ones.
    if (patch.fee !== undefined) {
      values.push(patch.fee)
      sets.push(`fee = $${values.length}`)
    }
    sets.push('updated_at = clock_timestamp()')
    let where = 'id = $1'
    if (expectStatus) {
      values.push([...expectStatus])
      where += ` AND status = ANY($${values.length}::text[])`
    }
    const { rows } = await this.#pool.query(`UPDATE ${this.#table} SET ${sets.join(', ')} WHERE ${where} RETURNING *`, values)
    return rows[0] ? toOrder(rows[0]) : undefined
  }

  async list(filter: OrderFilter = {}): Promise<Order[]> {
    const query = filter.query ? searchable(filter.query).replace(/[\\%_]/g, (c) => `\\${c}`) : undefined
    const { sql, values } = whereClause([
      ['status = ANY(?::text[])', filter.status && [...filter.status]],
      ['NOT (status = ANY(?::text[]))', filter.excludeStatus && filter.excludeStatus.length > 0 ? [...filter.excludeStatus] : undefined],
      ['customer_id = ?', filter.customerId],
      ['method = ?', filter.method],
      ["search_text LIKE '%' || ? || '%'", query || undefined],
      ['created_at >= ?', filter.from],
      ['created_at < ?', filter.to],
    ])
    values.push(filter.limit ?? 500, filter.offset ?? 0)
    const { rows } = await this.#pool.query(`SELECT * FROM ${this.#table} ${sql} ORDER BY created_at DESC, id LIMIT $${values.length - 1} OFFSET $${values.length}`, values)
    return rows.map(toOrder)
  }
}

function toOrder(r: Row): Order {
  return {
    id: r.id,
    merchantFree1: r.merchant_free1,
    customerId: r.customer_id,
    email: r.email,
    contact: r.contact ?? {},
    lang: r.lang ?? null,
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

/** Options of {@link PostgresShopStore}. */
export interface PostgresShopStoreOptions {
  /** An existing pool (not ended on `close()` unless `ownsPool`). */
  pool?: pg.Pool
  /** Or a connection string, e.g. `postgres://user:pass@host:5432/db`. */
  connectionString?: string
  /** Prefix of the tables; default `escott_`. Letters, digits and `_` only. */
  tablePrefix?: string
  /** End the pool on `close()`; default true when the store created the pool. */
  ownsPool?: boolean
  /** Called after `close()` ended the pool (used to stop an embedded cluster). */
  onClose?: () => Promise<void>
}

/**
 * {@link ShopStore} on PostgreSQL: the orders table here and escott-flows' journal, once-keys and members tables on
 * the same pool. Call {@link PostgresShopStore.migrate} once before use (idempotent; safe from several processes).
 */
export class PostgresShopStore implements ShopStore {
  readonly pool: pg.Pool
  readonly orders: PostgresOrderStore
  readonly journal: PostgresFlowStores['journal']
  readonly onceKeys: PostgresFlowStores['onceKeys']
  readonly members: PostgresFlowStores['members']
  readonly attempts: PostgresFlowStores['attempts']
  readonly #flows: PostgresFlowStores

  constructor(options: PostgresShopStoreOptions) {
    this.#flows = new PostgresFlowStores(options)
    this.pool = this.#flows.pool
    this.orders = new PostgresOrderStore(this.pool, this.#flows.tablePrefix)
    this.journal = this.#flows.journal
    this.onceKeys = this.#flows.onceKeys
    this.members = this.#flows.members
    this.attempts = this.#flows.attempts
  }

  async migrate(): Promise<void> {
    await this.#flows.migrate()
    await this.orders.migrate()
  }

  close(): Promise<void> {
    return this.#flows.close()
  }
}
