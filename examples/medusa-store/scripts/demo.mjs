/**
 * `npm run demo:medusa`: the e-SCOTT sandbox, PostgreSQL (embedded unless DATABASE_URL is set), the Medusa app with
 * the escott-medusa plugin, and the storefront page. The first run migrates and seeds (a minute or two); state is
 * kept in .pgdata and .escott-data for the next run.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { startSandbox } from 'escott-sandbox'
import { startPostgres } from './postgres.mjs'
import { startStorefront } from './storefront.mjs'

const require = createRequire(import.meta.url)
const exampleDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dataDir = resolve(process.env.STORE_DATA_DIR ?? exampleDir)
const stateDir = join(dataDir, '.escott-data')
mkdirSync(stateDir, { recursive: true })
const quiet = process.env.DEMO_QUIET === '1'
const say = (line) => quiet || console.log(line)

async function portOr(preferred) {
  const tryPort = (p) =>
    new Promise((res) => {
      const srv = createServer()
      srv.once('error', () => res(undefined))
      srv.listen(p, '127.0.0.1', () => {
        const got = srv.address().port
        srv.close(() => res(got))
      })
    })
  return (await tryPort(preferred)) ?? (await tryPort(0))
}

const secretsFile = join(stateDir, 'medusa-secrets.json')
const secrets = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : { jwt: randomBytes(32).toString('hex'), cookie: randomBytes(32).toString('hex') }
writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 })

const medusaPort = await portOr(Number(process.env.MEDUSA_PORT ?? 9000))
const storefrontPort = await portOr(Number(process.env.STOREFRONT_PORT ?? 8000))
const medusaUrl = `http://localhost:${medusaPort}`
const storefrontUrl = `http://localhost:${storefrontPort}`

say('  starting the e-SCOTT sandbox…')
const sb = await startSandbox({
  port: await portOr(Number(process.env.SANDBOX_PORT ?? 8731)),
  dataFile: join(stateDir, 'sandbox.json'),
  notificationUrl: `http://127.0.0.1:${medusaPort}/escott/cvs/notification`,
  quiet: true,
})

say('  starting PostgreSQL…')
const db = await startPostgres(join(dataDir, '.pgdata'))
const databaseUrl = await ensureDatabase(db.connectionString, 'medusa_store')

const m = sb.merchant
const env = {
  ...process.env,
  NODE_ENV: 'development',
  MEDUSA_DISABLE_TELEMETRY: 'true',
  DATABASE_URL: databaseUrl,
  ESCOTT_MERCHANT_ID: m.merchantId,
  ESCOTT_MERCHANT_PASS: m.merchantPass,
  ESCOTT_TENANT_ID: m.tenantId,
  ESCOTT_BASE_URL: sb.url,
  ESCOTT_TOKEN_AUTH_CODE: m.tokenAuthCode,
  ESCOTT_AES_KEY: m.threeDSecure.aesKey,
  ESCOTT_AES_IV: m.threeDSecure.aesIv,
  MEDUSA_PUBLIC_URL: medusaUrl,
  STOREFRONT_URL: storefrontUrl,
  STORE_CORS: storefrontUrl,
  AUTH_CORS: `${storefrontUrl},${medusaUrl}`,
  ADMIN_CORS: medusaUrl,
  JWT_SECRET: secrets.jwt,
  COOKIE_SECRET: secrets.cookie,
}
const medusaBin = join(dirname(require.resolve('@medusajs/cli/package.json')), 'cli.js')
const run = (args, extra = {}) =>
  new Promise((res, rej) => {
    const child = spawn(process.execPath, [medusaBin, ...args], { cwd: exampleDir, env: { ...env, ...extra }, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'] })
    let out = ''
    child.stdout?.on('data', (c) => (out += c))
    child.stderr?.on('data', (c) => (out += c))
    child.once('exit', (code) => (code === 0 ? res() : rej(new Error(`medusa ${args.join(' ')} exited with ${code}${out ? `:\n${out.slice(-4000)}` : ''}`))))
  })

say('  migrating the database (first run: about a minute)…')
await run(['db:migrate'])
const seedFile = join(stateDir, 'seed.json')
await run(['exec', './src/scripts/seed.js'], { SEED_OUTPUT: seedFile })
const seeded = JSON.parse(readFileSync(seedFile, 'utf8'))

say('  starting Medusa…')
const medusa = spawn(process.execPath, [medusaBin, 'start', '--port', String(medusaPort)], { cwd: exampleDir, env, stdio: quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'] })
await waitFor(`${medusaUrl}/health`, medusa)

const storefront = await startStorefront({
  dir: join(exampleDir, 'storefront'),
  port: storefrontPort,
  config: {
    medusaUrl,
    publishableKey: seeded.publishableKey,
    regionId: seeded.regionId,
    tokenScriptUrl: `${sb.url}/euser/stn/CdGetJavaScript.do?k_TokenNinsyoCode=${encodeURIComponent(m.tokenAuthCode)}`,
    cardProvider: 'pp_escott-card_escott',
    cvsProvider: 'pp_escott-cvs_escott',
  },
})

const urls = { storefront: storefrontUrl, medusa: medusaUrl, sandbox: `${sb.url}/_sandbox/console` }
writeFileSync(join(stateDir, 'demo.json'), JSON.stringify({ ...urls, publishableKey: seeded.publishableKey }, null, 2))
console.log(`
  Medusa × e-SCOTT デモ / demo
  ストア / storefront:               ${urls.storefront}
  Medusa (Store / Admin API):        ${urls.medusa}
  サンドボックス / sandbox console:   ${urls.sandbox}

  テストカード / test cards (security code 777, any future expiry):
    4000000000082000  3-D Secure challenge (press 承認)    4000000000001000  frictionless
    4000000000080012  declined (G12)                        4000000000053001  3-D Secure fails
  Data: ${join(dataDir, '.pgdata')} (Medusa), ${join(stateDir, 'sandbox.json')} (gateway)
  Ctrl+C to stop.
`)
console.log(JSON.stringify({ ready: true, ...urls }))

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  medusa.kill('SIGTERM')
  await new Promise((r) => (medusa.exitCode !== null ? r() : medusa.once('exit', r)))
  storefront.server.close()
  await sb.close().catch(() => {})
  await db.stop().catch(() => {})
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
medusa.once('exit', (code) => {
  if (!stopping) {
    console.error(`medusa exited (${code})`)
    stop()
  }
})

async function ensureDatabase(connectionString, name) {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`)
  } finally {
    await client.end()
  }
  const u = new URL(connectionString)
  u.pathname = `/${name}`
  return u.href
}

async function waitFor(url, child) {
  const deadline = Date.now() + 180_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`medusa start exited (${child.exitCode})`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within 3 minutes`)
    await new Promise((r) => setTimeout(r, 500))
  }
}
