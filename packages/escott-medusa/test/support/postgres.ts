/**
 * The tests' PostgreSQL: `DATABASE_URL` when set, else the shared embedded-Postgres starter. Thin on purpose: it
 * switches to escott-flows' starter (`escott-flows/embedded-postgres`) when that lands; today the starter lives
 * in escott-express.
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
  const external = process.env.DATABASE_URL
  if (external) {
    const u = new URL(external)
    return { host: u.hostname, port: u.port || '5432', user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), stop: async () => {} }
  }
  const { startEmbeddedPostgres } = await import('escott-express')
  const dir = mkdtempSync(join(tmpdir(), 'escott-medusa-pg-'))
  const pg = await startEmbeddedPostgres({ dataDir: dir })
  const u = new URL(pg.connectionString)
  return {
    host: u.hostname,
    port: u.port,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    async stop() {
      await pg.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The variables Medusa's test runners read. DB_HOST must contain "localhost" or they force SSL. */
export function medusaDbEnv(pg: TestPostgres): Record<string, string> {
  return { DB_HOST: pg.host === '127.0.0.1' ? 'localhost' : pg.host, DB_PORT: pg.port, DB_USERNAME: pg.user, DB_PASSWORD: pg.password }
}
