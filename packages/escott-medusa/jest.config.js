// Medusa's test runners need Jest; Jest stays confined to this package and examples/medusa-store (vitest elsewhere).
// NODE_OPTIONS=--experimental-vm-modules (set by `npm test`) lets Medusa's module loaders use dynamic import.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[jt]s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: true } }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'], // *.conformance.mts run in vitest (scripts/test.mjs)
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  modulePathIgnorePatterns: ['<rootDir>/.medusa/'],
}
