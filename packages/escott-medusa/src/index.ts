/**
 * escott-medusa: Medusa v2 payment providers for e-SCOTT Smart — card (EMV 3-D Secure, saved cards) and
 * convenience-store payments — plus the plugin's routes, subscriber and scheduled jobs. Glue over escott-flows.
 *
 * @example
 * ```js
 * // medusa-config.js
 * modules: [{ resolve: '@medusajs/medusa/payment', options: { providers: [
 *   { resolve: 'escott-medusa/providers/escott', id: 'escott', options: { merchantId, merchantPass, tokenAuthCode, threeDSecure: { aesKey, aesIv }, publicUrl } },
 * ] } }],
 * plugins: [{ resolve: 'escott-medusa', options: {} }],
 * ```
 * @packageDocumentation
 */
export { EscottCardProviderService, type CardSessionInput, type StartThreeDSecureInput, type ThreeDSecureReturn } from './services/escott-card'
export { EscottCvsProviderService, type CvsSessionInput, type NotificationReceipt } from './services/escott-cvs'
export { EscottBase, merchantFree1For, type FlowDeps } from './core/escott-base'
export { ESCOTT_STORES_KEY, TABLE_PREFIX, memoryEscottStores, postgresEscottStores, type EscottRuntime, type EscottStores } from './core/runtime'
export { knexPool, type KnexLike, type RawConnection } from './core/knex-pool'
export { resolveOptions, EscottMedusaOptionsError, type EscottProviderOptions, type ResolvedOptions } from './core/options'
export { toYen, assertYen } from './core/money'
export { expireCvsPayments } from './core/cvs-expiry'
export { reconcileOpenCases } from './core/recovery'
export { MemorySessionStore } from './sessions/memory'
export { PostgresSessionStore, SESSION_MIGRATIONS } from './sessions/postgres'
export type * from './sessions/types'
