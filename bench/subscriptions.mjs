#!/usr/bin/env node
// Throughput and memory of escott-subscriptions workers: N due subscriptions (1,000 and 10,000) are billed by 1 and
// by 2 worker processes (pg-boss 10, embedded PostgreSQL) against escott-sandbox with 50 ms of latency injected on
// every gateway request. Each charge is one 1Gathering round trip, so the ideal bound is
// workers × concurrency / latency charges per second; the last line is
//   ratio=<charges per second / (workers × concurrency / latency)>  for the 2-worker run on 10,000 subscriptions.
// Peak RSS is sampled inside each worker; flat memory = the same peak at 1,000 and at 10,000 subscriptions.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { Escott, newKaiinPass } from 'escott-core'
import { startEmbeddedPostgres } from 'escott-flows/embedded-postgres'
import { startSandbox } from 'escott-sandbox'
import { createBilling } from 'escott-subscriptions'

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number)
const WORKERS = [1, 2]
const MEMBERS = 200
const WORKER = fileURLToPath(new URL('../packages/escott-subscriptions/test/fixtures/worker.mjs', import.meta.url))

const dir = mkdtempSync(join(tmpdir(), 'escott-bench-subscriptions-'))
const cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'pg') })
const sb = await startSandbox({ port: 0, quiet: true })
sb.clock.set(new Date()) // real time: pg-boss and the workers run on it
const escott = new Escott({ ...sb.merchant, baseUrl: sb.url })
const admin = new pg.Client({ connectionString: cluster.connectionString })
await admin.connect()

const members = []
for (let i = 0; i < MEMBERS; i++) {
  const token = await sb.createToken({ cardNo: '4000000000001000', expYY: '30', expMM: '12', secCd: '777' })
  const m = { kaiinId: `B${process.pid}x${i}`, kaiinPass: newKaiinPass() }
  await escott.members.create({ ...m, token })
  members.push(m)
}

async function seed(schema, n) {
  const billing = await createBilling({ escott, databaseUrl: cluster.connectionString, schema, concurrency: 32 })
  await billing.plans.create({ id: 'box', name: 'box', amount: 2980, interval: 'month' })
  for (let i = 0; i < n; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, n - i) }, (_, j) =>
        billing.subscriptions.create({ customerId: `c${i + j}`, member: members[(i + j) % MEMBERS], planId: 'box' }),
      ),
    )
  }
  await billing.close()
}

function startWorker(schema) {
  const cfg = JSON.stringify({
    merchant: sb.merchant,
    sandboxUrl: sb.url,
    databaseUrl: cluster.connectionString,
    schema,
    options: { concurrency: CONCURRENCY, tickSeconds: 1 },
  })
  const child = spawn(process.execPath, [WORKER, cfg], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (b) => (out += b))
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', () => out.includes('ready') && resolve())
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)))
  })
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
    return Number(/peakRss=(\d+)/.exec(out)?.[1] ?? 0)
  }
  return { ready, stop }
}

const succeeded = async (schema) => Number((await admin.query(`SELECT count(*) FROM ${schema}.charges WHERE status = 'succeeded'`)).rows[0].count)

async function run(n, workers) {
  const schema = `bench_${n}_${workers}`
  sb.faults.clear()
  await seed(schema, n)
  sb.faults.set({ latencyMs: LATENCY_MS })
  const procs = Array.from({ length: workers }, () => startWorker(schema))
  await Promise.all(procs.map((p) => p.ready))
  const t0 = performance.now()
  const deadline = Date.now() + 15 * 60_000
  while ((await succeeded(schema)) < n) {
    if (Date.now() > deadline) throw new Error(`${schema}: not finished in 15 minutes`)
    await new Promise((r) => setTimeout(r, 100))
  }
  const seconds = (performance.now() - t0) / 1000
  const rss = await Promise.all(procs.map((p) => p.stop()))
  const failed = Number((await admin.query(`SELECT count(*) FROM ${schema}.charges WHERE status <> 'succeeded'`)).rows[0].count)
  const gateway = sb.snapshot().transactions.filter((t) => t.merchantFree1?.startsWith('sub_') && t.status !== 'canceled').length
  return { n, workers, seconds, rate: n / seconds, ideal: (workers * CONCURRENCY * 1000) / LATENCY_MS, rss, failed, gateway }
}

const results = []
try {
  for (const n of SIZES) {
    for (const w of WORKERS) {
      const r = await run(n, w)
      results.push(r)
      console.log(
        `subscriptions=${r.n} workers=${r.workers} concurrency=${CONCURRENCY} latency=${LATENCY_MS}ms: ${r.rate.toFixed(1)} charges/s ` +
          `(ideal ${r.ideal}, ${(r.rate / r.ideal).toFixed(2)}) in ${r.seconds.toFixed(1)} s; peak RSS per worker ${r.rss.map((b) => `${(b / 2 ** 20).toFixed(0)} MiB`).join(', ')}` +
          `; not succeeded ${r.failed}`,
      )
    }
  }
} finally {
  await admin.end()
  await sb.close()
  await cluster.stop()
  rmSync(dir, { recursive: true, force: true })
}
const gatewayTotal = results.reduce((s, r) => s + r.n, 0)
console.log(`gateway charges recorded by the sandbox: ${sb.snapshot().transactions.filter((t) => t.merchantFree1?.startsWith('sub_')).length} for ${gatewayTotal} subscription periods`)
for (const w of WORKERS) {
  const peaks = SIZES.map((n) => Math.max(...results.find((r) => r.n === n && r.workers === w).rss))
  console.log(`peak RSS, ${w} worker(s): ${SIZES.map((n, i) => `${n} subscriptions ${(peaks[i] / 2 ** 20).toFixed(0)} MiB`).join(', ')}`)
}
const last = results.find((r) => r.n === Math.max(...SIZES) && r.workers === 2)
console.log(`ratio=${(last.rate / last.ideal).toFixed(3)}`)
