import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packing, installing and compiling take seconds each, more on a loaded two-core machine.
    testTimeout: 120_000,
    hookTimeout: 1_200_000,
  },
})
