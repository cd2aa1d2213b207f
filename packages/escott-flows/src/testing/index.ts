/**
 * escott-flows/testing: the conformance suite for stores of the flows' ports (better-auth's `createTestSuite`
 * pattern). Run it against your own store to know the flows can rely on it:
 *
 * @example
 * ```ts
 * // my-store.test.ts (vitest)
 * import { runConformance, allSuites } from 'escott-flows/testing'
 * runConformance({
 *   name: 'my store',
 *   open: async () => ({ journal: myJournal, onceKeys: myKeys, members: myMembers, orders: { port: myOrders, create: (o) => myOrders.createForTest(o) } }),
 *   close: () => myDb.end(),
 *   suites: allSuites,
 * })
 * ```
 * Needs vitest (an optional peer dependency).
 * @packageDocumentation
 */
export { createTestSuite, runConformance, type AnyTestSuite, type ConformanceOptions, type OrdersUnderTest, type StoresUnderTest, type TestSuite, type With } from './suite.js'
export { allSuites, attemptCountersSuite, journalSuite, membersSuite, onceKeysSuite, orderPortSuite } from './suites.js'
