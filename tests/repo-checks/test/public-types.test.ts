import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const typedoc = join(root, 'node_modules', '.bin', 'typedoc')
const run = promisify(execFile)

/** A one-file package checked with escott-core's own typedoc.json options (what check-package runs). */
function project(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'escott-typedoc-'))
  const options = JSON.parse(readFileSync(join(root, 'packages/escott-core/typedoc.json'), 'utf8'))
  writeFileSync(join(dir, 'typedoc.json'), JSON.stringify({ ...options, entryPoints: ['index.ts'] }))
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', types: [] }, files: ['index.ts'] }))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', version: '1.0.0', type: 'module' }))
  writeFileSync(join(dir, 'index.ts'), source)
  return dir
}

async function check(dir: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(typedoc, ['--emit', 'none', '--logLevel', 'Warn', '--disableSources'], { cwd: dir })
    return { ok: true, output: stdout + stderr }
  } catch (error) {
    const e = error as { stdout: string; stderr: string }
    return { ok: false, output: e.stdout + e.stderr }
  }
}

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe("the public-type check of every package's lint (TypeDoc, validation.notExported as an error)", () => {
  it('fails when an exported function takes a type the package does not export, and names that type', async () => {
    const dir = project("type Rounding = 'floor' | 'ceil'\nexport function fee(amount: number, rounding: Rounding): number { return rounding === 'ceil' ? Math.ceil(amount) : Math.floor(amount) }\n")
    dirs.push(dir)
    const result = await check(dir)
    expect(result.ok).toBe(false)
    expect(result.output).toMatch(/Rounding, defined in .*index\.ts, is referenced by fee\.rounding but not included in the documentation/)
  })

  it('fails on a property of an exported interface whose type is unexported', async () => {
    const dir = project('interface TxRecord { id: string }\nexport interface Snapshot { transactions: TxRecord[] }\n')
    dirs.push(dir)
    const result = await check(dir)
    expect(result.ok).toBe(false)
    expect(result.output).toContain('TxRecord')
  })

  it('passes once the referenced type is exported', async () => {
    const dir = project(
      "export type Rounding = 'floor' | 'ceil'\nexport function fee(amount: number, rounding: Rounding): number { return rounding === 'ceil' ? Math.ceil(amount) : Math.floor(amount) }\n",
    )
    dirs.push(dir)
    const result = await check(dir)
    expect(result.output).toBe('')
    expect(result.ok).toBe(true)
  })
})
