import { defineConfig } from 'vitest/config'

// Only escott-flows' conformance suite runs here (it is written for vitest); the provider tests run in Jest, which
// Medusa's test runners need (jest.config.js).
export default defineConfig({
  test: {
    include: ['test/**/*.conformance.mts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
