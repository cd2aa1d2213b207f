import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The billing calendar must not depend on the host's time zone: every test runs on a host in Los Angeles
// (calendar.test.ts "…on a Los Angeles host" fails if this stops being applied).
process.env.TZ = 'America/Los_Angeles'

export default defineConfig({
  resolve: {
    // Tests run against the sibling packages' sources, so `npm test` works from this folder without building them.
    alias: {
      'escott-core': fileURLToPath(new URL('../escott-core/src/index.ts', import.meta.url)),
      'escott-sandbox': fileURLToPath(new URL('../escott-sandbox/src/index.ts', import.meta.url)),
      'escott-flows/embedded-postgres': fileURLToPath(new URL('../escott-flows/src/embedded-postgres/index.ts', import.meta.url)),
      'escott-flows/postgres': fileURLToPath(new URL('../escott-flows/src/postgres/index.ts', import.meta.url)),
      'escott-flows': fileURLToPath(new URL('../escott-flows/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One embedded cluster per test file; files run one after another to stay kind to a 2-core machine.
    fileParallelism: false,
  },
})
