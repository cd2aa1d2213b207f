// Medusa (and any CommonJS host) loads the package with require(): prove the CJS build really loads.
const assert = require('node:assert')
const core = require('escott-core')
assert.strictEqual(typeof core.Escott, 'function', 'CJS build of escott-core did not load')
assert.strictEqual(typeof core.isEscottError, 'function', 'CJS build of escott-core has no type guards')
const wire = require('escott-core/wire')
assert.strictEqual(typeof wire.parseResponse, 'function', 'CJS build of escott-core/wire did not load')
assert.strictEqual(core.parseResponse, undefined, 'the wire helpers must stay out of the main entry')
console.log('escott-core and escott-core/wire CJS builds load with require()')
