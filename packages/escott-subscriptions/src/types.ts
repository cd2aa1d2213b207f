/** The public shapes: plans, subscriptions, charges, events. Dates of the billing calendar are `YYYY-MM-DD` in Japan. */
import type { Interval, TokyoDate } from './calendar.js'

export type { Interval, TokyoDate }

/** A price and a rhythm. */
export interface Plan {
  id: string
  name: string
  /** Integer yen, 1 … 9,999,999. */
  amount: number
  interval: Interval
  intervalCount: number
  /** Days of free trial before the first charge. */
  trialDays: number
  /** `true`: authorise and capture at once (1Gathering). `false`: authorise only (1Auth); you capture later. */
  capture: boolean
  createdAt: Date
}

export type SubscriptionStatus = 'trialing' | 'active' | 'past_due' | 'paused' | 'canceled'

/** The stored card a subscription charges. The pass is kept server-side and never returned. */
export interface MemberCard {
  kaiinId: string
  kaiinPass: string
}

export interface Subscription {
  id: string
  customerId: string
  planId: string
  /** Plan that takes over from the next period (`changePlan`), or null. */
  pendingPlanId: string | null
  status: SubscriptionStatus
  /** The stored card's KaiinId (the KaiinPass is never returned). */
  member: { kaiinId: string }
  /** The original day of month (1–31) monthly periods start on, clamped to short months. */
  anchorDay: number
  /** First day of the current (or trial) period. */
  currentPeriodStart: TokyoDate
  /** Day after the last day of the current period = the start of the next one. */
  currentPeriodEnd: TokyoDate
  /** When the next charge is due; null while paused, canceled, or waiting for a card update or reconciliation. */
  nextChargeAt: Date | null
  trialEnd: TokyoDate | null
  cancelAtPeriodEnd: boolean
  canceledAt: Date | null
  pausedAt: Date | null
  /** Stored card expiry `YYMM` as the gateway reported it (4MemRef), when known. */
  cardExp: string | null
  createdAt: Date
  updatedAt: Date
}

export type ChargeStatus = 'pending' | 'succeeded' | 'failed' | 'needs_reconciliation' | 'settled'

/** How a failed attempt was classified (the flow layer's `classifyFailure` vocabulary). */
export type FailureKind = 'refused' | 'declined_soft' | 'declined_hard' | 'retry_later' | 'outcome_unknown'

/** Why the last attempt failed; no secrets. */
export interface ChargeError {
  kind: FailureKind
  /** First gateway response code, e.g. `G55`. */
  code: string | null
  codes: string[]
  category: string
  message: string
}

/** One subscription period's charge. Unique per (subscriptionId, periodStart). */
export interface Charge {
  id: string
  subscriptionId: string
  periodStart: TokyoDate
  periodEnd: TokyoDate
  planId: string
  amount: number
  status: ChargeStatus
  /** For `settled` charges: what the operator established. */
  outcome: 'succeeded' | 'failed' | null
  attempts: number
  /** The charge key sent to the gateway: find the transaction in the e-SCOTT console with it. */
  merchantFree1: string
  processId: string | null
  error: ChargeError | null
  /** Next automatic attempt (dunning) or null. */
  nextAttemptAt: Date | null
  /** Next 1Search re-check of an unknown outcome, or null. */
  reconcileAt: Date | null
  note: string | null
  createdAt: Date
  updatedAt: Date
  succeededAt: Date | null
  settledAt: Date | null
}

/** Result of one {@link Billing.runDue} pass. */
export interface RunDueSummary {
  charged: number
  failed: number
  needsReconciliation: number
  /** Due items another process was already working on, or that needed nothing after a re-check. */
  skipped: number
}

/** A charge as carried in events (dates as ISO strings: events are JSON from the outbox). */
export interface ChargeEventData {
  chargeId: string
  subscriptionId: string
  customerId: string
  periodStart: TokyoDate
  periodEnd: TokyoDate
  amount: number
  attempts: number
  merchantFree1: string
  processId: string | null
  error: ChargeError | null
  /** Next automatic attempt (ISO), for `charge.failed`. */
  nextAttemptAt: string | null
  /** True when an operator settled it. */
  settled: boolean
}

export interface SubscriptionEventData {
  subscriptionId: string
  customerId: string
  status: SubscriptionStatus
  reason: string
}

export interface CardExpiringData {
  subscriptionId: string
  customerId: string
  kaiinId: string
  /** `YYMM` */
  cardExp: string
  /** First day the card no longer works. */
  expiresOn: TokyoDate
  maskedCardNo: string | null
}

/** Every event type and its data. */
export interface BillingEventMap {
  'charge.succeeded': ChargeEventData
  'charge.failed': ChargeEventData
  'charge.needs_reconciliation': ChargeEventData
  'subscription.past_due': SubscriptionEventData
  'subscription.canceled': SubscriptionEventData
  'card.expiring': CardExpiringData
}

export type BillingEventType = keyof BillingEventMap

/** An event from the outbox. Delivered at least once: de-duplicate on `id`. */
export interface BillingEvent<T extends BillingEventType = BillingEventType> {
  id: string
  type: T
  /** Billing clock time the event was recorded. */
  createdAt: Date
  data: BillingEventMap[T]
}
