#!/usr/bin/env node
// `npm run mutation`: StrykerJS over the money-critical modules listed in mutation.config.mjs, one run per package
// (with that package's vitest.mutation.config.ts, or its vitest.config.ts), then one line per module with its score over
// the non-message mutants, and a non-zero exit when a module is below THRESHOLD.
//
//   npm run mutation                                # every package and module
//   npm run mutation -- --module transport          # one module (repeatable); --package packages/escott-core
//   npm run mutation -- --incremental               # reuse the last run's results for unchanged code and tests
//
// Reports: reports/mutation/<package>/index.html (every mutant, with the ignored ones and why) and mutation.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { Stryker } from '@stryker-mutator/core'
import { TARGETS, THRESHOLD } from '../mutation.config.mjs'

const root = resolve(import.meta.dirname, '..')
const { values: args } = parseArgs({
  options: {
    module: { type: 'string', multiple: true },
    package: { type: 'string', multiple: true },
    incremental: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
  },
})

/** Stryker statuses that count: detected (killed, timeout) over detected + undetected (survived, no coverage). */
const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])

/** The package's vitest.mutation.config.ts when it has one (its suite without slow tests of other modules), else vitest.config.ts. */
function vitestConfig(pkgDir) {
  const own = join(pkgDir, 'vitest.mutation.config.ts')
  return existsSync(own) ? own : join(pkgDir, 'vitest.config.ts')
}

function strykerOptions(pkgDir, files, reportDir) {
  return {
    testRunner: 'vitest',
    vitest: { configFile: vitestConfig(pkgDir), related: false },
    mutate: files,
    coverageAnalysis: 'perTest',
    plugins: ['@stryker-mutator/vitest-runner', join(root, 'scripts', 'stryker-message-ignorer.mjs')],
    ignorers: ['escott-messages'],
    reporters: ['html', 'json', 'progress'],
    htmlReporter: { fileName: join(reportDir, 'index.html') },
    jsonReporter: { fileName: join(reportDir, 'mutation.json') },
    incremental: args.incremental,
    incrementalFile: join(reportDir, 'incremental.json'),
    concurrency: Number(args.concurrency ?? 2),
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
    // The break is per module, below; Stryker's own threshold would judge all modules of a package together.
    thresholds: { high: THRESHOLD, low: THRESHOLD - 10, break: null },
    timeoutMS: 10_000,
    logLevel: 'warn',
  }
}

function score(results) {
  const counts = { detected: 0, undetected: 0, ignored: 0, other: 0 }
  for (const r of results) {
    if (DETECTED.has(r.status)) counts.detected++
    else if (UNDETECTED.has(r.status)) counts.undetected++
    else if (r.status === 'Ignored') counts.ignored++
    else counts.other++ // CompileError, RuntimeError: not valid mutants
  }
  const valid = counts.detected + counts.undetected
  return { ...counts, valid, percent: valid === 0 ? 100 : (100 * counts.detected) / valid }
}

const rows = []
for (const [pkg, modules] of Object.entries(TARGETS)) {
  if (args.package && !args.package.some((p) => resolve(root, p) === resolve(root, pkg))) continue
  const chosen = Object.entries(modules).filter(([name]) => !args.module || args.module.includes(name))
  if (chosen.length === 0) continue
  const pkgDir = join(root, pkg)
  const reportDir = join(root, 'reports', 'mutation', basename(pkg))
  mkdirSync(reportDir, { recursive: true })
  console.log(`\n=== ${pkg}: ${chosen.map(([name]) => name).join(', ')}`)
  process.chdir(pkgDir)
  const results = await new Stryker(
    strykerOptions(
      pkgDir,
      chosen.flatMap(([, files]) => files),
      reportDir,
    ),
  ).runMutationTest()
  process.chdir(root)
  for (const [name, files] of chosen) {
    const own = results.filter((r) => files.includes(relative(pkgDir, resolve(pkgDir, r.fileName)).split('\\').join('/')))
    rows.push({ pkg, name, ...score(own), survivors: own.filter((r) => UNDETECTED.has(r.status)) })
  }
}

if (rows.length === 0) {
  console.error('no module matched: see TARGETS in mutation.config.mjs')
  process.exit(2)
}
console.log('\nmodule                        score   killed/valid  ignored (message-only)')
for (const r of rows) {
  const label = `${basename(r.pkg)} ${r.name}`.padEnd(28)
  console.log(`${label}  ${r.percent.toFixed(1).padStart(5)} %  ${`${r.detected}/${r.valid}`.padStart(12)}  ${r.ignored}`)
}
const below = rows.filter((r) => r.percent < THRESHOLD)
writeFileSync(
  join(root, 'reports', 'mutation', 'scores.json'),
  `${JSON.stringify(
    rows.map(({ survivors, ...r }) => ({ ...r, survivors: survivors.map((s) => `${s.fileName}:${s.location.start.line} ${s.mutatorName} ${s.replacement ?? ''}`) })),
    null,
    2,
  )}\n`,
)
for (const r of below) console.error(`${basename(r.pkg)} ${r.name}: ${r.percent.toFixed(1)} % is below ${THRESHOLD} %; the survivors are in reports/mutation/${basename(r.pkg)}/index.html`)
console.log(`mutation: ${rows.length - below.length} passed, ${below.length} failed (modules at or above ${THRESHOLD} % of non-message mutants killed)`)
process.exit(below.length ? 1 : 0)
