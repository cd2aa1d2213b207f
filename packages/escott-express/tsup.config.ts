import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts', 'src/recover-cli.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['pg', 'express', 'escott-core', 'escott-flows'],
})
