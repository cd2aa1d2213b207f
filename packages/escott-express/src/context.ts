/** What every route module shares: options, store, client, logging and rendering helpers. */
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { CvsFeeConfig, EscottClient, InstallmentMode } from 'escott-core'
import type { FlowLogger } from 'escott-flows'
import { langOf, type Lang } from './i18n.js'
import type { Order, OrderItem, OrderStore, ShopStore } from './types.js'
import { refuseControlCharacters } from './security/edge.js'
import { originRefusal } from './security/origin.js'
import { resolveThrottle, type LimitsOption, type Throttle } from './security/throttle.js'
import { defaultLayout, type Layout } from './views/layout.js'

/** The logged-in shopper, as the app knows them. */
export interface Customer {
  id: string
  name?: string
  email?: string
}

/**
 * Something that happened to an order, for the shop's own reactions (mail, stock, analytics). Delivered after the
 * change is stored; the same change may be reported more than once (a 3-D Secure result arrives by the browser and
 * by the PostUrl), so make reactions idempotent (e.g. with `store.onceKeys`).
 * - `placed`: the card was authorised (or captured) or the convenience-store payment was registered.
 * - `paid`: the convenience-store payment notification arrived.
 * - `captured`, `canceled`, `amount_changed`, `reauthorized`: an admin operation (or recovery) succeeded.
 * - `cvs_changed`: a convenience-store payment's amount and/or deadline changed (new payment number).
 */
export interface OrderEvent {
  type: 'placed' | 'paid' | 'captured' | 'canceled' | 'amount_changed' | 'reauthorized' | 'cvs_changed'
  order: Order
  /** The order before an admin operation. */
  previous?: Order
}

/** Extra HTML a shop adds to the built-in pages (already escaped: build it with your own templating). */
export interface PageSections {
  /**
   * Checkout page, right above the order buttons: what the 2022 特定商取引法 amendment requires the final
   * confirmation screen (最終確認画面) to show besides quantities, prices and payment — delivery, delivery time,
   * cancellation and return terms (or links to them).
   */
  checkout?: (order: Order, lang: Lang) => string | Promise<string>
  /** Order (thank-you) page, below the status: e.g. "a confirmation mail was sent", a receipt link. */
  order?: (order: Order, lang: Lang) => string | Promise<string>
  /** Below every order summary table: e.g. the consumption tax by rate. `amount` is the total shown. */
  summary?: (order: Order, lang: Lang, amount: number, fee: number) => string
  /** A short plain-text mark after a line's name in every summary, e.g. ' ※' for a reduced-rate (8 %) item. */
  itemNote?: (item: OrderItem, lang: Lang) => string
  /** Admin order page: the shop's own block (delivery, memo, shipping status…). May be async. */
  adminOrder?: (order: Order, req: Request) => string | Promise<string>
}

/** Structured logger (pino-compatible subset). Only ids, codes and merchant messages are ever passed to it. */
export type RouterLogger = FlowLogger

/** Options of `escottRouter`. */
export interface EscottRouterOptions {
  /** An escott-core `Escott` client (anything implementing `EscottClient`). */
  escott: EscottClient
  /** Where orders, the journal, once-keys and stored-card members live (`openShopStore()`, `new MemoryShopStore()`). */
  store: ShopStore
  /**
   * Authentication for the admin pages, supplied by your app (e.g. your session check or HTTP Basic auth).
   * Required unless `admin: false`: the router refuses to mount admin routes without it.
   */
  adminAuth?: RequestHandler | RequestHandler[]
  /** Mount the admin pages (default true). */
  admin?: boolean
  /** The logged-in shopper, or undefined for guests. Enables stored cards and "my page". */
  customer?: (req: Request) => Customer | undefined | Promise<Customer | undefined>
  /** Authorise and capture at once (1Gathering) instead of authorising only (1Auth, default). */
  capture?: boolean
  /** Installment choices offered (default `installmentsAndBonus`: everything the brand allows). */
  installments?: InstallmentMode
  /** Send card payments through EMV 3-D Secure (default true; needs `threeDSecure` keys in the Escott config). */
  threeDSecure?: boolean
  /** Convenience-store payments; `false` to disable. */
  cvs?:
    | false
    | {
        /** Payment deadline in days (default 7). */
        payLimitDays?: number
        /** Fee table (default escott-core's `DEFAULT_CVS_FEE`). */
        fee?: CvsFeeConfig
      }
  /** Payment notifications: allowed source addresses or CIDR ranges (default: escott-core's list for the environment). */
  notification?: { allowedIps?: readonly string[] }
  /**
   * The public origin of the shop (e.g. `https://shop.example.jp`), used for the 3-D Secure RedirectUrl and PostUrl.
   * Default: from the request (honours Express's `trust proxy`).
   */
  publicUrl?: string
  /** Wraps every page (your header, footer and styles). It receives the request, so it can show the cart and login. */
  layout?: Layout
  /** The shop's own parts of the built-in pages (final-confirmation terms, tax breakdown, admin blocks). */
  sections?: PageSections
  /** The language of a page (default: `?lang=`, then Accept-Language; Japanese otherwise). */
  language?: (req: Request) => Lang
  /** Where "my page" sends a shopper who is not logged in (`?next=` is added); default: a 401 page. */
  loginUrl?: string
  /** Called after an order changed (mail, stock…); errors are logged and never fail the request. */
  onOrderEvent?: (event: OrderEvent) => void | Promise<void>
  /**
   * The clock deadlines are judged by (default the real one). The demo passes the sandbox's clock, so that moving the
   * sandbox forward expires convenience-store payments in the shop too.
   */
  now?: () => Date
  /** "Back to the shop" link target (default `/`). */
  shopUrl?: string
  /** Whether the customer has an active subscription (blocks deleting the stored card). Default: never. */
  hasActiveSubscription?: (customerId: string) => boolean | Promise<boolean>
  /** Structured logger; default JSON lines on the console. */
  logger?: RouterLogger
  /** How long a browser return waits for a parallel PostUrl call to finish, in ms (default 8000). */
  settleWaitMs?: number
  /**
   * Throttling of payment attempts (per order and per client) with a lock-out, counted in `store.attempts`; `false`
   * turns it off. Defaults: escott-flows' `DEFAULT_ATTEMPT_LIMITS` (10 attempts per order / 30 per client in 30
   * minutes). The order-creation limit is for your own order route: `orderCreationLimit({ store })`.
   */
  limits?: LimitsOption
}

