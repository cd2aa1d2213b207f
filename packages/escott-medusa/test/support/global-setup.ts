import { medusaDbEnv, startTestPostgres } from './postgres'

export default async function globalSetup(): Promise<void> {
  const pg = await startTestPostgres()
  Object.assign(process.env, medusaDbEnv(pg.connectionString), { MEDUSA_DISABLE_TELEMETRY: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' })
  ;(globalThis as { __escottPg?: typeof pg }).__escottPg = pg
}
