// CommonJS hosts load the package with require(): prove the CJS build really loads.
const assert = require('node:assert')
const sandbox = require('escott-sandbox')
assert.strictEqual(typeof sandbox.startSandbox, 'function', 'CJS build of escott-sandbox did not load')
console.log('escott-sandbox CJS build loads with require()')
