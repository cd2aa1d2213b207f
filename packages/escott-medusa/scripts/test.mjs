#!/usr/bin/env node
// The package's tests: Jest (Medusa's test runners need it: provider unit tests, moduleIntegrationTestRunner) and
// vitest (escott-flows' conformance suite on the stores). One PostgreSQL serves both: DATABASE_URL when set, else
// the shared embedded starter (escott-flows/embedded-postgres) in a temporary folder removed afterwards.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPostgres } from 'escott-flows/embedded-postgres'

const root = join(import.meta.dirname, '..')
const bin = (name) => join(root, '../../node_modules/.bin', name)
const dir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'escott-medusa-pg-'))
const db = await openPostgres({ ...(dir && { dataDir: dir }) })
let status = 0
try {
  const env = { ...process.env, DATABASE_URL: db.connectionString }
  const run = (cmd, args, extra = {}) => {
    if (status !== 0) return
    status = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extra } }).status ?? 1
  }
  // Medusa's module loaders use dynamic import: Jest needs the VM modules flag.
  run(bin('jest'), ['--runInBand', '--forceExit', ...process.argv.slice(2)], { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() })
  if (process.argv.length <= 2) run(bin('vitest'), ['run'])
} finally {
  await db.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
}
process.exit(status)
