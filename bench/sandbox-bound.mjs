#!/usr/bin/env node
// What the sandbox's memory bound (issue 11, finding 8) costs per request: CPU time per 1Auth of the sandbox with its
// default bound (10,000 transactions, least recently used forgotten) against the same build with the bound off
// (`retention: Infinity`, the old keep-everything behaviour), measured in the same run. Both get 12,000 charges
// first, so the bounded one forgets a transaction on every measured request. CPU time (utime + stime of the server
// process from /proc, Linux) rather than requests per second, so neighbours' load on a shared machine moves it less.
// Last line: ratio=<unbounded CPU per request / bounded CPU per request> (1 = the bound costs nothing; above 1 it saves).
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { fileURLToPath } from 'node:url'

const CONCURRENCY = 32
const PREFILL = Number(process.env.BENCH_PREFILL ?? 12_000)
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 15_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SANDBOX = fileURLToPath(new URL('../packages/escott-sandbox/dist/index.js', import.meta.url))
const TICK_US = 1e6 / 100 // USER_HZ is 100 on Linux

const server = (retention) => `
import { startSandbox } from ${JSON.stringify(SANDBOX)}
const sb = await startSandbox({ port: 0, quiet: true, retention: ${retention} })
console.log(JSON.stringify({ url: sb.url, merchant: sb.merchant }))
`

function child(source) {
  const proc = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    proc.stdout.on('data', (c) => {
      out += c
      const nl = out.indexOf('\n')
      if (nl !== -1) resolve({ proc, info: JSON.parse(out.slice(0, nl)) })
    })
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
}

const cpuTicks = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return Number(f[11]) + Number(f[12])
}

function post(agent, url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve(text))
    })
    req.on('error', reject)
    req.end(body)
  })
}

function tokyoDate() {
  return new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10).replace(/-/g, '')
}

async function prepare(sb) {
  const m = sb.info.merchant
  const common = { MerchantId: m.merchantId, MerchantPass: m.merchantPass, TenantId: m.tenantId, TransactionDate: tokyoDate() }
  const { token } = await fetch(sb.info.url + '/_sandbox/tokens', { method: 'POST', body: JSON.stringify({ cardNo: '4000000000001000', expYY: '28', expMM: '12', secCd: '777' }) }).then((r) =>
    r.json(),
  )
  const add = await post(
    undefined,
    sb.info.url + '/online/crp/OCRP005.do',
    new URLSearchParams({ ...common, OperateId: '4MemAdd', KaiinId: 'bench01', KaiinPass: 'benchpass1', Token: token }).toString(),
  )
  if (!add.includes('ResponseCd=OK')) throw new Error('4MemAdd failed: ' + add)
  const prefix = new URLSearchParams({ ...common, OperateId: '1Auth', KaiinId: 'bench01', KaiinPass: 'benchpass1', PayType: '01', Amount: '1000' }).toString()
  let order = 0
  // Each charge carries its own MerchantFree1: identical member charges within 60 s are refused (KBX).
  return () => `${prefix}&MerchantFree1=bench-${++order}`
}

async function send(sb, nextBody, n) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  let left = n
  const worker = async () => {
    while (left-- > 0) {
      const text = await post(agent, sb.info.url + '/online/aut/OAUT002.do', nextBody())
      if (!text.includes('&ResponseCd=OK&')) throw new Error('not OK: ' + text)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  agent.destroy()
}

const servers = { bounded: await child(server('{}')), unbounded: await child(server('{ transactions: Infinity, members: Infinity }')) }
try {
  const bodies = {}
  for (const [name, sb] of Object.entries(servers)) {
    bodies[name] = await prepare(sb)
    await send(sb, bodies[name], PREFILL)
  }
  const perRequest = { bounded: [], unbounded: [] }
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate which goes first so neighbours' load does not favour one side.
    for (const name of round % 2 ? ['bounded', 'unbounded'] : ['unbounded', 'bounded']) {
      const sb = servers[name]
      const before = cpuTicks(sb.proc.pid)
      await send(sb, bodies[name], REQUESTS)
      const us = ((cpuTicks(sb.proc.pid) - before) * TICK_US) / REQUESTS
      perRequest[name].push(us)
      console.log(`round ${round}: ${name} ${us.toFixed(1)} us CPU per 1Auth`)
    }
  }
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]
  const b = median(perRequest.bounded)
  const u = median(perRequest.unbounded)
  console.log(`prefill=${PREFILL} requests=${REQUESTS} per round, median of ${ROUNDS}: bounded ${b.toFixed(1)} us, unbounded ${u.toFixed(1)} us`)
  console.log(`ratio=${(u / b).toFixed(3)}`)
} finally {
  for (const sb of Object.values(servers)) sb.proc.kill()
}
