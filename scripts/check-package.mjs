#!/usr/bin/env node
// Checks for the package in the current folder: its manifest and tarball (check-manifest.mjs), publint, then
// @arethetypeswrong/cli on the packed tarball (attw's own --pack does not understand npm 11's pack output, so we
// pack first), then the public types (TypeDoc, below), then a real require() of the CJS build.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkManifest } from './check-manifest.mjs'

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' })
const bin = (name) => join(import.meta.dirname, '..', 'node_modules', '.bin', name)

const dir = mkdtempSync(join(tmpdir(), 'escott-pack-'))
try {
  const report = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  const [packed] = JSON.parse(report.slice(report.indexOf('[')))
  if (!packed) throw new Error('npm pack produced no tarball')
  const problems = checkManifest(
    process.cwd(),
    packed.files.map((f) => f.path),
  )
  if (problems.length > 0) {
    console.error(`${packed.name}: ${problems.length} packaging problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    process.exit(1)
  }
  console.log(`${packed.name}: manifest and tarball ok (${packed.files.length} files: ${packed.files.map((f) => f.path).join(', ')})`)
  run(bin('publint'), ['--strict'])
  run(bin('attw'), [join(dir, packed.filename), '--profile', 'node16', '--format', 'table'])
} finally {
  rmSync(dir, { recursive: true, force: true })
}
// Every name a public type refers to must be exported (TypeDoc's validation.notExported, warnings as errors, from the
// package's typedoc.json): a user can otherwise see a type in an editor tooltip but never import or name it.
// Without emitting anything this takes a few seconds; `npm run docs:api` at the root writes the reference. No source
// links are resolved here: outside a git checkout with a usable origin TypeDoc would warn about them.
if (!existsSync('typedoc.json')) {
  console.error('typedoc.json is missing: copy packages/escott-core/typedoc.json and list the source file of each exports entry point')
  process.exit(1)
}
run(bin('typedoc'), ['--emit', 'none', '--logLevel', 'Warn', '--disableSources'])
console.log('public types: every referenced name is exported (typedoc validation.notExported)')
if (existsSync('test/require-cjs.cjs')) run(process.execPath, ['test/require-cjs.cjs'])
