/**
 * Throttling glue: escott-flows decides (per-order and per-client payment attempts, orders per client); this maps a
 * refusal to HTTP 429 with `Retry-After` and the shopper's message.
 */
import type { Request, RequestHandler, Response } from 'express'
import { attemptLimits, checkOrderCreation, MemoryAttemptCounters, type AttemptCounters, type AttemptLimits, type AttemptRule, type ThrottleVerdict } from 'escott-flows'
import { langOf } from '../i18n.js'
import type { ShopStore } from '../types.js'
import { defaultLayout, type Layout } from '../views/layout.js'
import { renderMessage } from '../views/message.js'

/** `limits` of the router options: `false` turns throttling off; numbers override escott-flows' defaults. */
export type LimitsOption = false | { [K in keyof AttemptLimits]?: Partial<AttemptLimits[K]> }

/** The counters and limits a router uses; undefined when throttling is off. */
export interface Throttle {
  counters: AttemptCounters
  limits: AttemptLimits
}

/** Resolves the option (throws `STORE_INPUT_INVALID` naming a bad number). */
export function resolveThrottle(store: ShopStore, option: LimitsOption | undefined, warn: (msg: string) => void): Throttle | undefined {
  if (option === false) return undefined
  if (!store.attempts) warn('escott-express: the store has no attempt counters (ShopStore.attempts): throttling counts in this process only')
  return { counters: store.attempts ?? new MemoryAttemptCounters(), limits: attemptLimits(option ?? {}) }
}

/** The 429 answer of a refused attempt. */
export function sendLocked(req: Request, res: Response, verdict: Extract<ThrottleVerdict, { kind: 'locked' }>, layout: Layout = defaultLayout, shopUrl = '/'): void {
  const lang = langOf(req)
  const title = lang === 'ja' ? 'しばらくお待ちください' : 'Please wait'
  res
    .status(429)
    .set('Retry-After', String(verdict.retryAfterSeconds))
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(layout({ title, body: renderMessage(lang, title, verdict.shopper[lang], shopUrl), lang, shopUrl }))
}

/** Options of {@link orderCreationLimit}. */
export interface OrderCreationLimitOptions {
  /** The shop's store (its attempt counters). */
  store: ShopStore
  /** Overrides of escott-flows' `orderCreation` rule (default 30 orders per client in 10 minutes, then 30 minutes locked). */
  limit?: Partial<AttemptRule>
  layout?: Layout
  shopUrl?: string
}

/**
 * Express middleware for the shop's own order-creating route (the cart's "checkout" POST): refuses a client that
 * creates too many orders (HTTP 429, Japanese or English message), counted where the orders live.
 *
 * @example
 * ```ts
 * app.post('/checkout', orderCreationLimit({ store }), createOrderHandler)
 * ```
 */
export function orderCreationLimit(options: OrderCreationLimitOptions): RequestHandler {
  const counters = options.store.attempts ?? new MemoryAttemptCounters()
  const limits = attemptLimits({ orderCreation: options.limit ?? {} })
  return (req, res, next) => {
    checkOrderCreation(counters, { client: req.ip ?? req.socket.remoteAddress }, limits).then((verdict) => {
      if (verdict.kind === 'allowed') return next()
      sendLocked(req, res, verdict, options.layout, options.shopUrl)
    }, next)
  }
}
