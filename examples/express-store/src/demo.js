/**
 * `npm run demo`: the local e-SCOTT sandbox, a local SMTP catcher and the store in one process. No account, no
 * database server, no mail leaves the machine: the sandbox keeps its state in .escott-data/sandbox.json, the store in
 * .pgdata (embedded PostgreSQL), the catcher its mail in memory (outbox page printed below).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSandbox } from 'escott-sandbox'
import { startMailCatcher } from './mail/catcher.js'
import { envOfSandbox, escottConfigFromEnv } from './config.js'
import { startStore } from './start.js'

const dataDir = process.env.STORE_DATA_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '..')
const stateDir = join(dataDir, '.escott-data')
mkdirSync(stateDir, { recursive: true })

async function portOr(preferred) {
  return new Promise((res) => {
    const srv = createServer()
    srv.once('error', () => res(0))
    srv.listen(preferred, '127.0.0.1', () => srv.close(() => res(preferred)))
  })
}

// Stable secrets for this folder, so logins and the admin password survive restarts.
const secretsFile = join(stateDir, 'demo-secrets.json')
const secrets = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : { adminPassword: randomBytes(6).toString('hex'), cookieSecret: randomBytes(32).toString('hex') }
writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 })

const storePort = await portOr(Number(process.env.PORT ?? 3000))
// Listen first so the sandbox knows where to send notifications.
const sandboxPort = await portOr(Number(process.env.SANDBOX_PORT ?? 8731))
const reserved = createServer()
await new Promise((r) => reserved.listen(storePort, '127.0.0.1', r))
const port = reserved.address().port
await new Promise((r) => reserved.close(r))
const publicUrl = `http://localhost:${port}`

const sb = await startSandbox({
  port: sandboxPort,
  dataFile: join(stateDir, 'sandbox.json'),
  notificationUrl: `${publicUrl}/payment/cvs/notification`,
  quiet: true,
  // Trying installments and declines re-enters the same test card often: the demo locks a card number (KI5) only after
  // 30 entries in 10 minutes and never locks the terminal (the real gateway: 5 and 10). Unlock in the sandbox console.
  merchant: { tokenLock: { cardAttempts: 30, terminalAttempts: 0 } },
})
const env = envOfSandbox(sb)
const mail = await startMailCatcher({ smtpPort: Number(process.env.SMTP_PORT ?? 0), httpPort: await portOr(Number(process.env.OUTBOX_PORT ?? 8025)) })
writeFileSync(join(stateDir, 'demo.json'), JSON.stringify({ storeUrl: publicUrl, env }, null, 2), { mode: 0o600 })
const store = await startStore({
  escottConfig: escottConfigFromEnv(env),
  dataDir,
  port,
  publicUrl,
  admin: { user: 'admin', password: secrets.adminPassword },
  cookieSecret: secrets.cookieSecret,
  smtpUrl: mail.smtpUrl,
  outboxUrl: mail.url,
  // Deadlines follow the sandbox's clock, so moving it forward (console or /_sandbox/clock) expires payments here too.
  now: () => sb.clock.now(),
})

console.log(`
  茶舗 e-SCOTT デモストア / demo store:   ${store.url}
  管理画面 / admin:                       ${store.url}/admin   (user: admin, password: ${secrets.adminPassword})
  送信メール / outbox (nothing is sent):   ${mail.url}
  サンドボックス / sandbox console:        ${sb.url}/_sandbox/console

  テストカード / test cards (security code 777, expiry 12/2028):
    4000000000001000  approved          4000000000082000  3-D Secure challenge
    4000000000080012  declined (G12)    4000000000053001  3-D Secure fails
  Data: ${join(dataDir, '.pgdata')} (orders), ${join(stateDir, 'sandbox.json')} (gateway)
  Recover unfinished orders: npm run recover -w express-store -- list
  Ctrl+C to stop.
`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await store.close().catch(() => {})
  await mail.close().catch(() => {})
  await sb.close().catch(() => {})
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
