// Medusa's test runners need Jest: it stays in this example and packages/escott-medusa (vitest elsewhere).
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.[jt]s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: true } }] },
  testMatch: ['<rootDir>/integration-tests/**/*.test.js'],
  globalSetup: '<rootDir>/integration-tests/support/global-setup.js',
  globalTeardown: '<rootDir>/integration-tests/support/global-teardown.js',
  testTimeout: 180_000,
  modulePathIgnorePatterns: ['<rootDir>/.medusa/'],
}
