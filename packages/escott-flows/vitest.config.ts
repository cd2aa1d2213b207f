import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // Tests run against the sibling packages' sources, so `npm test` works from this folder without building them.
    alias: [
      { find: /^escott-core$/, replacement: fileURLToPath(new URL('../escott-core/src/index.ts', import.meta.url)) },
      { find: /^escott-sandbox$/, replacement: fileURLToPath(new URL('../escott-sandbox/src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
