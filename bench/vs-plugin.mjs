// The same 1Auth sent two ways against a local TLS gateway stand-in behind a proxy that delays every chunk by
// 2.5 ms in each direction (a 5 ms round trip):
// - plugin: the way the official WooCommerce plugin sends it (woo-sonypayment, class-spfwc-sln-connection.php):
//   a new TLS 1.2 connection per call (stream_socket_client('tlsv1.2://…')), a hand-written HTTP/1.1 request with
//   `Connection: close`, read to the end of the stream;
// - escott: escott.card.authorize, which keeps its connection alive between calls.
// The certificate is self-signed and generated for this run (openssl); escott trusts it through NODE_EXTRA_CA_CERTS
// in the measuring child process, the plugin way through tls.connect's `ca`. Gateway, proxy and client each run in
// their own process. The proxy delays data, not the TCP handshake, which favours the plugin way (it opens a
// connection per call), so the ratio is a lower bound. Medians of interleaved calls.
// Last line: ratio=<plugin time / escott time>.
import { execFileSync, fork } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createTcpServer, connect as tcpConnect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { connect as tlsConnect } from 'node:tls'
import { fileURLToPath } from 'node:url'

const SELF = fileURLToPath(import.meta.url)
const ONE_WAY_MS = 2.5
const MERCHANT = { merchantId: 'M000001', merchantPass: 'bench-pass', tenantId: '0001' }
const TOKEN = 'tok_ABCDEFGHIJKLMNOP0123456789'
const [role, ...args] = process.argv.slice(2)

function answerFor(fields) {
  return new URLSearchParams({
    TransactionId: '1234567',
    TransactionDate: fields.get('TransactionDate') ?? '',
    OperateId: fields.get('OperateId') ?? '',
    MerchantFree1: fields.get('MerchantFree1') ?? '',
    ResponseCd: 'OK',
    ProcessId: 'P'.repeat(32),
    ProcessPass: 'Q'.repeat(32),
    CompanyCd: 'Y2',
    ApproveNo: '1234567',
  }).toString()
}

/** The gateway stand-in: HTTPS, answers 1Auth at once; keeps connections alive unless asked to close. */
function serveGateway(dir) {
  const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const answer = answerFor(new URLSearchParams(body))
      res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8', 'content-length': Buffer.byteLength(answer) })
      res.end(answer)
    })
  })
  server.keepAliveTimeout = 60_000
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
}

/**
 * A TCP proxy that hands every chunk (and the end of the stream) on 2.5 ms after it arrived, in both directions.
 * Timers have millisecond resolution, so the last fraction is waited out with setImmediate.
 */
function serveProxy(upstreamPort) {
  const delayLine = (from, to) => {
    const queue = []
    let scheduled = false
    const flush = () => {
      const now = performance.now()
      while (queue.length && queue[0].due <= now) {
        const { chunk } = queue.shift()
        if (chunk === null) to.end()
        else to.write(chunk)
      }
      if (!queue.length) return void (scheduled = false)
      const wait = queue[0].due - now
      if (wait >= 1) setTimeout(flush, Math.floor(wait))
      else setImmediate(flush)
    }
    const push = (chunk) => {
      queue.push({ due: performance.now() + ONE_WAY_MS, chunk })
      if (!scheduled) {
        scheduled = true
        setTimeout(flush, Math.floor(ONE_WAY_MS))
      }
    }
    from.on('data', push)
    from.on('end', () => push(null))
    from.on('error', () => to.destroy())
    to.on('error', () => from.destroy())
  }
  // allowHalfOpen: an end is handed on 2.5 ms later like data, not acted upon at once.
  const server = createTcpServer({ allowHalfOpen: true }, (client) => {
    client.setNoDelay(true)
    const upstream = tcpConnect({ port: upstreamPort, host: '127.0.0.1', allowHalfOpen: true })
    upstream.setNoDelay(true)
    delayLine(client, upstream)
    delayLine(upstream, client)
  })
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
}

