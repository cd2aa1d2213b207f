import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // TypeDoc compiles a small project per case: seconds each, more on a loaded two-core machine.
    testTimeout: 120_000,
  },
})
