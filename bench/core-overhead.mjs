// Cost of escott-core's layer on one 1Auth: escott.card.authorize vs a hand-written fetch of the identical body,
// interleaved in one run against a local server that answers after 5 ms (an in-region round trip), plus the
// loopback (0 ms) ratios. ky alone stays as a reference line: escott-core sent through ky until this benchmark
// traced most of its overhead to ky's Request body stream (docs/protocol-decisions.md #27).
// Each figure is the median of per-call times. Last line: ratio=<escott time / raw fetch time> at 5 ms.
import { fork } from 'node:child_process'
import { createServer } from 'node:http'
import { performance } from 'node:perf_hooks'
import ky from 'ky'
import { Escott } from 'escott-core'
import { encodeForm, tokyoDate } from 'escott-core/wire'

const ANSWER =
  'TransactionId=1234567&TransactionDate=' +
  tokyoDate() +
  '&OperateId=1Auth&MerchantFree1=bench-1&MerchantFree2=&MerchantFree3=' +
  '&ResponseCd=OK&ProcessId=' +
  'P'.repeat(32) +
  '&ProcessPass=' +
  'Q'.repeat(32) +
  '&CompanyCd=Y2&ApproveNo=1234567&McSecCd=0'

// The gateway stand-in runs in its own process, as a real gateway would: the client's work never delays its timers.
if (process.argv[2] === 'serve') {
  const server = await startServer(Number(process.argv[3]))
  process.send({ port: server.address().port })
  process.on('disconnect', () => process.exit(0))
}

function startServer(delayMs) {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const send = () => {
        res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8', 'content-length': Buffer.byteLength(ANSWER) })
        res.end(ANSWER)
      }
      delayMs ? setTimeout(send, delayMs) : send()
    })
  })
  server.keepAliveTimeout = 60_000
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

const TOKEN = 'tok_ABCDEFGHIJKLMNOP0123456789'
const merchant = { merchantId: 'M000001', merchantPass: 'bench-pass', tenantId: '0001' }

function startServerProcess(delayMs) {
  const child = fork(new URL(import.meta.url).pathname, ['serve', String(delayMs)], { stdio: 'inherit' })
  return new Promise((resolve) => child.once('message', (m) => resolve({ child, port: m.port })))
}

async function measure(delayMs, iterations) {
  const { child, port } = await startServerProcess(delayMs)
  const baseUrl = `http://127.0.0.1:${port}`
  const url = baseUrl + '/online/aut/OAUT002.do'
  const escott = new Escott({ ...merchant, baseUrl })
  const http = ky.create({ retry: 0, timeout: 30_000, throwHttpErrors: false })
  const body = () =>
    encodeForm({
      MerchantId: merchant.merchantId,
      MerchantPass: merchant.merchantPass,
      TransactionDate: tokyoDate(),
      OperateId: '1Auth',
      TenantId: '0001',
      MerchantFree1: 'bench-1',
      Token: TOKEN,
      PayType: '01',
      Amount: 1980,
    })
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }
  const variants = {
    raw: async () => {
      const res = await fetch(url, { method: 'POST', body: body(), headers })
      const text = await res.text()
      if (!text.includes('ResponseCd=OK')) throw new Error('raw: unexpected answer')
    },
    ky: async () => {
      const text = await (await http.post(url, { body: body(), headers })).text()
      if (!text.includes('ResponseCd=OK')) throw new Error('ky: unexpected answer')
    },
    escott: async () => {
      const tx = await escott.card.authorize({ amount: 1980, token: TOKEN, merchantFree1: 'bench-1' })
      if (!tx.processId) throw new Error('escott: unexpected answer')
    },
  }
  const names = Object.keys(variants)
  const samples = Object.fromEntries(names.map((n) => [n, []]))
  const warm = Math.min(200, iterations)
  for (let i = 0; i < warm; i++) for (const n of names) await variants[n]()
  for (let i = 0; i < iterations; i++) {
    // rotate the order every round so no variant always runs first after a pause
    for (let k = 0; k < names.length; k++) {
      const n = names[(i + k) % names.length]
      const t0 = performance.now()
      await variants[n]()
      samples[n].push(performance.now() - t0)
    }
  }
  child.disconnect()
  // Median per variant: robust against the scheduler pauses of a shared 2-core machine.
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b)
    return s[Math.floor(s.length / 2)]
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n])]))
}

if (process.argv[2] === 'serve') await new Promise(() => {}) // the server child stays here

const f = (x) => x.toFixed(3)
const loop = await measure(0, Number(process.env.BENCH_LOOPBACK_ITER ?? 3000))
console.log(`loopback 0 ms: raw=${f(loop.raw)}ms ky=${f(loop.ky)}ms escott=${f(loop.escott)}ms`)
console.log(`loopback ratios: ky/raw=${f(loop.ky / loop.raw)} escott/raw=${f(loop.escott / loop.raw)} escott/ky=${f(loop.escott / loop.ky)}`)
const rtt = await measure(5, Number(process.env.BENCH_ITER ?? 600))
console.log(`5 ms server: raw=${f(rtt.raw)}ms ky=${f(rtt.ky)}ms escott=${f(rtt.escott)}ms`)
console.log(`5 ms ratios: ky/raw=${f(rtt.ky / rtt.raw)} escott/raw=${f(rtt.escott / rtt.raw)} (target <= 1.08)`)
console.log(`ratio=${f(rtt.escott / rtt.raw)}`)
