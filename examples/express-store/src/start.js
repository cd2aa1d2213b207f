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
 * @param {{ user: string, password: string }} o.admin
 * @param {string[]} [o.notificationIps]
 * @param {string} [o.cookieSecret]
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
  const app = createStoreApp({
    escott,
    store: o.wrapOrders ? { ...ports(store), orders: o.wrapOrders(store.orders) } : store,
    admin: o.admin,
    publicUrl: url,
    notificationIps: o.notificationIps,
    cookieSecret: o.cookieSecret,
  })
  server.on('request', app)
  return {
    url,
    port,
    store,
    escott,
    async close() {
      await new Promise((r) => server.close(r))
      server.closeAllConnections?.()
      await store.close()
    },
  }
}

/** The four ports of a store (its own properties, without the class's methods). */
function ports(store) {
  return { orders: store.orders, journal: store.journal, onceKeys: store.onceKeys, members: store.members, close: () => store.close() }
}
