// CommonJS hosts load the package with require(): prove the CJS build loads without any ESM-only module.
const assert = require('node:assert')
const lib = require('escott-express')
assert.strictEqual(typeof lib.escottRouter, 'function', 'CJS build of escott-express did not load')
assert.strictEqual(typeof lib.MemoryShopStore, 'function')
assert.strictEqual(typeof lib.runRecoverCommand, 'function')
console.log('escott-express CJS build loads with require()')
