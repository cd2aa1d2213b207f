/**
 * What `escottRouter` needs, checked when it is built rather than at the first shopper (as Medusa providers do with
 * `validateOptions`): every message names the option and the fix.
 */
import { EscottConfigurationError, isEscottConfigurationError } from 'escott-core'
import type { EscottRouterOptions } from './context.js'

const fail = (message: string) => new EscottConfigurationError(`escottRouter: ${message}`)

/** Throws an `EscottConfigurationError` for the first requirement the options miss. */
export function checkRouterOptions(options: EscottRouterOptions): void {
  if (!options || typeof options !== 'object') throw fail('options are required: escottRouter({ escott, store, adminAuth })')
  if (!options.escott) throw fail('`escott` (an escott-core Escott client) is required')
  const { store } = options
  if (!store?.orders || !store.journal || !store.onceKeys || !store.members) {
    throw fail('`store` (a ShopStore: { orders, journal, onceKeys, members }, e.g. await openShopStore()) is required')
  }
  const adminAuth = options.adminAuth === undefined ? [] : Array.isArray(options.adminAuth) ? options.adminAuth : [options.adminAuth]
  if ((options.admin ?? true) && (adminAuth.length === 0 || adminAuth.some((h) => typeof h !== 'function'))) {
    throw fail('refusing to mount the admin routes without authentication. Pass `adminAuth` (your middleware that lets only staff through), or `admin: false` to leave them out.')
  }
  if (options.publicUrl !== undefined) {
    let ok = false
    try {
      ok = /^https?:$/.test(new URL(options.publicUrl).protocol)
    } catch {
      // reported below
    }
    if (!ok) throw fail('`publicUrl` must be the absolute http(s) origin of the shop, e.g. https://shop.example.jp')
  }
  try {
    options.escott.tokens.scriptUrl()
  } catch (err) {
    if (!isEscottConfigurationError(err)) throw err
    throw fail('the checkout page loads the e-SCOTT token script, which needs `tokenAuthCode` in the Escott config (ESCOTT_TOKEN_AUTH_CODE, トークン決済認証コード)')
  }
  if (options.threeDSecure ?? true) {
    try {
      // The keys are checked before anything else, so a deliberately empty request tells whether they are there.
      options.escott.threeDSecure.createRequest({} as never)
    } catch (err) {
      if (isEscottConfigurationError(err)) {
        throw fail('3-D Secure is on (the default) and needs `threeDSecure: { aesKey, aesIv }` in the Escott config (ESCOTT_AES_KEY / ESCOTT_AES_IV); or pass `threeDSecure: false`')
      }
    }
  }
}
