import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const TS_FILE = /\.(?:ts|mts|cts)$/

/** Every workspace folder (the root package.json's workspaces globs are all `<folder>/*`). */
function workspaces(): string[] {
  const patterns = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces
  return patterns.flatMap((pattern) => {
    const parent = join(root, pattern.replace(/\/\*$/, ''))
    return existsSync(parent)
      ? readdirSync(parent, { withFileTypes: true })
          .filter((e) => e.isDirectory() && existsSync(join(parent, e.name, 'package.json')))
          .map((e) => join(parent, e.name))
      : []
  })
}

/** TypeScript files of a workspace's own tests and sources (not its dependencies or build output). */
function ownTypeScript(dir: string): string[] {
  const found: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (['node_modules', 'dist', '.medusa', '.stryker-tmp', 'reports'].includes(e.name)) continue
      const path = join(d, e.name)
      if (e.isDirectory()) walk(path)
      else if (TS_FILE.test(e.name) && !e.name.endsWith('.d.ts')) found.push(path)
    }
  }
  walk(dir)
  return found
}

/** The files `tsc -p <dir>` checks, as TypeScript itself resolves the tsconfig (extends, include, exclude). */
function checkedFiles(dir: string): Set<string> {
  const file = join(dir, 'tsconfig.json')
  const { config } = ts.readConfigFile(file, ts.sys.readFile)
  return new Set(ts.parseJsonConfigFileContent(config, ts.sys, dir, undefined, file).fileNames.map((f) => resolve(f)))
}

const withTypeScript = workspaces()
  .map((dir) => ({ name: relative(root, dir), dir, files: ownTypeScript(dir) }))
  .filter((w) => w.files.length > 0)

describe('tsc --noEmit covers tests as well as sources, in every workspace written in TypeScript', () => {
  it('finds the TypeScript workspaces (packages, the consumer test, the repository checks, tools)', () => {
    const names = withTypeScript.map((w) => w.name)
    expect(names).toEqual(expect.arrayContaining(['packages/escott-core', 'packages/escott-medusa', 'tests/consumer', 'tests/repo-checks', 'tools/architecture']))
  })

  it.each(withTypeScript.map((w) => [w.name, w] as const))('%s: npm test runs the type check first, over every TypeScript file it has', (_name, w) => {
    const scripts = (JSON.parse(readFileSync(join(w.dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {}
    expect(scripts.typecheck, 'no "typecheck" script').toMatch(/^tsc --noEmit\b/)
    expect(scripts.test, '"test" does not run the type check').toContain('npm run typecheck')
    const checked = checkedFiles(w.dir)
    const unchecked = w.files.filter((f) => !checked.has(f) && !f.endsWith('.config.ts')).map((f) => relative(w.dir, f))
    expect(unchecked, 'files tsconfig.json leaves out').toEqual([])
  })
})
