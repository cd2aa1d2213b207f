import type { Manifest } from './workspace.js'

export interface EntryPoint {
  /** What a user writes in `import` / `require()`: the package name, or name/subpath. */
  specifier: string
  /** Loadable with `import` (an `import`, `node` or `default` condition, or a plain path). */
  esm: boolean
  /** Loadable with `require()` (a `require`, `node` or `default` condition, or a plain path). */
  cjs: boolean
  /**
   * One CommonJS file serves both `import` and `require()` (no ESM build): escott-medusa, whose provider entry is
   * `module.exports = ModuleProvider(...)` because Medusa loads providers with require. `import` then sees
   * module.exports as its default export, and only the names Node's CommonJS lexer finds as named exports.
   */
  commonjsOnly: boolean
}

/** Every entry point the manifest's `exports` map offers (subpaths included), or the package itself without one. */
export function entryPoints(manifest: Manifest): EntryPoint[] {
  const exports = manifest.exports
  const conditions = (specifier: string, target: unknown): EntryPoint => {
    const esm = loadable(target, 'import')
    const cjs = loadable(target, 'require')
    const imported = resolved(target, 'import')
    return { specifier, esm, cjs, commonjsOnly: esm && cjs && imported !== undefined && isCommonJs(imported, manifest.type) }
  }
  const main = typeof exports === 'string' ? exports : (manifest.main ?? './index.js')
  if (exports === undefined || typeof exports === 'string') return [conditions(manifest.name, main)]
  const keys = Object.keys(exports)
  if (!keys.some((k) => k.startsWith('.'))) return [conditions(manifest.name, exports)]
  return keys.filter((key) => key !== './package.json' && !key.includes('*')).map((key) => conditions(key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`, exports[key]))
}

/** Node's rule for a file's module format: .cjs and .mjs say it, .js follows the package's `type`. */
function isCommonJs(file: string, type: string | undefined): boolean {
  if (file.endsWith('.cjs')) return true
  if (file.endsWith('.mjs')) return false
  return type !== 'module'
}

/** The file Node picks for `import` or `require()` (conditions in their written order; `types` is not a file Node loads). */
function resolved(target: unknown, mode: 'import' | 'require'): string | undefined {
  if (typeof target === 'string') return target
  if (Array.isArray(target)) return target.map((t) => resolved(t, mode)).find((t) => t !== undefined)
  if (target === null || typeof target !== 'object') return undefined
  for (const [condition, sub] of Object.entries(target)) {
    if (condition !== mode && condition !== 'node' && condition !== 'default') continue
    const file = resolved(sub, mode)
    if (file !== undefined) return file
  }
  return undefined
}

/**
 * Whether Node resolves `target` for `import` or `require()`: a path, or a condition object with a matching key
 * (`import`/`require`, `node`, `default`) whose own target resolves. A `default` nested under `import` does not make
 * the entry loadable with `require()` (an ESM-only subpath such as escott-flows/testing).
 */
function loadable(target: unknown, mode: 'import' | 'require'): boolean {
  if (typeof target === 'string') return true
  if (Array.isArray(target)) return target.some((t) => loadable(t, mode))
  if (target === null || typeof target !== 'object') return false
  return Object.entries(target).some(([condition, sub]) => (condition === mode || condition === 'node' || condition === 'default') && loadable(sub, mode))
}