/** One 1Auth the way the WooCommerce plugin sends it. */
function pluginAuth(port, ca, body) {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' })
    let text = ''
    socket.setEncoding('utf8')
    socket.on('secureConnect', () => {
      socket.write(
        'POST /online/aut/OAUT002.do HTTP/1.1\r\n' +
          'Host: localhost\r\n' +
          'User-Agent: SLN_PAYMENT_CLIENT_PG_PHP_VERSION_1_0\r\n' +
          'Content-Type: application/x-www-form-urlencoded\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          'Connection: close\r\n\r\n' +
          body,
      )
    })
    socket.on('data', (c) => (text += c))
    socket.on('end', () => {
      const answer = new URLSearchParams(text.split('\r\n\r\n')[1] ?? '')
      if (answer.get('ResponseCd') === 'OK') resolve(socket.getProtocol())
      else reject(new Error('plugin way: unexpected answer: ' + JSON.stringify(text.slice(0, 300))))
    })
    socket.on('error', reject)
  })
}

async function measure(port, certFile, iterations) {
  const { Escott } = await import('escott-core')
  const { encodeForm, tokyoDate } = await import('escott-core/wire')
  const ca = readFileSync(certFile)
  const escott = new Escott({ ...MERCHANT, baseUrl: `https://localhost:${port}` })
  const pluginBody = () =>
    encodeForm({
      MerchantId: MERCHANT.merchantId,
      MerchantPass: MERCHANT.merchantPass,
      TransactionDate: tokyoDate(),
      OperateId: '1Auth',
      TenantId: MERCHANT.tenantId,
      MerchantFree1: 'bench-1',
      Token: TOKEN,
      PayType: '01',
      Amount: 1980,
    })
  let pluginProtocol = ''
  const variants = {
    plugin: async () => {
      pluginProtocol = await pluginAuth(port, ca, pluginBody())
    },
    escott: async () => {
      const tx = await escott.card.authorize({ amount: 1980, token: TOKEN, merchantFree1: 'bench-1' })
      if (!tx.processId) throw new Error('escott: unexpected answer')
    },
  }
  const names = Object.keys(variants)
  const samples = Object.fromEntries(names.map((n) => [n, []]))
  for (let i = 0; i < 20; i++) for (const n of names) await variants[n]()
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(i + k) % names.length]
      const t0 = performance.now()
      await variants[n]()
      samples[n].push(performance.now() - t0)
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  return { plugin: median(samples.plugin), escott: median(samples.escott), pluginProtocol }
}

function child(args, env = process.env) {
  const proc = fork(SELF, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env })
  return new Promise((resolve, reject) => {
    proc.once('message', (m) => resolve({ proc, message: m }))
    proc.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)))
  })
}

if (role === 'gateway') serveGateway(args[0])
else if (role === 'proxy') serveProxy(Number(args[0]))
else if (role === 'measure') {
  const result = await measure(Number(args[0]), args[1], Number(args[2]))
  process.send(result, () => process.exit(0))
} else {
  const dir = mkdtempSync(join(tmpdir(), 'escott-bench-tls-'))
  const procs = []
  try {
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost,IP:127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      )
    } catch (cause) {
      throw new Error('bench:vs-plugin needs the openssl command to make a self-signed certificate', { cause })
    }
    const gateway = await child(['gateway', dir])
    procs.push(gateway.proc)
    const proxy = await child(['proxy', String(gateway.message.port)])
    procs.push(proxy.proc)
    const iterations = Number(process.env.BENCH_ITER ?? 300)
    const run = await child(['measure', String(proxy.message.port), join(dir, 'cert.pem'), String(iterations)], { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') })
    const { plugin, escott, pluginProtocol } = run.message
    const f = (x) => x.toFixed(3)
    console.log(`proxy: ${ONE_WAY_MS} ms each direction (5 ms round trip); ${iterations} interleaved calls each, medians`)
    console.log(`plugin way (new ${pluginProtocol} connection per call, Connection: close): ${f(plugin)} ms`)
    console.log(`escott (keep-alive): ${f(escott)} ms`)
    console.log(`ratio=${f(plugin / escott)}`)
  } finally {
    for (const p of procs) p.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}