/** What escott-flows' functions take: the client, the store's four ports and the logger. */
export interface FlowDeps {
  escott: EscottClient
  orders: OrderStore
  journal: ShopStore['journal']
  onceKeys: ShopStore['onceKeys']
  members: ShopStore['members']
  log: RouterLogger
}

/** Resolved options plus helpers, handed to every route module. */
export interface RouterContext {
  options: EscottRouterOptions
  escott: EscottClient
  store: ShopStore
  orders: OrderStore
  /** The flows' dependencies, built once. */
  flows: FlowDeps
  log: RouterLogger
  shopUrl: string
  settleWaitMs: number
  layout: Layout
  installments: InstallmentMode
  threeDSecure: boolean
  capture: boolean
  cvs: { payLimitDays: number; fee: CvsFeeConfig | undefined } | undefined
  /** Attempt limits, undefined when turned off. */
  throttle: Throttle | undefined
  customerOf(req: Request): Promise<Customer | undefined>
  /** Absolute URL of a path under the router's mount point. */
  absoluteUrl(req: Request, path: string): string
  /** Sends a full page. */
  page(res: Response, req: Request, status: number, title: string, body: string): void
  lang(req: Request): Lang
  now(): Date
  sections: PageSections
  /** Reports an order event to `onOrderEvent` (never throws). */
  emit(event: OrderEvent): Promise<void>
}

/** JSON-lines console logger. */
export const consoleLogger: RouterLogger = {
  info: (obj, msg) => console.log(JSON.stringify({ level: 'info', msg, ...obj })),
  warn: (obj, msg) => console.warn(JSON.stringify({ level: 'warn', msg, ...obj })),
  error: (obj, msg) => console.error(JSON.stringify({ level: 'error', msg, ...obj })),
}

/** Express 4 does not catch rejected promises: route every async handler through this. */
export function wrap(fn: (req: Request, res: Response, next: NextFunction) => Promise<unknown>): RequestHandler {
  return (req, res, next) => {
    fn(req, res, next).catch(next)
  }
}

/** Reads a text field of an urlencoded form, trimmed ('' when missing or not a string). */
export function formText(req: Request): (key: string) => string {
  const body = (req.body ?? {}) as Record<string, unknown>
  return (key) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '')
}

/**
 * Cross-site request forgery guard for the shop's state-changing forms: a browser POST from another site — by its
 * Origin (or Referer), an opaque `Origin: null` (a cross-site form sent through a redirect), or `Sec-Fetch-Site` — is
 * refused. Requests without any of these headers (non-browser clients) pass. The admin routes are stricter (see
 * security/csrf.ts).
 */
export function sameOrigin(publicUrl: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (!originRefusal(req, publicUrl, false)) return next()
    res.status(403).type('text/plain').send('Forbidden: cross-site request')
  }
}

/** 400 for a request with a control character in its path, query or form (see security/edge.ts). */
export function edgeGuard(): RequestHandler {
  return refuseControlCharacters((_req, res) => {
    res.status(400).type('text/plain').send('Bad request: control characters are not allowed / 制御文字は使用できません')
  })
}

export function createContext(options: EscottRouterOptions): RouterContext {
  const layout = options.layout ?? defaultLayout
  const { store } = options
  const log = options.logger ?? consoleLogger
  const ctx: RouterContext = {
    options,
    escott: options.escott,
    store,
    orders: store.orders,
    flows: { escott: options.escott, orders: store.orders, journal: store.journal, onceKeys: store.onceKeys, members: store.members, log },
    log,
    shopUrl: options.shopUrl ?? '/',
    settleWaitMs: options.settleWaitMs ?? 8000,
    layout,
    installments: options.installments ?? 'installmentsAndBonus',
    threeDSecure: options.threeDSecure ?? true,
    capture: options.capture ?? false,
    cvs: options.cvs === false ? undefined : { payLimitDays: options.cvs?.payLimitDays ?? 7, fee: options.cvs?.fee },
    throttle: resolveThrottle(store, options.limits, (msg) => log.warn({}, msg)),
    async customerOf(req) {
      return options.customer ? await options.customer(req) : undefined
    },
    absoluteUrl(req, path) {
      const origin = options.publicUrl ? options.publicUrl.replace(/\/+$/, '') : `${req.protocol}://${req.get('host')}`
      return origin + req.baseUrl + path
    },
    page(res, req, status, title, body) {
      res
        .status(status)
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(layout({ title, body, lang: ctx.lang(req), shopUrl: ctx.shopUrl, req }))
    },
    lang: options.language ?? langOf,
    now: options.now ?? (() => new Date()),
    sections: options.sections ?? {},
    async emit(event) {
      if (!options.onOrderEvent) return
      try {
        await options.onOrderEvent(event)
      } catch (err) {
        log.error({ orderId: event.order.id, event: event.type, error: err instanceof Error ? err.message : String(err) }, 'onOrderEvent failed')
      }
    },
  }
  return ctx
}
