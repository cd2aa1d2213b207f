/**
 * Scans workspace packages for layering violations: imports of escott packages a layer may not use (in source and
 * in package.json), forbidden third-party modules, relative paths into another package, and value-import cycles.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { FLOWS_SUBPATHS, ruleFor, type LayerRule } from './rules.js'

export interface Violation {
  package: string
  file: string
  message: string
}

interface SourceFile {
  path: string
  imports: { spec: string; typeOnly: boolean }[]
}

const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs)$/
const IMPORT = /(?:^|[;\s])(import|export)\s+(type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p, out)
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(p)
  }
  return out
}

/** The import specifiers of a file (comments stripped). */
export function importsOf(text: string): SourceFile['imports'] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
  const out: SourceFile['imports'] = []
  for (const m of code.matchAll(IMPORT)) {
    const spec = m[3] ?? m[4] ?? m[5]
    if (spec) out.push({ spec, typeOnly: Boolean(m[2]) })
  }
  return out
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for relative/builtin paths. */
export function packageOf(spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return undefined
  const parts = spec.split('/')
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

function subpathOf(rootDir: string, file: string): string {
  const rel = relative(join(rootDir, 'src'), file).split(sep)
  return rel.length > 1 && (FLOWS_SUBPATHS as readonly string[]).includes(rel[0]!) ? rel[0]! : 'main'
}

/** Resolves a relative import to a file of the package, as TypeScript's bundler resolution would. */
function resolveRelative(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec)
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, `${base}.js`, join(base, 'index.ts'), join(base, 'index.js')]
  return candidates.find((c) => existsSync(c) && statSync(c).isFile())
}

function checkPackage(rootDir: string, folder: 'packages' | 'examples', escottNames: Set<string>): Violation[] {
  const manifest = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | string>
  const name = manifest.name as string
  const rule: LayerRule = ruleFor(name, folder)
  const violations: Violation[] = []
  const may = (pkg: string) => pkg === name || rule.mayImport === 'any' || rule.mayImport.includes(pkg)

  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
    for (const dep of Object.keys((manifest[field] as Record<string, string> | undefined) ?? {})) {
      if (escottNames.has(dep) && !may(dep)) violations.push({ package: name, file: 'package.json', message: `${field} names ${dep}, which the ${rule.layer} layer may not use` })
    }
  }

  const files: SourceFile[] = walk(join(rootDir, 'src')).map((path) => ({ path, imports: importsOf(readFileSync(path, 'utf8')) }))
  for (const f of files) {
    const file = relative(rootDir, f.path)
    const subpath = subpathOf(rootDir, f.path)
    const forbidden = [...(rule.forbidden?.[''] ?? []), ...(rule.forbidden?.[subpath] ?? [])]
    for (const { spec } of f.imports) {
      const pkg = packageOf(spec)
      if (pkg) {
        if (escottNames.has(pkg) && !may(pkg))
          violations.push({
            package: name,
            file,
            message: `imports ${spec}: the ${rule.layer} layer may import ${rule.mayImport === 'any' ? 'anything' : rule.mayImport.join(', ') || 'no escott package'}`,
          })
        if (forbidden.includes(pkg)) violations.push({ package: name, file, message: `imports ${spec}, which ${name}${subpath === 'main' ? '' : `/${subpath}`} must not use` })
        continue
      }
      if (!spec.startsWith('.')) continue
      const target = resolve(dirname(f.path), spec)
      if (!target.startsWith(rootDir + sep)) violations.push({ package: name, file, message: `imports ${spec}: another package is used by its name, never by path` })
    }
  }
  violations.push(...cycles(name, rootDir, files))
  return violations
}

/** Value-import cycles between the files of one package (`import type` is erased, so it cannot form one). */
function cycles(name: string, rootDir: string, files: SourceFile[]): Violation[] {
  const edges = new Map<string, string[]>()
  for (const f of files) {
    edges.set(
      f.path,
      f.imports
        .filter((i) => !i.typeOnly && i.spec.startsWith('.'))
        .map((i) => resolveRelative(f.path, i.spec))
        .filter((p): p is string => p !== undefined),
    )
  }
  const found: Violation[] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const seen = new Set<string>()
  const visit = (node: string) => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') {
        const loop = stack.slice(stack.indexOf(next)).map((p) => relative(rootDir, p))
        const key = [...loop].sort().join('|')
        if (!seen.has(key)) {
          seen.add(key)
          found.push({ package: name, file: loop[0]!, message: `import cycle: ${[...loop, loop[0]].join(' → ')}` })
        }
      } else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of edges.keys()) if (!state.has(node)) visit(node)
  return found
}

/** Every violation in the workspace under `repoRoot` (its packages/* and examples/*). */
export function scanWorkspace(repoRoot: string): Violation[] {
  const dirs = (['packages', 'examples'] as const).flatMap((folder) =>
    existsSync(join(repoRoot, folder))
      ? readdirSync(join(repoRoot, folder))
          .map((d) => ({ folder, dir: join(repoRoot, folder, d) }))
          .filter(({ dir }) => existsSync(join(dir, 'package.json')))
      : [],
  )
  const escottNames = new Set(dirs.map(({ dir }) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }).name).filter((n) => n.startsWith('escott-')))
  return dirs.flatMap(({ folder, dir }) => checkPackage(dir, folder, escottNames))
}
