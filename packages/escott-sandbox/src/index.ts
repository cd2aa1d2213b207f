/**
 * escott-sandbox: a stateful local e-SCOTT Smart gateway for development, demos and tests. Never for production.
 * @packageDocumentation
 */
export { startSandbox } from './sandbox.js'
export type { Sandbox, SandboxOptions, CardInput, SandboxCvsReceipt } from './sandbox.js'
export { SandboxClock, parseDuration } from './clock.js'
export { SandboxFaults } from './faults.js'
export type { FaultSpec, FaultType, FaultSettings, MaintenanceMode } from './faults.js'
export { TEST_CARDS, TEST_SECURITY_CODE, findTestCard } from './cards.js'
export type { TestCard, TestCard3DS } from './cards.js'
export { DEFAULT_MERCHANT, DEFAULT_TOKEN_LOCK, DEFAULT_DUPLICATE_WINDOW_MS } from './merchants.js'
export { DEFAULT_CONFIG } from './gateway.js'
export type { SandboxConfig, PostUrlOrder } from './gateway.js'
export { notificationHash } from './notifier.js'
export type { MerchantCredentials, MerchantSettings, ThreeDSecureSetting, NotificationRecord, DeliveryAttempt, Snapshot } from './state.js'
export type { PostUrlDelivery } from './handlers/tds.js'
export type { TokenLockInfo, TokenLockFilter, TokenLockKind } from './token-locks.js'
export { SANDBOX_PATHS } from './server.js'
