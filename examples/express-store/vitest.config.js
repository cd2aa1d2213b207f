import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.js'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file runs one shop and one browser; files run one after another (2 cores in CI).
    fileParallelism: false,
  },
})
