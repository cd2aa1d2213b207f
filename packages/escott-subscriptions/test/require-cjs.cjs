// CommonJS hosts load the package with require(): prove the CJS build loads and exposes the entry point.
const assert = require('node:assert')
const lib = require('escott-subscriptions')
assert.strictEqual(typeof lib.createBilling, 'function', 'CJS build of escott-subscriptions did not load')
assert.strictEqual(typeof lib.isEscottBillingError, 'function')
assert.strictEqual(lib.nextPeriodStart('2025-01-31', { interval: 'month', intervalCount: 1 }, 31), '2025-02-28')
console.log('escott-subscriptions CJS build loads with require()')
