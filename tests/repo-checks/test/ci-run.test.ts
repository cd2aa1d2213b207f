import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const ciRun = readFileSync(join(root, '.ci/run'), 'utf8')

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Runs .ci/summarize.cjs over runs written as .ci/run writes them: <i>.log and <i>.summary. */
function summarize(runs: { version: string; what: string; seconds: number; code: number; log: string }[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'escott-ci-'))
  dirs.push(dir)
  runs.forEach((r, i) => {
    writeFileSync(join(dir, `${i + 1}.log`), r.log)
    writeFileSync(join(dir, `${i + 1}.summary`), `${r.version}\t${r.what}\t${r.seconds}\t${r.code}\n`)
  })
  return execFileSync(process.execPath, [join(root, '.ci/summarize.cjs'), dir, String(runs.length)], { encoding: 'utf8' })
    .trimEnd()
    .split('\n')
}

const vitest = (pkg: string, counts: string, total: number) => `${pkg}:test:  Test Files  3 passed (3)\n${pkg}:test: \x1b[2m     Tests \x1b[22m ${counts} \x1b[90m(${total})\x1b[39m\n`

describe('.ci/run: the Node matrix and its closing lines', () => {
  it('runs npm test on the machine’s line, then the packages and the consumer test on 22 and 24 LTS fetched with npm', () => {
    const lines = /NODE_LINES=\$\{ESCOTT_NODE_LINES-"([^"]*)"\}/.exec(ciRun)?.[1]?.split(' ')
    expect(lines?.map((v) => v.split('.')[0])).toEqual(['22', '24'])
    expect(ciRun).toContain('run_line "npm test')
    expect(ciRun).toMatch(/npm install [^\n]*"\$pkg@\$version"/)
    expect(ciRun).toMatch(/turbo run test [^\n]*--filter='\.\/packages\/\*' --filter=consumer-test/)
    expect(ciRun).toContain('node .ci/summarize.cjs "$logs" "$lines"')
  })

  it('npm test starts with the lint and format check (biome ci over the whole repository), then every workspace through turbo', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
    expect(scripts.test).toMatch(/^npm run lint && turbo run test\b/)
    expect(scripts.lint).toMatch(/^biome ci\b.* \.$/)
  })

  it('prints one closing line per Node line with its counts, then the overall passed / failed line', () => {
    const out = summarize([
      { version: 'v20.20.2', what: 'npm test', seconds: 700, code: 0, log: vitest('escott-core', '97 passed | 2 skipped', 99) + vitest('escott-flows', '40 passed', 40) },
      {
        version: 'v22.23.5',
        what: 'packages and consumer test',
        seconds: 400,
        code: 1,
        log: `${vitest('escott-core', '1 failed | 98 passed', 99)}escott-medusa:test: Tests:       2 failed, 9 passed, 11 total\n`,
      },
      { version: 'v24.22.3', what: 'packages and consumer test', seconds: 390, code: 0, log: vitest('escott-core', '99 passed', 99) },
    ])
    expect(out).toEqual([
      'Node v20.20.2 ok in 700 s, npm test: 137 passed, 0 failed, 2 skipped',
      'Node v22.23.5 FAILED (exit 1) in 400 s, packages and consumer test: 107 passed, 3 failed, 0 skipped',
      'Node v24.22.3 ok in 390 s, packages and consumer test: 99 passed, 0 failed, 0 skipped',
      '343 passed, 3 failed, 2 skipped',
    ])
  })

  it('does not count the "Test Files" line as tests', () => {
    expect(summarize([{ version: 'v20.20.2', what: 'npm test', seconds: 1, code: 0, log: 'x:test:  Test Files  5 passed (5)\n' }])).toEqual([
      'Node v20.20.2 ok in 1 s, npm test: 0 passed, 0 failed, 0 skipped',
      '0 passed, 0 failed, 0 skipped',
    ])
  })
})
