/** Test stack: an embedded PostgreSQL per test file, a real sandbox gateway over HTTP, a real Escott client. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Escott, newKaiinPass } from 'escott-core'
import { startSandbox, type Sandbox, type SandboxOptions } from 'escott-sandbox'
import { createBilling, type Billing, type BillingEvent, type BillingEventType, type BillingOptions } from '../src/index.js'
import { startEmbeddedPostgres, type EmbeddedPostgres } from 'escott-flows/embedded-postgres'

export const CARD_OK = '4000000000001000'
export const CARD_SOFT = '4000000000060055' // G55|G54: limit exceeded
export const CARD_HARD = '4000000000050056' // G56: invalid card
export const CARD_EXPIRED_ON_AUTH = '4000000000020083' // G83

let cluster: EmbeddedPostgres | undefined
let dir: string | undefined
let schemaSeq = 0

/** One embedded cluster per test file (started on first use). */
export async function databaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL
  if (!cluster) {
    dir = mkdtempSync(join(tmpdir(), 'escott-billing-test-'))
    cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'pg') })
  }
  return cluster.connectionString
}

export async function stopDatabase(): Promise<void> {
  await cluster?.stop()
  cluster = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
}

/** A fresh schema name per stack, so tests in one file never see each other's rows. */
export const freshSchema = () => `t${process.pid}_${++schemaSeq}_${Math.random().toString(36).slice(2, 6)}`

export interface Stack {
  sb: Sandbox
  escott: Escott
  billing: Billing
  events: BillingEvent[]
  /** Registers a stored card for `cardNo` (expiry YY/MM) and returns the member credentials. */
  member(cardNo?: string, exp?: { yy: string; mm: string }): Promise<{ kaiinId: string; kaiinPass: string }>
  /** Sets the sandbox (= billing) clock. */
  at(iso: string): Date
  advance(by: string): Date
  ofType<T extends BillingEventType>(type: T): BillingEvent<T>[]
  close(): Promise<void>
}

let memberSeq = 0

export async function startStack(options: { billing?: Partial<BillingOptions>; sandbox?: SandboxOptions; start?: string } = {}): Promise<Stack> {
  const sb = await startSandbox({ port: 0, quiet: true, ...options.sandbox })
  sb.clock.set(options.start ?? '2025-01-31T01:30:00Z') // 10:30 JST, after the charge time
  const escott = new Escott({ ...sb.merchant, baseUrl: sb.url, timeoutMs: 5000 })
  const billing = await createBilling({
    escott,
    databaseUrl: await databaseUrl(),
    schema: freshSchema(),
    now: () => sb.clock.now(),
    ...options.billing,
  })
  const events: BillingEvent[] = []
  for (const type of ['charge.succeeded', 'charge.failed', 'charge.needs_reconciliation', 'subscription.past_due', 'subscription.canceled', 'card.expiring'] as const) {
    billing.on(type, (e) => void events.push(e))
  }
  return {
    sb,
    escott,
    billing,
    events,
    async member(cardNo = CARD_OK, exp = { yy: '30', mm: '12' }) {
      const token = await sb.createToken({ cardNo, expYY: exp.yy, expMM: exp.mm, secCd: '777' })
      const m = { kaiinId: `M${process.pid}x${++memberSeq}`, kaiinPass: newKaiinPass() }
      await escott.members.create({ ...m, token })
      return m
    },
    at: (iso) => sb.clock.set(iso),
    advance: (by) => sb.clock.advance(by),
    ofType: <T extends BillingEventType>(type: T) => events.filter((e) => e.type === type) as BillingEvent<T>[],
    async close() {
      await billing.close()
      await sb.close()
    },
  }
}

/** Approved card transactions the sandbox holds for a MerchantFree1 (the gateway's own record, not ours). */
export function gatewayCharges(sb: Sandbox, merchantFree1?: string): Array<{ processId: string; merchantFree1?: string; amount: number; status: string }> {
  return sb.snapshot().transactions.filter((t) => (merchantFree1 === undefined || t.merchantFree1 === merchantFree1) && t.status !== 'canceled')
}
