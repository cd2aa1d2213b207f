/**
 * escott-express: Express routes for e-SCOTT Smart — token checkout, EMV 3-D Secure, convenience-store payments and
 * their notifications, admin operations, stored cards, and order recovery.
 * @packageDocumentation
 */
export { escottRouter } from './router.js'
export type { EscottRouterOptions, Customer, RouterLogger } from './context.js'
export { consoleLogger } from './context.js'
export type * from './types.js'
export { PAYABLE_STATUSES } from './types.js'
export { MemoryOrderStore } from './store/memory.js'
export { PostgresOrderStore, type PostgresOrderStoreOptions } from './store/postgres.js'
export { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './store/embedded-postgres.js'
export { openOrderStore, type OpenOrderStoreOptions } from './store/open.js'
export { journaled, OutcomeUnknown, type JournalIntent } from './journal.js'
export {
  recover,
  completeRecovery,
  cancelRecovery,
  CHARGING_OPERATIONS,
  type RecoveryCase,
  type RecoveryKind,
  type RecoverOptions,
  type RecoveryEvidence,
  type RecoveryActionOptions,
} from './recover.js'
export { memberAuthorizationDates } from './card-deletion-rule.js'
export { negotiateLang, isCvsExpired, type Lang } from './i18n.js'
export type { Layout, LayoutPage } from './views/layout.js'
export { BASE_CSS, defaultLayout } from './views/layout.js'
export type { EscottLike } from './escott-like.js'
export { runRecoverCommand, type RecoverCommandIo, type RecoverContext } from './recover-command.js'
