import type { Manifest } from './workspace.js'

export interface EntryPoint {
  /** What a user writes in `import` / `require()`: the package name, or name/subpath. */
  specifier: string
  /** Loadable with `import` (an `import`, `node` or `default` condition, or a plain path). */
  esm: boolean
  /** Loadable with `require()` (a `require`, `node` or `default` condition, or a plain path). */
  cjs: boolean
}

/** Every entry point the manifest's `exports` map offers (subpaths included), or the package itself without one. */
export function entryPoints(manifest: Manifest): EntryPoint[] {
  const exports = manifest.exports
  const both = (specifier: string): EntryPoint => ({ specifier, esm: true, cjs: true })
  if (exports === undefined || typeof exports === 'string') return [both(manifest.name)]
  const keys = Object.keys(exports)
  if (!keys.some((k) => k.startsWith('.'))) return [conditions(manifest.name, exports)]
  return keys
    .filter((key) => key !== './package.json' && !key.includes('*'))
    .map((key) => conditions(key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`, exports[key]))
}

function conditions(specifier: string, target: unknown): EntryPoint {
  return { specifier, esm: loadable(target, 'import'), cjs: loadable(target, 'require') }
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
