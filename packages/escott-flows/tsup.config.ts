import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    postgres: 'src/postgres/index.ts',
    'embedded-postgres': 'src/embedded-postgres/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // import.meta.url in the CJS build (the embedded starter resolves the Postgres binaries relative to this package).
  shims: true,
  external: ['embedded-postgres', 'pg', 'vitest', 'escott-core'],
})
