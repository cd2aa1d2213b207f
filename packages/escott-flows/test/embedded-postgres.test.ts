import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { openPostgres, startEmbeddedPostgres, type EmbeddedPostgres } from '../src/embedded-postgres/index.js'
import { findPostgresInstall } from '../src/embedded-postgres/binaries.js'
import { foldersAround, snapshotModes } from './mode-snapshot.js'

const isRoot = process.getuid?.() === 0

async function query<T = Record<string, unknown>>(connectionString: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    return (await client.query(sql)).rows as T[]
  } finally {
    await client.end()
  }
}

/** uid of a running process. */
function uidOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Uid:'))!
  return Number(line.split(/\s+/)[1])
}

const cleanup: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const f of cleanup.reverse()) await f()
})

describe('the embedded PostgreSQL starter', () => {
  it('runs from a project under a private (0700) folder, binaries included, and changes no folder outside it', async () => {
    const privateDir = mkdtempSync(join(tmpdir(), 'escott-private-'))
    cleanup.push(() => rmSync(privateDir, { recursive: true, force: true }))
    expect(statSync(privateDir).mode & 0o777).toBe(0o700)
    // The project as a clone below a private folder has it: its own node_modules with the binaries, its data folder.
    const project = join(privateDir, 'shop')
    const installDir = join(project, 'node_modules', 'postgres-install')
    mkdirSync(dirname(installDir), { recursive: true })
    cpSync((await findPostgresInstall()).dir, installDir, { recursive: true, verbatimSymlinks: true })
    const dataDir = join(project, '.pgdata')
    const before = snapshotModes(foldersAround(privateDir, installDir))

    let db: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir, installDir })
    expect(db.started).toBe(true)
    const runtime = db.installDir!
    // A root process reached the binaries through a copy of its own under the temporary folder (removed here: it is
    // a cache that a real project reuses).
    if (isRoot) expect(runtime.startsWith(tmpdir()) || runtime.startsWith('/tmp') || runtime.startsWith('/var/tmp')).toBe(true)
    if (runtime !== installDir) cleanup.push(() => rmSync(runtime, { recursive: true, force: true }))
    await query(db.connectionString, 'CREATE TABLE kept (note text); INSERT INTO kept VALUES ($$between runs$$)')
    const pid = Number(readFileSync(join(dataDir, 'cluster', 'postmaster.pid'), 'utf8').split('\n')[0])
    if (isRoot) expect(uidOf(pid)).not.toBe(0) // Postgres never runs as root
    await db.stop()

    db = await startEmbeddedPostgres({ dataDir, installDir })
    try {
      expect(db.started).toBe(true)
      expect(await query(db.connectionString, 'SELECT note FROM kept')).toEqual([{ note: 'between runs' }])
    } finally {
      await db.stop()
    }
    expect(snapshotModes(foldersAround(privateDir, installDir))).toEqual(before)
    expect(statSync(privateDir).mode & 0o777).toBe(0o700)
  })

  it('adopts a cluster a killed process left running, with its data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'escott-adopt-'))
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }))
    // A child process starts the cluster and is killed (SIGKILL: no clean-up at all).
    const script = `
      const { startEmbeddedPostgres } = await import(${JSON.stringify(new URL('../dist/embedded-postgres.js', import.meta.url).href)})
      const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} })
      const pg = (await import('pg')).default
      const c = new pg.Client({ connectionString: db.connectionString }); await c.connect()
      await c.query('CREATE TABLE orphan (n int); INSERT INTO orphan VALUES (7)'); await c.end()
      process.kill(process.pid, 'SIGKILL')`
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dirname(new URL(import.meta.url).pathname), stdio: 'pipe' })
    } catch (err) {
      expect((err as { signal?: string }).signal).toBe('SIGKILL')
    }
    const db = await startEmbeddedPostgres({ dataDir })
    try {
      expect(db.started).toBe(false)
      expect(await query(db.connectionString, 'SELECT n FROM orphan')).toEqual([{ n: 7 }])
    } finally {
      await db.stop()
    }
  })

  it('uses DATABASE_URL (or databaseUrl) instead of starting anything', async () => {
    const db = await openPostgres({ databaseUrl: 'postgres://someone@db.example:5432/shop', dataDir: '/nonexistent/never-created' })
    expect(db).toMatchObject({ connectionString: 'postgres://someone@db.example:5432/shop', embedded: undefined })
    await db.close()
  })
})
