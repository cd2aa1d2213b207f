import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { addDays, tokyoDateOf } from '../src/index.js'
import { databaseUrl, gatewayCharges, startStack, stopDatabase, type Stack } from './helpers.js'

afterAll(stopDatabase)

const WORKER = fileURLToPath(new URL('./fixtures/worker.mjs', import.meta.url))

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/**
 * Subscriptions started yesterday (a Tokyo day), so their first period is due whatever the time of day: these tests
 * run on real time, and one started today would wait for today's 10:00 JST charge time before 10:00 JST.
 */
async function seed(st: Stack, n: number, members: number) {
  const startAt = addDays(tokyoDateOf(new Date()), -1)
  await st.billing.plans.create({ id: 'box', name: 'box', amount: 2980, interval: 'month' })
  const pool: Array<{ kaiinId: string; kaiinPass: string }> = []
  for (let i = 0; i < members; i++) pool.push(await st.member())
  const ids: string[] = []
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, (_, j) => st.billing.subscriptions.create({ customerId: `c${i + j}`, member: pool[(i + j) % members]!, planId: 'box', startAt })),
    )
    ids.push(...batch.map((s) => s.id))
  }
  return ids
}

it('startWorker: the tick fans out one job per due subscription through pg-boss and charges each once', async () => {
  // Real time here: pg-boss schedules on the database clock.
  const st = await startStack({ start: new Date().toISOString(), billing: { schema: 'inproc', tickSeconds: 2, concurrency: 4 } })
  try {
    const ids = await seed(st, 30, 5)
    const worker = await st.billing.startWorker()
    await until('30 charges', async () => (await st.billing.charges.list({ status: 'succeeded' })).length === 30, 30_000)
    expect(await worker.tick()).toBe(0) // nothing due any more
    await worker.stop()
    for (const id of ids) expect(gatewayCharges(st.sb, (await st.billing.charges.list({ subscriptionId: id }))[0]!.merchantFree1)).toHaveLength(1)
  } finally {
    await st.close()
  }
})

it('crash test: two worker processes bill 1,000 subscriptions, one is SIGKILLed mid-run and restarted; the gateway holds exactly one charge per subscription', async () => {
  const schema = 'crash'
  const st = await startStack({ start: new Date().toISOString(), billing: { schema } })
  const children = new Set<ChildProcess>()
  const cfg = JSON.stringify({
    merchant: st.sb.merchant,
    sandboxUrl: st.sb.url,
    databaseUrl: await databaseUrl(),
    schema,
    options: { concurrency: 4, tickSeconds: 2, jobTimeoutSeconds: 5, maintenanceSeconds: 1, attemptTimeoutMs: 4000 },
  })
  const startWorker = async () => {
    const child = spawn(process.execPath, [WORKER, cfg], { stdio: ['ignore', 'pipe', 'inherit'] })
    children.add(child)
    child.once('exit', () => children.delete(child))
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve())
      child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)))
    })
    return child
  }
  const admin = new pg.Client({ connectionString: await databaseUrl() })
  await admin.connect()
  const count = async (where: string) => Number((await admin.query(`SELECT count(*) FROM ${schema}.charges WHERE ${where}`)).rows[0].count)
  try {
    const t0 = Date.now()
    const phase = (name: string) => console.log(`crash test: ${name} at ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    const ids = await seed(st, 1000, 40)
    phase('seeded')
    st.sb.faults.set({ latencyMs: 40 })
    const [a] = await Promise.all([startWorker(), startWorker()]) // booting together must work (pg-boss queue creation races)
    await until('a third of the charges', () => gatewayCharges(st.sb).length >= 330, 60_000)
    phase('killing')
    a.kill('SIGKILL')
    const atKill = gatewayCharges(st.sb).length
    expect(atKill).toBeLessThan(1000) // really mid-run
    await new Promise((r) => setTimeout(r, 300))
    await startWorker()
    // every charge ends up paid or (attempts cut off by the kill) waiting for reconciliation: never pending, never missing
    await until('every period resolved', async () => (await count(`status IN ('succeeded', 'needs_reconciliation')`)) === 1000, 90_000).catch(async (err) => {
      const states = (await admin.query(`SELECT status, claim_token IS NOT NULL AS claimed, count(*) FROM ${schema}.charges GROUP BY 1, 2`)).rows
      const subs = (await admin.query(`SELECT count(*) FILTER (WHERE next_action_at <= now()) AS due, count(*) FROM ${schema}.subscriptions`)).rows
      throw new Error(`${(err as Error).message}: charges ${JSON.stringify(states)}, subscriptions ${JSON.stringify(subs)}`)
    })
    phase('all resolved')
    const abandoned = await st.billing.charges.list({ status: 'needs_reconciliation', limit: 1000 })
    expect(abandoned.length).toBeLessThanOrEqual(4 * 2) // at most what the killed worker had in flight (and fetched)
    console.log(`crash test: worker killed after ${atKill} gateway charges; ${abandoned.length} attempt(s) cut off needed reconciliation`)
    // The operator settles each one from the gateway console (its transaction list, by MerchantFree1).
    for (const c of abandoned) {
      const found = gatewayCharges(st.sb, c.merchantFree1)
      if (found.length === 1) await st.billing.charges.settle(c.id, { outcome: 'succeeded', processId: found[0]!.processId, note: 'console' })
      else await st.billing.charges.settle(c.id, { outcome: 'failed', note: 'not in console' })
    }
    await until('settled-failed periods charged', async () => (await count(`status = 'succeeded' OR (status = 'settled' AND outcome = 'succeeded')`)) === 1000, 60_000)

    phase('settled ones charged')
    // Read from the sandbox's own transaction list, not from our tables.
    const keys = new Map<string, number>()
    for (const t of gatewayCharges(st.sb)) keys.set(t.merchantFree1!, (keys.get(t.merchantFree1!) ?? 0) + 1)
    const ourKeys = (await admin.query(`SELECT subscription_id, merchant_free1 FROM ${schema}.charges`)).rows
    expect(ourKeys).toHaveLength(1000)
    expect(new Set(ourKeys.map((r) => r.subscription_id))).toEqual(new Set(ids))
    expect(keys.size).toBe(1000)
    expect([...keys.values()].every((n) => n === 1)).toBe(true)
    for (const r of ourKeys) expect(keys.get(r.merchant_free1)).toBe(1)
  } finally {
    for (const c of children) c.kill('SIGKILL')
    await admin.end()
    await st.close()
  }
}, 240_000)
