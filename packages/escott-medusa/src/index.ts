/**
 * escott-medusa: Medusa v2 payment providers for e-SCOTT Smart — card (EMV 3-D Secure, saved cards) and
 * convenience-store payments — plus the plugin's routes, subscriber and scheduled job.
 *
 * ```js
 * // medusa-config.js
 * modules: [{ resolve: '@medusajs/medusa/payment', options: { providers: [
 *   { resolve: 'escott-medusa/providers/escott', id: 'escott', options: { merchantId, merchantPass, tokenAuthCode, threeDSecure: { aesKey, aesIv }, publicUrl } },
 * ] } }],
 * plugins: [{ resolve: 'escott-medusa', options: {} }],
 * ```
 * @packageDocumentation
 */
export { EscottCardProviderService, type CardSessionInput, type StartThreeDSecureInput, type ThreeDSecureOutcome } from './services/escott-card'
export { EscottCvsProviderService, type CvsSessionInput, type NotificationOutcome } from './services/escott-cvs'
export { EscottBase, ESCOTT_STORE_KEY, merchantFree1For } from './core/escott-base'
export { resolveOptions, EscottMedusaOptionsError, type EscottProviderOptions, type ResolvedOptions } from './core/options'
export { toYen, assertYen } from './core/money'
export { MemoryEscottStore } from './store/memory'
export { PostgresEscottStore, knexQueryable, type Queryable } from './store/postgres'
export type * from './store/types'
export type { StoredError } from './core/errors'
