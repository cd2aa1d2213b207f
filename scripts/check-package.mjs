#!/usr/bin/env node
// Export checks for the package in the current folder: publint, then @arethetypeswrong/cli on the packed tarball
// (attw's own --pack does not understand npm 11's pack output, so we pack first), then a real require() of the CJS build.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, readdirSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' })
const bin = (name) => join(import.meta.dirname, '..', 'node_modules', '.bin', name)

run(bin('publint'), ['--strict'])
const dir = mkdtempSync(join(tmpdir(), 'escott-pack-'))
try {
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'inherit'] })
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))
  if (!tarball) throw new Error('npm pack produced no tarball')
  run(bin('attw'), [join(dir, tarball), '--profile', 'node16', '--format', 'table'])
} finally {
  rmSync(dir, { recursive: true, force: true })
}
if (existsSync('test/require-cjs.cjs')) run(process.execPath, ['test/require-cjs.cjs'])
