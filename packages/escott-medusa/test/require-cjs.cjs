// Medusa loads plugins and providers with require(): the built plugin must load as CommonJS.
const assert = require('node:assert')
const provider = require('escott-medusa/providers/escott')
assert.deepStrictEqual(
  (provider.default ?? provider).services.map((s) => s.identifier),
  ['escott-card', 'escott-cvs'],
)
const lib = require('escott-medusa')
assert.strictEqual(typeof lib.EscottCardProviderService, 'function')
for (const route of [
  'api/store/escott/3ds/[payment_session_id]/route.js',
  'api/escott/3ds/return/route.js',
  'api/escott/cvs/notification/route.js',
  'api/middlewares.js',
  'jobs/escott-cvs-expiry.js',
  'jobs/escott-recovery.js',
  'api/admin/escott/recovery/route.js',
  'api/admin/escott/recovery/[id]/route.js',
  'subscribers/escott-cvs-expired.js',
]) {
  require(require('node:path').join(__dirname, '../.medusa/server/src', route))
}
console.log('escott-medusa CJS plugin build loads with require()')
