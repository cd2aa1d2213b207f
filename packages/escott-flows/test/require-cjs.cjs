// CommonJS hosts (Medusa loads providers with require()) load the package and its store entry points.
const assert = require('node:assert')
const flows = require('escott-flows')
assert.strictEqual(typeof flows.journaled, 'function', 'CJS build of escott-flows did not load')
assert.strictEqual(typeof flows.classifyFailure, 'function')
assert.strictEqual(typeof flows.MemoryJournal, 'function')
assert.strictEqual(typeof require('escott-flows/postgres').PostgresFlowStores, 'function')
assert.strictEqual(typeof require('escott-flows/embedded-postgres').startEmbeddedPostgres, 'function')
// escott-flows/testing is for vitest, which loads only as ESM (require() gets vitest's own explanation).
// Error identity holds between this CJS copy and escott-core's guards.
const core = require('escott-core')
assert.strictEqual(core.isEscottError(new flows.EscottFlowError('JOURNAL_UNAVAILABLE')), true)
console.log('escott-flows CJS build loads with require()')
