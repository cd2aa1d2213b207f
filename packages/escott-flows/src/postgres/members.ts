/** Stored-card members on PostgreSQL. */
import type { PostgresQueryable } from './pool.js'
import type { MemberStore } from '../ports.js'
import type { NewStoredMember, StoredMember } from '../types.js'
import { checkMember } from '../validate.js'
import type { Row } from './sql.js'

/** {@link MemberStore} on one table (`<prefix>members`). */
export class PostgresMembers implements MemberStore {
  readonly #pool: PostgresQueryable
  readonly #table: string

  constructor(pool: PostgresQueryable, table: string) {
    this.#pool = pool
    this.#table = table
  }

  async get(customerId: string): Promise<StoredMember | undefined> {
    const { rows } = await this.#pool.query(`SELECT * FROM ${this.#table} WHERE customer_id = $1`, [customerId])
    return rows[0] ? toMember(rows[0]) : undefined
  }

  async save(member: NewStoredMember): Promise<StoredMember> {
    checkMember(member)
    const { rows } = await this.#pool.query(
      `INSERT INTO ${this.#table} (customer_id, kaiin_id, kaiin_pass, masked_card, brand) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (customer_id) DO UPDATE SET kaiin_id = EXCLUDED.kaiin_id, kaiin_pass = EXCLUDED.kaiin_pass,
         masked_card = EXCLUDED.masked_card, brand = EXCLUDED.brand, updated_at = clock_timestamp()
       RETURNING *`,
      [member.customerId, member.kaiinId, member.kaiinPass, member.maskedCard, member.brand],
    )
    return toMember(rows[0]!)
  }

  async delete(customerId: string): Promise<void> {
    await this.#pool.query(`DELETE FROM ${this.#table} WHERE customer_id = $1`, [customerId])
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
