// Medusa (and any CommonJS host) loads the package with require(): prove the CJS build really loads.
const assert = require('node:assert')
const core = require('escott-core')
assert.strictEqual(typeof core.parseResponse, 'function', 'CJS build of escott-core did not load')
console.log('escott-core CJS build loads with require()')
