/**
 * escott-subscriptions: recurring charges on e-SCOTT Smart stored cards — a billing calendar in Asia/Tokyo,
 * exactly one charge per subscription period, dunning from the catalog's soft/hard declines, reconciliation of
 * unknown outcomes, an events outbox, and pg-boss workers on PostgreSQL (embedded by default).
 * @packageDocumentation
 */
export { createBilling, type Billing } from './billing.js'
export type { BillingOptions, BillingGateway, DunningOptions } from './options.js'
export {
  DEFAULT_ATTEMPT_TIMEOUT_MS,
  DEFAULT_CARD_EXPIRY_NOTICE_DAYS,
  DEFAULT_CHARGE_TIME,
  DEFAULT_CONCURRENCY,
  DEFAULT_JOB_TIMEOUT_SECONDS,
  DEFAULT_RECONCILE_DELAYS_MS,
  DEFAULT_RETRY_AFTER_DAYS,
} from './options.js'
export type { BillingWorker } from './worker.js'
export type { EventHandler } from './events.js'
export type { PlansResource, CreatePlanParams } from './resources/plans.js'
export type { SubscriptionsResource, CreateSubscriptionParams, ListSubscriptionsParams, UpcomingCharge } from './resources/subscriptions.js'
export type { ChargesResource, ListChargesParams, SettleParams } from './resources/charges.js'
export { EscottBillingError, isEscottBillingError, type BillingErrorReason } from './errors.js'
export {
  addDays,
  addMonthsAnchored,
  cardExpiryDate,
  daysInMonth,
  nextPeriodStart,
  tokyoDateOf,
  tokyoInstant,
  upcomingPeriodStarts,
  type Cadence,
} from './calendar.js'
export type * from './types.js'
