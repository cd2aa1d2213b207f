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
  if (typeof target === 'string') return { specifier, esm: true, cjs: true }
  const text = JSON.stringify(target ?? null)
  const has = (condition: string) => text.includes(`"${condition}":`)
  return { specifier, esm: has('import') || has('node') || has('default'), cjs: has('require') || has('node') || has('default') }
}
