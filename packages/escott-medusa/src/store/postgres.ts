/**
 * Postgres implementation of the providers' server-side state, in Medusa's own database (tables prefixed
 * `escott_medusa_`, created on first use). Runs through any `{ query(text, values) }`: a pg Pool, or Medusa's knex
 * connection through {@link knexQueryable}.
 */
import type { EscottMedusaStore, JournalLine, MemberRecord, SessionRecord, SessionState } from './types'

export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount?: number | null }>
}

/** Medusa registers its knex instance as `__pg_connection__`; borrow raw pg clients from its pool. */
export function knexQueryable(knex: { client: { acquireConnection(): Promise<any>; releaseConnection(c: unknown): Promise<unknown> } }): Queryable {
  return {
    async query(text, values) {
      const conn = await knex.client.acquireConnection()
      try {
        return await conn.query(text, values)
      } finally {
        await knex.client.releaseConnection(conn)
      }
    },
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS escott_medusa_session (
  session_id text PRIMARY KEY,
  merchant_free1 text NOT NULL UNIQUE,
  method text NOT NULL,
  state text NOT NULL,
  deadline timestamptz,
  record jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS escott_medusa_session_deadline ON escott_medusa_session (deadline) WHERE state = 'cvs_pending';
CREATE TABLE IF NOT EXISTS escott_medusa_member (
  holder_id text PRIMARY KEY,
  kaiin_id text NOT NULL UNIQUE,
  record jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS escott_medusa_journal (
  id bigserial PRIMARY KEY,
  session_id text NOT NULL,
  merchant_free1 text NOT NULL,
  operation text NOT NULL,
  amount integer,
  outcome text NOT NULL DEFAULT 'pending',
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS escott_medusa_journal_session ON escott_medusa_journal (session_id);
CREATE TABLE IF NOT EXISTS escott_medusa_notification (
  process_id text NOT NULL,
  recv_num text NOT NULL,
  record jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (process_id, recv_num)
);
`

const toLine = (r: any): JournalLine => ({
  id: Number(r.id),
  sessionId: r.session_id,
  merchantFree1: r.merchant_free1,
  operation: r.operation,
  amount: r.amount ?? undefined,
  outcome: r.outcome,
  result: r.result ?? undefined,
  createdAt: new Date(r.created_at).toISOString(),
})

export class PostgresEscottStore implements EscottMedusaStore {
  readonly #db: Queryable
  #ready: Promise<void> | undefined

  constructor(db: Queryable) {
    this.#db = db
  }

  #ensureSchema(): Promise<void> {
    this.#ready ??= this.#db.query(SCHEMA).then(
      () => undefined,
      (err) => {
        this.#ready = undefined
        throw err
      },
    )
    return this.#ready
  }

  async #q(text: string, values?: unknown[]) {
    await this.#ensureSchema()
    try {
      return await this.#db.query(text, values)
    } catch (err) {
      // The tables were dropped under us (a schema reset, a test runner clearing the database): create them again.
      if ((err as { code?: string }).code !== '42P01') throw err
      this.#ready = undefined
      await this.#ensureSchema()
      return this.#db.query(text, values)
    }
  }

  async getSession(id: string) {
    const { rows } = await this.#q('SELECT record FROM escott_medusa_session WHERE session_id = $1', [id])
    return rows[0]?.record as SessionRecord | undefined
  }
  async findSessionByMerchantFree1(mf1: string) {
    const { rows } = await this.#q('SELECT record FROM escott_medusa_session WHERE merchant_free1 = $1', [mf1])
    return rows[0]?.record as SessionRecord | undefined
  }
  async createSession(record: SessionRecord) {
    const stored = { ...record, updatedAt: new Date().toISOString() }
    await this.#q(
      `INSERT INTO escott_medusa_session (session_id, merchant_free1, method, state, deadline, record) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (session_id) DO NOTHING`,
      [record.sessionId, record.merchantFree1, record.method, record.state, record.cvs?.payLimit ?? null, stored],
    )
    return (await this.getSession(record.sessionId))!
  }
  async updateSession(id: string, patch: Partial<SessionRecord>, from?: SessionState[]) {
    const now = new Date().toISOString()
    // One statement: the state check and the write cannot be split by another request.
    const { rows } = await this.#q(
      `UPDATE escott_medusa_session
          SET record = record || $2::jsonb,
              state = COALESCE($2::jsonb->>'state', state),
              deadline = COALESCE(($2::jsonb->'cvs'->>'payLimit')::timestamptz, deadline),
              updated_at = now()
        WHERE session_id = $1 AND ($3::text[] IS NULL OR state = ANY($3::text[]))
        RETURNING record`,
      [id, JSON.stringify({ ...patch, updatedAt: now }), from ?? null],
    )
    return rows[0]?.record as SessionRecord | undefined
  }
  async listExpiredCvs(before: Date) {
    const { rows } = await this.#q(`SELECT record FROM escott_medusa_session WHERE state = 'cvs_pending' AND deadline < $1 ORDER BY deadline`, [before])
    return rows.map((r) => r.record as SessionRecord)
  }
  async getMember(holderId: string) {
    const { rows } = await this.#q('SELECT record FROM escott_medusa_member WHERE holder_id = $1', [holderId])
    return rows[0]?.record as MemberRecord | undefined
  }
  async getMemberByKaiinId(kaiinId: string) {
    const { rows } = await this.#q('SELECT record FROM escott_medusa_member WHERE kaiin_id = $1', [kaiinId])
    return rows[0]?.record as MemberRecord | undefined
  }
  async saveMember(member: MemberRecord) {
    await this.#q(
      `INSERT INTO escott_medusa_member (holder_id, kaiin_id, record) VALUES ($1, $2, $3)
       ON CONFLICT (holder_id) DO UPDATE SET kaiin_id = EXCLUDED.kaiin_id, record = EXCLUDED.record, updated_at = now()`,
      [member.holderId, member.kaiinId, member],
    )
  }
  async appendJournal(line: Omit<JournalLine, 'id' | 'createdAt' | 'outcome'>) {
    const { rows } = await this.#q(
      `INSERT INTO escott_medusa_journal (session_id, merchant_free1, operation, amount, result) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [line.sessionId, line.merchantFree1, line.operation, line.amount ?? null, line.result ?? null],
    )
    return toLine(rows[0])
  }
  async completeJournal(id: number, outcome: 'ok' | 'failed' | 'unknown', result?: Record<string, unknown>) {
    await this.#q('UPDATE escott_medusa_journal SET outcome = $2, result = COALESCE($3, result) WHERE id = $1', [id, outcome, result ?? null])
  }
  async journal(sessionId: string) {
    const { rows } = await this.#q('SELECT * FROM escott_medusa_journal WHERE session_id = $1 ORDER BY id', [sessionId])
    return rows.map(toLine)
  }
  async recordNotification(key: { processId: string; recvNum: string }, record: Record<string, unknown>) {
    const { rowCount } = await this.#q(
      'INSERT INTO escott_medusa_notification (process_id, recv_num, record) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [key.processId, key.recvNum, record],
    )
    return rowCount === 1
  }
}
