/**
 * Configuration of `escott-express-recover` for this store: the same order store and gateway the server uses.
 * Reads the ESCOTT_* variables, or (after `npm run demo`) the sandbox settings the demo wrote to .escott-data.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Escott } from 'escott-core'
import { openShopStore } from 'escott-express'
import { escottConfigFromEnv } from './config.js'

export default async function createRecoveryContext() {
  const dataDir = process.env.STORE_DATA_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '..')
  let config = escottConfigFromEnv(process.env)
  const demoFile = join(dataDir, '.escott-data', 'demo.json')
  if (!config && existsSync(demoFile)) config = escottConfigFromEnv(JSON.parse(readFileSync(demoFile, 'utf8')).env)
  const store = await openShopStore({ databaseUrl: process.env.DATABASE_URL, dataDir: join(dataDir, '.pgdata') })
  return { store, escott: config ? new Escott(config) : undefined, close: () => store.close() }
}
