#!/usr/bin/env node
// Throughput and memory of escott-subscriptions workers: N due subscriptions (1,000 and 10,000) are billed by 1 and
// by 2 worker processes (pg-boss 10, embedded PostgreSQL) against escott-sandbox with 50 ms of latency injected on
// every gateway request. Each charge is one 1Gathering round trip, so the ideal bound is
// workers × concurrency / latency charges per second; the last line is
//   ratio=<charges per second / (workers × concurrency / latency)>  for the 2-worker run on 10,000 subscriptions.
// The sandbox runs in a process of its own (as a real gateway is elsewhere) and is driven through its admin routes.
// Charges per second count only what was charged after every worker was ready, up to the last charge recorded
// (its succeeded_at). Memory: peak RSS sampled inside each worker, and its heap used after a full GC when ready and
// at the end of the run (state kept per subscription would grow it); flat memory = the same figures at 1,000 and at
// 10,000 subscriptions. CPU time of the workers, the sandbox
// and PostgreSQL is read from /proc (Linux) and printed per charge, with the load average, so a run on a shared
// machine can be judged. BENCH_PROFILE=1 also prints where each worker's statement and gateway time went;
// BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") is passed to each worker process, and
// BENCH_WORKER_LOG=<path prefix> keeps each worker's output in a file.
import { spawn } from 'node:child_process'
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { Escott, newKaiinPass } from 'escott-core'
import { startEmbeddedPostgres } from 'escott-flows/embedded-postgres'
import { addDays, createBilling, tokyoDateOf } from 'escott-subscriptions'

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number)
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number)
const PROFILE = process.env.BENCH_PROFILE === '1'
const MEMBERS = 200
const WORKER = fileURLToPath(new URL('../packages/escott-subscriptions/test/fixtures/worker.mjs', import.meta.url))
const SANDBOX = fileURLToPath(new URL('../packages/escott-sandbox/dist/index.js', import.meta.url))

// ---- CPU time from /proc (Linux; elsewhere the CPU columns say n/a) -------------------------------------------
const TICK_MS = 10 // USER_HZ is 100 on every Linux the kernel ABI allows for /proc/<pid>/stat
function procStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ') // fields from 3 (state) on
    return { ppid: Number(f[1]), self: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS }
  } catch {
    return undefined
  }
}
/** CPU ms used so far by `pid` and its reaped children, plus its live children (PostgreSQL's backends). */
function treeCpuMs(pid) {
  const root = procStat(pid)
  if (!root) return NaN
  let ms = root.self + root.children
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const s = procStat(name)
    if (s?.ppid === pid) ms += s.self
  }
  return ms
}

