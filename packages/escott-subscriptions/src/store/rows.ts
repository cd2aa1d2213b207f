/** Row ↔ object mapping for the billing tables (snake_case columns, camelCase objects). */
import type { Charge, ChargeError, Plan, Subscription } from '../types.js'

export interface PlanRow {
  id: string
  name: string
  amount: number
  interval: Plan['interval']
  interval_count: number
  trial_days: number
  capture: boolean
  created_at: Date
}

export interface SubscriptionRow {
  id: string
  customer_id: string
  plan_id: string
  pending_plan_id: string | null
  status: Subscription['status']
  kaiin_id: string
  kaiin_pass: string
  anchor_day: number
  current_period_start: string
  current_period_end: string
  next_period_start: string | null
  next_charge_at: Date | null
  trial_end: string | null
  cancel_at_period_end: boolean
  canceled_at: Date | null
  paused_at: Date | null
  card_exp: string | null
  card_notice_at: Date | null
  card_noticed_exp: string | null
  next_action_at: Date | null
  queued_until: Date | null
  created_at: Date
  updated_at: Date
}

export interface ChargeRow {
  id: string
  subscription_id: string
  period_start: string
  period_end: string
  plan_id: string
  amount: number
  anchor_day: number
  capture: boolean
  status: Charge['status']
  outcome: Charge['outcome']
  attempts: number
  merchant_free1: string
  process_id: string | null
  process_pass: string | null
  error: ChargeError | null
  declines: number
  first_failed_at: Date | null
  next_attempt_at: Date | null
  claim_token: string | null
  claimed_at: Date | null
  reconcile_step: number
  reconcile_at: Date | null
  note: string | null
  settled_at: Date | null
  succeeded_at: Date | null
  created_at: Date
  updated_at: Date
}

export const toPlan = (r: PlanRow): Plan => ({
  id: r.id,
  name: r.name,
  amount: r.amount,
  interval: r.interval,
  intervalCount: r.interval_count,
  trialDays: r.trial_days,
  capture: r.capture,
  createdAt: r.created_at,
})

export const toSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id,
  customerId: r.customer_id,
  planId: r.plan_id,
  pendingPlanId: r.pending_plan_id,
  status: r.status,
  member: { kaiinId: r.kaiin_id },
  anchorDay: r.anchor_day,
  currentPeriodStart: r.current_period_start,
  currentPeriodEnd: r.current_period_end,
  nextChargeAt: r.next_charge_at,
  trialEnd: r.trial_end,
  cancelAtPeriodEnd: r.cancel_at_period_end,
  canceledAt: r.canceled_at,
  pausedAt: r.paused_at,
  cardExp: r.card_exp,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export const toCharge = (r: ChargeRow): Charge => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  planId: r.plan_id,
  amount: r.amount,
  status: r.status,
  outcome: r.outcome,
  attempts: r.attempts,
  merchantFree1: r.merchant_free1,
  processId: r.process_id,
  error: r.error,
  nextAttemptAt: r.next_attempt_at,
  reconcileAt: r.reconcile_at,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  succeededAt: r.succeeded_at,
  settledAt: r.settled_at,
})
