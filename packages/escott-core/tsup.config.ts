import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // ky ships ESM only; bundling it lets the CJS build load with a plain require() (Medusa loads providers that way).
  noExternal: ['ky'],
})
