/**
 * What a user gets from `npm install`: every publishable package is packed, installed into a fresh project in the
 * system's temporary folder, and used there from ESM, CommonJS and strict TypeScript (`skipLibCheck: false`, so the
 * published declarations are checked the way a strict user's compiler checks them), and the root README's quick
 * start is run. Set ESCOTT_KEEP_CONSUMER=1 to keep the project for a look.
 */
import { lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConsumerProject } from './helpers/consumer-project.js'
import { splitDiagnostics } from './helpers/diagnostics.js'
import { entryPoints, type EntryPoint } from './helpers/entry-points.js'
import { quickStart } from './helpers/readme.js'
import { run } from './helpers/run.js'
import { build, pack, publishableWorkspaces, repoRoot, type Packed, type Workspace } from './helpers/workspace.js'

const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc')

let workspaces: Workspace[]
let packed: Packed[]
let project: string
let packDir: string

beforeAll(async () => {
  workspaces = publishableWorkspaces()
  const names = workspaces.map((w) => w.manifest.name)
  await build(names)
  packDir = mkdtempSync(join(tmpdir(), 'escott-pack-'))
  packed = await pack(workspaces, packDir)
  project = await createConsumerProject(packed, workspaces)
  writeFileSync(join(project, 'quickstart.ts'), quickStart(readFileSync(join(repoRoot, 'README.md'), 'utf8')))
})

afterAll(() => {
  if (packDir) rmSync(packDir, { recursive: true, force: true })
  if (project && process.env.ESCOTT_KEEP_CONSUMER !== '1') rmSync(project, { recursive: true, force: true })
  else if (project) console.log(`consumer project kept at ${project}`)
})

const names = () => workspaces.map((w) => w.manifest.name)
const entries = (): EntryPoint[] => workspaces.flatMap((w) => entryPoints(w.manifest))

/** Writes a file into the consumer project and runs it with this line's node. */
async function runInProject(file: string, source: string) {
  writeFileSync(join(project, file), source)
  return run(process.execPath, [file], { cwd: project, timeoutMs: 60_000 })
}

/** A strict user's tsconfig: `tsc --init` strictness, declarations of every installed package checked. */
function writeTsconfig(file: string, compilerOptions: Record<string, unknown>, files: string[]) {
  const strict = { strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: false, target: 'es2022' }
  writeFileSync(join(project, file), JSON.stringify({ compilerOptions: { ...strict, ...compilerOptions }, files }, null, 2))
}

/** A file importing every entry point of every package, for the compiler. */
function importFile(kind: 'esm' | 'cjs'): string {
  const specifiers = entries()
    .filter((e) => e[kind])
    .map((e) => e.specifier)
  const bindings = specifiers.map((_, i) => `entry${i}`).join(', ')
  return specifiers
    .map((specifier, i) => (kind === 'esm' ? `import * as entry${i} from '${specifier}'` : `import entry${i} = require('${specifier}')`))
    .concat(kind === 'esm' ? `export const entries = [${bindings}]` : `export = [${bindings}]`)
    .join('\n')
}

/** Fails on diagnostics in our declarations or the project's files; prints those inside third-party declarations. */
function expectNoDiagnostics(result: { code: number | null; output: string }) {
  const { ours, theirs } = splitDiagnostics(result.output, names())
  if (theirs.length > 0) console.log(`not ours (in third-party declarations):\n${theirs.join('\n')}`)
  expect(ours.join('\n')).toBe('')
  if (theirs.length === 0) expect(result.code, result.output).toBe(0)
}

let nodenext: ReturnType<typeof run> | undefined
/** One nodenext compile serves the type check and the quick start (it emits even on type errors: noEmitOnError is off). */
function compileNodenext() {
  nodenext ??= (async () => {
    writeFileSync(join(project, 'types-esm.ts'), `${importFile('esm')}\n`)
    writeFileSync(join(project, 'types-cjs.cts'), `${importFile('cjs')}\n`)
    writeTsconfig('tsconfig.nodenext.json', { module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2023'], types: ['node'], verbatimModuleSyntax: true, isolatedModules: true, outDir: 'out' }, [
      'types-esm.ts',
      'types-cjs.cts',
      'quickstart.ts',
    ])
    return run(process.execPath, [tsc, '-p', 'tsconfig.nodenext.json', '--pretty', 'false'], { cwd: project })
  })()
  return nodenext
}