// ---- the sandbox, in its own process ------------------------------------------------------------------------
function startSandboxProcess() {
  const src = `import { startSandbox } from ${JSON.stringify(SANDBOX)}
// Every transaction kept (the sandbox forgets the oldest beyond 10,000 by default): the runs are counted at the end.
const sb = await startSandbox({ port: 0, quiet: true, retention: { transactions: Infinity } })
console.log(JSON.stringify({ url: sb.url, merchant: sb.merchant }))`
  const proc = spawn(process.execPath, ['--input-type=module', '-e', src], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    proc.stdout.on('data', (c) => {
      out += c
      const nl = out.indexOf('\n')
      if (nl !== -1) resolve({ proc, ...JSON.parse(out.slice(0, nl)) })
    })
    proc.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)))
  })
}
const sb = await startSandboxProcess()
async function admin(path, body) {
  const res = await fetch(sb.url + path, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`)
  return res.json()
}
const gatewayCharges = async () => (await admin('/_sandbox/state')).transactions.filter((t) => t.merchantFree1?.startsWith('sub_') && t.status !== 'canceled')

const dir = mkdtempSync(join(tmpdir(), 'escott-bench-subscriptions-'))
let cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'pg') })
if (PROFILE) {
  // pg_stat_statements: calls, planning and execution time per statement, inside PostgreSQL.
  const c = new pg.Client({ connectionString: cluster.connectionString })
  await c.connect()
  await c.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`)
  await c.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`)
  await c.end()
  await cluster.stop()
  cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'pg') })
}
const postmaster = Number(readFileSync(join(cluster.clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0])
await admin('/_sandbox/clock/set', { to: new Date().toISOString() }) // real time: pg-boss and the workers run on it
const escott = new Escott({ ...sb.merchant, baseUrl: sb.url })
const db = new pg.Client({ connectionString: cluster.connectionString })
await db.connect()
if (PROFILE) await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')

const members = []
for (let i = 0; i < MEMBERS; i++) {
  const { token } = await admin('/_sandbox/tokens', { cardNo: '4000000000001000', expYY: '30', expMM: '12', secCd: '777' })
  const m = { kaiinId: `B${process.pid}x${i}`, kaiinPass: newKaiinPass() }
  await escott.members.create({ ...m, token })
  members.push(m)
}

async function seed(schema, n) {
  const billing = await createBilling({ escott, databaseUrl: cluster.connectionString, schema, concurrency: 32 })
  await billing.plans.create({ id: 'box', name: 'box', amount: 2980, interval: 'month' })
  // Started yesterday (a Tokyo day): the first period is due now whatever the time of day (one started today before
  // 10:00 JST would wait for today's charge time).
  const startAt = addDays(tokyoDateOf(new Date()), -1)
  for (let i = 0; i < n; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, j) => billing.subscriptions.create({ customerId: `c${i + j}`, member: members[(i + j) % MEMBERS], planId: 'box', startAt })))
  }
  await billing.close()
}

function startWorker(schema) {
  const cfg = JSON.stringify({
    merchant: sb.merchant,
    sandboxUrl: sb.url,
    databaseUrl: cluster.connectionString,
    schema,
    profile: PROFILE,
    options: { concurrency: CONCURRENCY, tickSeconds: 1 },
  })
  // --expose-gc: each worker reports its heap used after a full GC when ready and when told to stop.
  const nodeArgs = ['--expose-gc', ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)]
  const child = spawn(process.execPath, [...nodeArgs, WORKER, cfg], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (b) => (out += b))
  // BENCH_WORKER_LOG=<path prefix>: each worker's own output (e.g. with BENCH_NODE_ARGS=--trace-gc) kept in a file.
  if (process.env.BENCH_WORKER_LOG) child.stdout.pipe(createWriteStream(`${process.env.BENCH_WORKER_LOG}-${schema}-${child.pid}.log`))
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', () => out.includes('ready') && resolve())
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)))
  })
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
    return JSON.parse(/stats=(.*)/.exec(out)?.[1] ?? '{}')
  }
  return { ready, stop }
}

const succeeded = async (schema) => Number((await db.query(`SELECT count(*) FROM ${schema}.charges WHERE status = 'succeeded'`)).rows[0].count)

async function run(n, workers) {
  const schema = `bench_${n}_${workers}`
  await admin('/_sandbox/faults/clear', {})
  await seed(schema, n)
  await admin('/_sandbox/faults/set', { latencyMs: LATENCY_MS })
  if (PROFILE) await db.query('SELECT pg_stat_statements_reset(), pg_stat_reset()')
  const load0 = loadavg()[0]
  const cpu0 = { sandbox: treeCpuMs(sb.proc.pid), postgres: treeCpuMs(postmaster) }
  const procs = Array.from({ length: workers }, () => startWorker(schema))
  await Promise.all(procs.map((p) => p.ready))
  const t0 = Date.now()
  const before = await succeeded(schema) // charged while the other worker was still starting: not counted
  const deadline = t0 + 15 * 60_000
  let done = before
  // Polled twice a second (a count over the charges table is PostgreSQL CPU too); the end of the run is the last
  // charge's own succeeded_at (real time in the bench), not the moment the poll noticed it.
  while (done < n) {
    if (Date.now() > deadline) throw new Error(`${schema}: not finished in 15 minutes`)
    await new Promise((r) => setTimeout(r, 500))
    done = await succeeded(schema)
  }
  const last = (await db.query(`SELECT max(succeeded_at) AS at FROM ${schema}.charges`)).rows[0].at
  const seconds = (last.getTime() - t0) / 1000
  const load1 = loadavg()[0]
  const stats = await Promise.all(procs.map((p) => p.stop()))
  await new Promise((r) => setTimeout(r, 300)) // let PostgreSQL reap the workers' backends
  const cpu = {
    workers: stats.reduce((s, x) => s + (x.cpuMs ?? NaN), 0),
    sandbox: treeCpuMs(sb.proc.pid) - cpu0.sandbox,
    postgres: treeCpuMs(postmaster) - cpu0.postgres,
  }
  const pgStatements = PROFILE
    ? (
        await db.query(
          `SELECT calls, total_plan_time AS plan, total_exec_time AS exec, left(regexp_replace(query, '\\s+', ' ', 'g'), 72) AS sql
             FROM pg_stat_statements ORDER BY total_plan_time + total_exec_time DESC LIMIT 12`,
        )
      ).rows
    : []
  // Sequential scans read every row of a table: one in a statement run per charge makes the run quadratic.
  const tableScans = PROFILE
    ? (
        await db.query(
          `SELECT schemaname || '.' || relname AS t, seq_scan, seq_tup_read, idx_scan FROM pg_stat_user_tables
            WHERE schemaname IN ($1, $2) AND seq_scan > 0 ORDER BY seq_tup_read DESC LIMIT 6`,
          [schema, `${schema}_jobs`],
        )
      ).rows
    : []
  const failed = Number((await db.query(`SELECT count(*) FROM ${schema}.charges WHERE status <> 'succeeded'`)).rows[0].count)
  const rate = (n - before) / seconds
  return { n, workers, seconds, counted: n - before, pgStatements, tableScans, rate, ideal: (workers * CONCURRENCY * 1000) / LATENCY_MS, stats, cpu, failed, load: [load0, load1] }
}

const mib = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : 'n/a')
const perCharge = (ms, n) => (Number.isFinite(ms) ? (ms / n).toFixed(2) : 'n/a')
function profileLines(r) {
  return r.stats.flatMap((s, i) => {
    if (!s.gateway) return []
    const lane = (r.seconds * CONCURRENCY * 1000) / r.counted
    const sql = s.statements.reduce((t, x) => t + x.ms, 0)
    return [
      `  worker ${i + 1}: per charge ${(s.gateway.ms / s.gateway.count).toFixed(1)} ms gateway, ${(sql / (r.n / r.workers)).toFixed(1)} ms in statements (all pools), ` +
        `${(s.pool.waitMs / Math.max(1, s.pool.count)).toFixed(2)} ms average wait for a pooled connection; a lane spends ${lane.toFixed(1)} ms per charge`,
      ...s.statements.slice(0, 8).map((x) => `    ${(x.ms / x.count).toFixed(2).padStart(6)} ms × ${String(x.count).padStart(6)}  ${x.sql}`),
    ]
  })
}

const sum = (stats, key) => stats.reduce((t, x) => t + (x[key] ?? NaN), 0)
const results = []
try {
  for (const n of SIZES) {
    for (const w of WORKERS) {
      const r = await run(n, w)
      results.push(r)
      const cpuTotal = r.cpu.workers + r.cpu.sandbox + r.cpu.postgres
      console.log(
        `subscriptions=${r.n} workers=${r.workers} concurrency=${CONCURRENCY} latency=${LATENCY_MS}ms: ${r.rate.toFixed(1)} charges/s ` +
          `(ideal ${r.ideal}, ${(r.rate / r.ideal).toFixed(2)}) over ${r.counted} charges in ${r.seconds.toFixed(1)} s; ` +
          `peak RSS per worker ${r.stats.map((s) => `${(s.peakRss / 2 ** 20).toFixed(0)} MiB`).join(', ')}; ` +
          `heap after GC per worker (ready → end) ${r.stats.map((s) => `${mib(s.heapAtReady)} → ${mib(s.heapAtEnd)}`).join(', ')}; not succeeded ${r.failed}; ` +
          `CPU ms per charge: workers ${perCharge(r.cpu.workers, r.n)} (user ${perCharge(sum(r.stats, 'cpuUserMs'), r.n)}, system ${perCharge(sum(r.stats, 'cpuSystemMs'), r.n)}), sandbox ${perCharge(r.cpu.sandbox, r.n)}, postgres ${perCharge(r.cpu.postgres, r.n)}, ` +
          `total ${perCharge(cpuTotal, r.n)} (${Number.isFinite(cpuTotal) ? (cpuTotal / 1000 / r.seconds).toFixed(2) : 'n/a'} cores busy); load average ${r.load.map((l) => l.toFixed(1)).join(' → ')}`,
      )
      if (PROFILE)
        for (const s of r.stats)
          console.log(
            `  peaks: ${Object.entries(s.peaks ?? {})
              .map(([k, v]) => `${k} ${mib(v)}`)
              .join(', ')}`,
          )
      for (const line of profileLines(r)) console.log(line)
      if (PROFILE) {
        console.log('  inside PostgreSQL (pg_stat_statements), ms per charge: plan + exec, calls per charge')
        for (const x of r.pgStatements) {
          console.log(`    ${((x.plan + x.exec) / r.n).toFixed(3).padStart(7)} = ${(x.plan / r.n).toFixed(3)} + ${(x.exec / r.n).toFixed(3)}  × ${(x.calls / r.n).toFixed(2)}  ${x.sql}`)
        }
        console.log('  sequential scans (pg_stat_user_tables): table, scans, rows read, index scans')
        for (const x of r.tableScans) console.log(`    ${x.t}: ${x.seq_scan}, ${x.seq_tup_read}, ${x.idx_scan}`)
      }
    }
  }
  const charges = await gatewayCharges()
  const total = results.reduce((s, r) => s + r.n, 0)
  console.log(`gateway charges recorded by the sandbox: ${charges.length} for ${total} subscription periods`)
} finally {
  await db.end()
  sb.proc.kill()
  await cluster.stop()
  rmSync(dir, { recursive: true, force: true })
}
// Flat memory: the same peak RSS and heap after GC per worker whatever the number of subscriptions.
for (const w of WORKERS) {
  const at = SIZES.map((n) => results.find((r) => r.n === n && r.workers === w).stats)
  console.log(
    `memory per worker, ${w} worker(s): ` +
      SIZES.map(
        (n, i) =>
          `${n} subscriptions: peak RSS ${at[i].map((s) => mib(s.peakRss)).join(' / ')}, heap after GC at the end ${at[i].map((s) => mib(s.heapAtEnd)).join(' / ')} (full GCs V8 ran during the run: ${at[i].map((s) => s.gcs?.major ?? 'n/a').join(' / ')})`,
      ).join('; '),
  )
}
const last = results.find((r) => r.n === Math.max(...SIZES) && r.workers === Math.max(...WORKERS))
console.log(`ratio=${(last.rate / last.ideal).toFixed(3)}`)
