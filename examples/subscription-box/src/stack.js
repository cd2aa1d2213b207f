/**
 * Everything the box runs on: the gateway (escott-sandbox unless ESCOTT_* variables point at a real one), the
 * billing (PostgreSQL: DATABASE_URL, else the embedded cluster in .billing), escott-flows' stores for the card
 * registration (same database), the plans, and the web app.
 */
import { createServer } from 'node:http'
import { Escott } from 'escott-core'
import { PostgresFlowStores } from 'escott-flows/postgres'
import { startSandbox } from 'escott-sandbox'
import { createBilling } from 'escott-subscriptions'
import { createApp } from './app.js'
import { PLANS } from './plans.js'

export async function startStack({ port = 3000, dataDir = '.billing', sandbox = {}, log = console } = {}) {
  const sb = await startSandbox({ port: 0, quiet: true, ...sandbox })
  const escott = new Escott({ ...sb.merchant, baseUrl: sb.url })
  const billing = await createBilling({
    escott,
    databaseUrl: process.env.DATABASE_URL,
    dataDir,
    now: () => sb.clock.now(), // the sandbox's clock, so the demo can fast-forward months
    chargeTime: '10:00',
    dunning: { retryAfterDays: [1, 3, 7], finally: 'past_due' },
  })
  const stores = new PostgresFlowStores({ connectionString: billing.databaseUrl, tablePrefix: 'box_' })
  await stores.migrate()
  for (const plan of PLANS) await billing.plans.create(plan)
  let base = ''
  // A fresh app each time: nothing it keeps in memory survives a restart.
  const newApp = () => createApp({ escott, billing, stores, baseUrl: () => base })
  let app = newApp()
  const server = createServer((req, res) => app(req, res))
  await new Promise((r) => server.listen(port, '127.0.0.1', r))
  base = `http://127.0.0.1:${server.address().port}`
  log.info?.(`subscription box on ${base} (gateway: escott-sandbox ${sb.url})`)
  return {
    url: base,
    sb,
    escott,
    billing,
    stores,
    /**
     * Replaces the web app with a new instance, as a restart does: whatever the old one kept in memory is gone; the
     * database and the gateway stay. (The listening socket stays too, so a browser's keep-alive connection is not
     * cut in the middle of a request.)
     */
    restartApp() {
      app = newApp()
    },
    async close() {
      await new Promise((r) => server.close(r))
      await stores.close()
      await billing.close()
      await sb.close()
    },
  }
}