describe('every publishable package, packed and installed outside the monorepo', () => {
  it('finds the publishable packages by reading the workspaces (new ones are included without editing this test)', () => {
    expect(names()).toContain('escott-core')
    expect(packed.map((p) => p.name).sort()).toEqual(names())
  })

  it('installs the tarballs themselves into the project, not links into the workspace', () => {
    for (const name of names()) {
      const installed = join(project, 'node_modules', name)
      expect(lstatSync(installed).isSymbolicLink(), `${name} is a link`).toBe(false)
      expect(realpathSync(installed).startsWith(repoRoot), `${name} resolves into the workspace`).toBe(false)
      const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> }
      expect(lock.packages[`node_modules/${name}`]?.resolved, `${name} was not installed from its tarball`).toMatch(/^file:.*\.tgz$/)
    }
  })

  it('loads every entry point with import and with require(), and both builds export the same names', async () => {
    // A CommonJS-only entry has no second build to compare: the next test checks it.
    const dual = entries().filter((e) => !e.commonjsOnly)
    const esmSpecifiers = JSON.stringify(dual.filter((e) => e.esm).map((e) => e.specifier))
    const cjsSpecifiers = JSON.stringify(dual.filter((e) => e.cjs).map((e) => e.specifier))
    const esm = await runInProject(
      'check-esm.mjs',
      `const out = {}\nfor (const s of ${esmSpecifiers}) out[s] = Object.keys(await import(s)).filter((k) => k !== 'default').sort()\nconsole.log(JSON.stringify(out))\n`,
    )
    expect(esm.code, esm.output).toBe(0)
    const cjs = await runInProject(
      'check-cjs.cjs',
      `const out = {}\nfor (const s of ${cjsSpecifiers}) out[s] = Object.keys(require(s)).filter((k) => k !== '__esModule' && k !== 'default').sort()\nconsole.log(JSON.stringify(out))\n`,
    )
    expect(cjs.code, cjs.output).toBe(0)
    const fromImport = JSON.parse(esm.stdout) as Record<string, string[]>
    const fromRequire = JSON.parse(cjs.stdout) as Record<string, string[]>
    for (const { specifier, esm: viaImport, cjs: viaRequire } of dual) {
      const exported = viaImport ? fromImport[specifier] : fromRequire[specifier]
      expect(exported?.length, `${specifier} exports nothing`).toBeGreaterThan(0)
      if (viaImport && viaRequire) expect(fromRequire[specifier], `${specifier}: require() and import see different exports`).toEqual(fromImport[specifier])
    }
  })

  it('loads every CommonJS-only entry with require() and with import as one module: import’s default is module.exports, its named exports the same values', async () => {
    const specifiers = entries()
      .filter((e) => e.commonjsOnly)
      .map((e) => e.specifier)
    const result = await runInProject(
      'check-commonjs-only.mjs',
      [
        `import { createRequire } from 'node:module'`,
        `const require = createRequire(import.meta.url)`,
        `const out = {}`,
        `for (const s of ${JSON.stringify(specifiers)}) {`,
        `  const required = require(s)`,
        `  const ns = await import(s)`,
        // Node 23+ also names module.exports itself as the export 'module.exports': it must be that same object.
        `  const named = Object.keys(ns).filter((k) => k !== 'default' && k !== '__esModule' && k !== 'module.exports')`,
        `  out[s] = {`,
        `    sameModule: ns.default === required && (!('module.exports' in ns) || ns['module.exports'] === required),`,
        `    requireKeys: Object.keys(required).filter((k) => k !== '__esModule').sort(),`,
        `    named: named.sort(),`,
        `    namedDiffer: named.filter((k) => ns[k] !== required[k]),`,
        `  }`,
        `}`,
        `console.log(JSON.stringify(out))`,
      ].join('\n'),
    )
    expect(result.code, result.output).toBe(0)
    const seen = JSON.parse(result.stdout) as Record<string, { sameModule: boolean; requireKeys: string[]; named: string[]; namedDiffer: string[] }>
    for (const specifier of specifiers) {
      const s = seen[specifier]
      expect(s?.requireKeys.length, `${specifier} exports nothing`).toBeGreaterThan(0)
      expect(s?.sameModule, `${specifier}: import's default is not what require() returns`).toBe(true)
      expect(s?.namedDiffer, `${specifier}: import's named exports differ from require()'s`).toEqual([])
    }
    // escott-medusa's root entry: every export reachable by name from ESM too (Node's lexer finds them all).
    expect(seen['escott-medusa']?.named).toEqual(seen['escott-medusa']?.requireKeys)
  })

  it('escott-medusa/providers/escott is the payment module provider definition Medusa loads (require, and import’s default)', async () => {
    const check = (load: string) =>
      [
        `const def = ${load}`,
        `const services = Array.isArray(def.services) ? def.services : []`,
        `console.log(JSON.stringify({ module: def.module, identifiers: services.map((s) => s.identifier), classes: services.every((s) => typeof s === 'function' && typeof s.validateOptions === 'function' && typeof s.prototype.authorizePayment === 'function') }))`,
      ].join('\n')
    const viaRequire = await runInProject('check-provider.cjs', check(`require('escott-medusa/providers/escott')`))
    const viaImport = await runInProject('check-provider.mjs', check(`(await import('escott-medusa/providers/escott')).default`))
    for (const result of [viaRequire, viaImport]) {
      expect(result.code, result.output).toBe(0)
      expect(JSON.parse(result.stdout)).toEqual({ module: 'payment', identifiers: ['escott-card', 'escott-cvs'], classes: true })
    }
  })

  it("installs each package's command-line tools as runnable scripts", () => {
    for (const { manifest } of workspaces) {
      const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {})
      for (const [command, target] of Object.entries(bins)) {
        const script = readFileSync(join(project, 'node_modules', '.bin', command), 'utf8')
        expect(script.startsWith('#!/usr/bin/env node\n'), `${command} (${target}) has no node shebang`).toBe(true)
      }
    }
  })

  it('type-checks under module/moduleResolution nodenext (ESM and CommonJS declarations) with skipLibCheck off', async () => {
    expectNoDiagnostics(await compileNodenext())
  })

  it('type-checks under moduleResolution bundler with skipLibCheck off', async () => {
    writeFileSync(join(project, 'types-bundler.ts'), `${importFile('esm')}\n`)
    writeTsconfig('tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler', noEmit: true }, ['types-bundler.ts', 'quickstart.ts'])
    expectNoDiagnostics(await run(process.execPath, [tsc, '-p', 'tsconfig.bundler.json', '--pretty', 'false'], { cwd: project }))
  })

  it("runs the root README's quick start, as copied into the project, to a captured payment", async () => {
    await compileNodenext()
    const result = await run(process.execPath, ['out/quickstart.js'], { cwd: project, timeoutMs: 60_000 })
    expect(result.code, result.output).toBe(0)
    expect(result.stdout).toMatch(/^captured \S+/m)
  })
})
