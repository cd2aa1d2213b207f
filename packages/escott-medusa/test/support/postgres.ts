/**
 * The tests' PostgreSQL: `DATABASE_URL` when set (scripts/test.mjs starts one cluster for Jest and vitest and sets
 * it), else the shared embedded-Postgres starter of escott-flows, in a temporary folder removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestPostgres {
  connectionString: string
  stop(): Promise<void>
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const { openPostgres } = await import('escott-flows/embedded-postgres')
  const dir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'escott-medusa-pg-'))
  const db = await openPostgres({ ...(dir && { dataDir: dir }) })
  return {
    connectionString: db.connectionString,
    async stop() {
      await db.close()
      if (dir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The variables Medusa's test runners read. DB_HOST must contain "localhost" or they force SSL. */
export function medusaDbEnv(connectionString: string): Record<string, string> {
  const u = new URL(connectionString)
  return {
    DB_HOST: u.hostname === '127.0.0.1' ? 'localhost' : u.hostname,
    DB_PORT: u.port || '5432',
    DB_USERNAME: decodeURIComponent(u.username),
    DB_PASSWORD: decodeURIComponent(u.password),
  }
}
