import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests run against the sibling packages' sources, so `npm test` works from this folder without building them.
    alias: [
      { find: /^escott-core$/, replacement: src('../escott-core/src/index.ts') },
      { find: /^escott-core\/wire$/, replacement: src('../escott-core/src/wire-exports.ts') },
      { find: /^escott-sandbox$/, replacement: src('../escott-sandbox/src/index.ts') },
      { find: /^escott-flows$/, replacement: src('../escott-flows/src/index.ts') },
      { find: /^escott-flows\/postgres$/, replacement: src('../escott-flows/src/postgres/index.ts') },
      { find: /^escott-flows\/embedded-postgres$/, replacement: src('../escott-flows/src/embedded-postgres/index.ts') },
      { find: /^escott-flows\/testing$/, replacement: src('../escott-flows/src/testing/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
