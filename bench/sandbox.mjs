#!/usr/bin/env node
// Throughput of escott-sandbox vs a bare Node http server answering a fixed body, measured in the same run:
// 32 concurrent keep-alive clients send 1Auth (stored-card member, so no token per request) for a fixed time; each
// request carries its own MerchantFree1 (an order number), as identical member charges within 60 s are refused (KBX).
// Each server runs in its own child process; the load generator runs here. Last line: ratio=<sandbox rps / bare rps>.
import { spawn } from 'node:child_process'
import http from 'node:http'
import { fileURLToPath } from 'node:url'

const CONCURRENCY = 32
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1000)
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4)
const SANDBOX = fileURLToPath(new URL('../packages/escott-sandbox/dist/index.js', import.meta.url))

const FIXED_BODY =
  'TransactionId=100000000001&TransactionDate=20250101&OperateId=1Auth&MerchantFree1=&MerchantFree2=&MerchantFree3=' +
  '&ProcessId=0123456789abcdef0123456789abcdef&ProcessPass=0123456789abcdef0123456789abcdef&ResponseCd=OK&CompanyCd=V1&ApproveNo=1234567&McSecCd=8'

const BARE = `
import http from 'node:http'
const body = ${JSON.stringify(FIXED_BODY)}
const server = http.createServer({ keepAliveTimeout: 65000 }, (req, res) => {
  req.on('data', () => {})
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8', 'content-length': Buffer.byteLength(body) })
    res.end(body)
  })
})
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port })))
`

const SB = `
import { startSandbox } from ${JSON.stringify(SANDBOX)}
const sb = await startSandbox({ port: 0, quiet: true })
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

function tokyoDate() {
  return new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10).replace(/-/g, '')
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

async function load(url, nextBody, check) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  let count = 0
  let errors = 0
  let measuring = false
  let stop = false
  const worker = async () => {
    while (!stop) {
      const text = await post(agent, url, nextBody())
      if (measuring) {
        count++
        if (!check(text)) errors++
      }
    }
  }
  const workers = Array.from({ length: CONCURRENCY }, worker)
  await new Promise((r) => setTimeout(r, WARMUP_MS))
  measuring = true
  const t0 = performance.now()
  await new Promise((r) => setTimeout(r, DURATION_MS))
  measuring = false
  const elapsed = (performance.now() - t0) / 1000
  stop = true
  await Promise.all(workers)
  agent.destroy()
  return { rps: count / elapsed, errors }
}

const bare = await child(BARE)
const sb = await child(SB)
try {
  const m = sb.info.merchant
  const common = { MerchantId: m.merchantId, MerchantPass: m.merchantPass, TenantId: m.tenantId, TransactionDate: tokyoDate() }
  // One stored card, so every request is a full 1Auth with member lookup but no per-request token.
  const tokenRes = await fetch(sb.info.url + '/_sandbox/tokens', { method: 'POST', body: JSON.stringify({ cardNo: '4000000000001000', expYY: '28', expMM: '12', secCd: '777' }) })
  const { token } = await tokenRes.json()
  const add = await post(
    undefined,
    sb.info.url + '/online/crp/OCRP005.do',
    new URLSearchParams({ ...common, OperateId: '4MemAdd', KaiinId: 'bench01', KaiinPass: 'benchpass1', Token: token }).toString(),
  )
  if (!add.includes('ResponseCd=OK')) throw new Error('4MemAdd failed: ' + add)
  const authPrefix = new URLSearchParams({ ...common, OperateId: '1Auth', KaiinId: 'bench01', KaiinPass: 'benchpass1', PayType: '01', Amount: '1000' }).toString()
  let order = 0
  const authBody = () => `${authPrefix}&MerchantFree1=bench-${++order}`
  const okAuth = (t) => t.includes('&ResponseCd=OK&')

  let bestBare = 0
  let bestSandbox = 0
  let sandboxErrors = 0
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate which server goes first so client warm-up and neighbours' load do not favour one side.
    const runBare = () => load(bare.info.url + '/online/aut/OAUT002.do', authBody, () => true)
    const runSandbox = () => load(sb.info.url + '/online/aut/OAUT002.do', authBody, okAuth)
    let b, s
    if (round % 2) {
      b = await runBare()
      s = await runSandbox()
    } else {
      s = await runSandbox()
      b = await runBare()
    }
    sandboxErrors += s.errors
    bestBare = Math.max(bestBare, b.rps)
    bestSandbox = Math.max(bestSandbox, s.rps)
    console.log(`round ${round}: bare ${b.rps.toFixed(0)} rps, sandbox 1Auth ${s.rps.toFixed(0)} rps (${s.errors} non-OK)`)
  }
  if (sandboxErrors) throw new Error(`${sandboxErrors} sandbox responses were not ResponseCd=OK`)
  console.log(`concurrency=${CONCURRENCY} keep-alive, ${DURATION_MS} ms per run, best of ${ROUNDS}`)
  console.log(`bare_rps=${bestBare.toFixed(0)} sandbox_rps=${bestSandbox.toFixed(0)}`)
  console.log(`ratio=${(bestSandbox / bestBare).toFixed(3)}`)
} finally {
  bare.proc.kill()
  sb.proc.kill()
}
