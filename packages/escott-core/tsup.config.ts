import { defineConfig } from 'tsup'

export default defineConfig({
  // `escott-core/wire`: the low-level protocol helpers, kept out of the main surface (README, "Wire helpers")
  entry: { index: 'src/index.ts', wire: 'src/wire-exports.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
})
