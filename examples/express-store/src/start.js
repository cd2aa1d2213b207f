/** Starts the store: order store (embedded Postgres unless DATABASE_URL), Escott client, HTTP server. */
import { createServer } from 'node:http'
import { join } from 'node:path'
import { Escott } from 'escott-core'
import { openShopStore } from 'escott-express'
import { createStoreApp } from './app.js'

/**
 * @param {object} o
 * @param {import('escott-core').EscottConfig} o.escottConfig
 * @param {string} o.dataDir  folder holding .pgdata (embedded Postgres)
 * @param {number} [o.port]  0 = any free port
 * @param {string} [o.host]  default 127.0.0.1
 * @param {string} [o.publicUrl]  default http://localhost:<port>
 * @param {{ user: string, password: string }} [o.admin]  first admin user, created when there is none
 * @param {string[]} [o.notificationIps]
 * @param {string} [o.cookieSecret]
 * @param {string} [o.smtpUrl]
 * @param {string} [o.outboxUrl]
 * @param {() => Date} [o.now]
 * @param {{ limit?: number }} [o.orderLimit]  orders per client (see app.js)
 * @param {(orders: import('escott-express').OrderStore) => import('escott-express').OrderStore} [o.wrapOrders]  wraps the store's orders (tests)
 */
export async function startStore(o) {
  const store = await openShopStore({ databaseUrl: process.env.DATABASE_URL, dataDir: join(o.dataDir, '.pgdata'), stopEmbeddedOnClose: true })
  const escott = new Escott(o.escottConfig)
  const server = createServer()
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port ?? 3000, o.host ?? '127.0.0.1', resolve)
  })
  const port = server.address().port
  const url = o.publicUrl ?? `http://localhost:${port}`
  const shopStore = o.wrapOrders ? Object.assign(Object.create(Object.getPrototypeOf(store)), store, { orders: o.wrapOrders(store.orders), pool: store.pool, close: () => store.close() }) : store
  const app = await createStoreApp({
    escott,
    store: shopStore,
    publicUrl: url,
    notificationIps: o.notificationIps,
    cookieSecret: o.cookieSecret,
    smtpUrl: o.smtpUrl,
    outboxUrl: o.outboxUrl,
    now: o.now,
    orderLimit: o.orderLimit,
  })
  const shop = app.locals.shop
  if (o.admin && (await shop.accounts.admins()).length === 0) await shop.accounts.addAdmin(o.admin.user, o.admin.password)
  server.on('request', app)
  return {
    url,
    port,
    store,
    escott,
    shop,
    app,
    async close() {
      app.locals.close()
      await new Promise((r) => server.close(r))
      server.closeAllConnections?.()
      await store.close()
    },
  }
}
