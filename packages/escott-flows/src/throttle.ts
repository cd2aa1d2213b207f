/**
 * Throttling of payment attempts and order creation (card testing: many declined cards on one order, floods of
 * orders). The gateway's own token lock (KI6) keys on a TerminalId the browser chooses, so the shop counts for
 * itself: per order, per client, and orders per client, in the {@link AttemptCounters} that live with the orders so
 * that every process behind a load balancer sees the same counts. Each verdict is a discriminated result with the
 * shopper message in Japanese and English.
 */
import { isIP } from 'node:net'
import type { Bilingual } from 'escott-core'
import { EscottFlowError } from './errors.js'
import type { AttemptCounters, AttemptRule } from './ports.js'

/** The limits; every rule is at most `limit` hits per `windowMs`, the hit over it locks for `lockMs`. */
export interface AttemptLimits {
  /** Payment attempts (card or convenience-store form posts, 3-D Secure starts) on one order. */
  perOrder: AttemptRule
  /** Payment attempts from one client address (an IPv6 client counts per /64). */
  perClient: AttemptRule
  /** Orders created from one client address. */
  orderCreation: AttemptRule
}

const MINUTE = 60_000

/**
 * Defaults: 10 attempts per order in 30 minutes (a shopper mistyping a card needs a few), 30 attempts per client in
 * 30 minutes, 30 orders per client in 10 minutes; locks of 30, 60 and 30 minutes.
 */
export const DEFAULT_ATTEMPT_LIMITS: Readonly<AttemptLimits> = Object.freeze({
  perOrder: Object.freeze({ limit: 10, windowMs: 30 * MINUTE, lockMs: 30 * MINUTE }),
  perClient: Object.freeze({ limit: 30, windowMs: 30 * MINUTE, lockMs: 60 * MINUTE }),
  orderCreation: Object.freeze({ limit: 30, windowMs: 10 * MINUTE, lockMs: 30 * MINUTE }),
})

/** Limits with some rules (or some numbers of a rule) replaced; throws `STORE_INPUT_INVALID` for non-positive numbers. */
export function attemptLimits(overrides: { [K in keyof AttemptLimits]?: Partial<AttemptRule> } = {}): AttemptLimits {
  const out = {} as AttemptLimits
  for (const key of ['perOrder', 'perClient', 'orderCreation'] as const) {
    const rule = { ...DEFAULT_ATTEMPT_LIMITS[key], ...overrides[key] }
    for (const n of ['limit', 'windowMs', 'lockMs'] as const) {
      if (!Number.isSafeInteger(rule[n]) || rule[n] < 1) throw new EscottFlowError('STORE_INPUT_INVALID', { detail: `limits.${key}.${n} must be a positive integer, got ${String(rule[n])}` })
    }
    out[key] = rule
  }
  return out
}

/** Which limit refused. */
export type ThrottleScope = 'order' | 'client' | 'order_creation'

/** A throttling decision. */
export type ThrottleVerdict =
  | { kind: 'allowed' }
  /** Refused until `until`: answer HTTP 429 with `Retry-After: retryAfterSeconds` and the shopper message. */
  | { kind: 'locked'; scope: ThrottleScope; until: Date; retryAfterSeconds: number; shopper: Bilingual }

function minutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / MINUTE))
}

function lockedMessage(scope: ThrottleScope, waitMs: number): Bilingual {
  const m = minutes(waitMs)
  return scope === 'order_creation'
    ? {
        ja: `短時間に多くのご注文をいただいたため、しばらくご注文をお受けできません。${m}分ほどたってから再度お試しください。`,
        en: `Too many orders were placed in a short time. Please try again in about ${m} minute${m === 1 ? '' : 's'}.`,
      }
    : {
        ja: `お支払いの試行回数が上限に達したため、しばらくお手続きいただけません。${m}分ほどたってから再度お試しください。`,
        en: `Too many payment attempts. Please try again in about ${m} minute${m === 1 ? '' : 's'}.`,
      }
}

/**
 * The counting key of a client address: IPv4 (also IPv4-mapped IPv6) as is, IPv6 by its /64 (one host can use any
 * address of its /64); anything else as given.
 */
export function clientKey(address: string): string {
  const a = address
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
  if (a.toLowerCase().startsWith('::ffff:') && isIP(a.slice(7)) === 4) return a.slice(7)
  if (isIP(a) !== 6) return a
  const [head = '', tail = ''] = a.toLowerCase().split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = a.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h
  return `${groups
    .slice(0, 4)
    .map((g) => g.padStart(4, '0'))
    .join(':')}::/64`
}

function verdict(scope: ThrottleScope, lockedUntil: Date, now: Date): ThrottleVerdict {
  const wait = lockedUntil.getTime() - now.getTime()
  return { kind: 'locked', scope, until: lockedUntil, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)), shopper: lockedMessage(scope, wait) }
}

/**
 * Counts one payment attempt on an order from a client and says whether it may go ahead. Call it before claiming the
 * order, for every card or convenience-store form post.
 *
 * @example
 * ```ts
 * const v = await checkPaymentAttempt(store.attempts, { orderId: order.id, client: req.ip })
 * if (v.kind === 'locked') return res.status(429).set('Retry-After', String(v.retryAfterSeconds)).send(v.shopper.ja)
 * ```
 */
export async function checkPaymentAttempt(
  counters: AttemptCounters,
  attempt: { orderId: string; client: string | undefined },
  limits: AttemptLimits = DEFAULT_ATTEMPT_LIMITS,
  now: Date = new Date(),
): Promise<ThrottleVerdict> {
  const client = attempt.client ? clientKey(attempt.client) : 'unknown'
  // The client first: a locked client adds nothing more (no counter for every order id it makes up).
  const byClient = await counters.hit(`payment-client:${client}`, limits.perClient, now)
  if (byClient.lockedUntil && byClient.lockedUntil > now) return verdict('client', byClient.lockedUntil, now)
  const byOrder = await counters.hit(`payment-order:${attempt.orderId}`, limits.perOrder, now)
  if (byOrder.lockedUntil && byOrder.lockedUntil > now) return verdict('order', byOrder.lockedUntil, now)
  return { kind: 'allowed' }
}

/** Counts one order creation by a client and says whether it may go ahead. */
export async function checkOrderCreation(
  counters: AttemptCounters,
  creation: { client: string | undefined },
  limits: AttemptLimits = DEFAULT_ATTEMPT_LIMITS,
  now: Date = new Date(),
): Promise<ThrottleVerdict> {
  const client = creation.client ? clientKey(creation.client) : 'unknown'
  const count = await counters.hit(`order-creation:${client}`, limits.orderCreation, now)
  if (count.lockedUntil && count.lockedUntil > now) return verdict('order_creation', count.lockedUntil, now)
  return { kind: 'allowed' }
}
