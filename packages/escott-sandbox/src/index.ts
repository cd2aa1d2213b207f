/**
 * escott-sandbox: a stateful local e-SCOTT Smart gateway for development, demos and tests. Never for production.
 * @packageDocumentation
 */
export { startSandbox } from './sandbox.js'
export type { Sandbox, SandboxOptions, CardInput, SandboxCvsReceipt, RetentionReport } from './sandbox.js'
export { DEFAULT_RETENTION } from './retention.js'
export type { RetentionLimits, ForgottenCounts } from './retention.js'
export { isLoopbackAddress } from './exposure.js'
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
