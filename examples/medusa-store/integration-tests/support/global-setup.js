const { mkdtempSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join } = require('node:path')
const { medusaDbEnv } = require('./postgres')

module.exports = async function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'medusa-store-pg-'))
  const { startPostgres } = await import('../../scripts/postgres.mjs')
  const pg = await startPostgres(dir)
  Object.assign(process.env, medusaDbEnv(pg.connectionString), { MEDUSA_DISABLE_TELEMETRY: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' })
  globalThis.__medusaStorePg = { pg, dir }
}
