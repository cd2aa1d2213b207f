/** Test stack: a real sandbox gateway over HTTP, a real Escott client, the router on a real port. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express, { type RequestHandler } from 'express'
import request from 'supertest'
import { Escott, type EscottClient } from 'escott-core'
import { startSandbox, type Sandbox, type SandboxOptions } from 'escott-sandbox'
import { escottRouter, MemoryShopStore, type EscottRouterOptions, type OrderStore, type RouterLogger, type ShopStore } from '../src/index.js'

export const CARD_OK = '4000000000001000'
export const CARD_CHALLENGE = '4000000000082000'
export const CARD_DECLINE_G12 = '4000000000080012'
export const CARD_3DS_FAIL = '4000000000053001'
export const CARD_JCB = '3540000000091000'
export const CARD_AMEX = '370000000001000'
export const CARD_JCB_CHALLENGE = '3540000000072000'

/** `400000******1000`: what the token script hands back for a card number. */
export const maskOf = (cardNo: string) => cardNo.slice(0, 6) + '*'.repeat(cardNo.length - 10) + cardNo.slice(-4)

/** Collects log lines so tests can assert that no secret was logged. */
export function memoryLogger(): RouterLogger & { lines: string[] } {
  const lines: string[] = []
  const push = (level: string) => (obj: Record<string, unknown>, msg?: string) => void lines.push(JSON.stringify({ level, msg, ...obj }))
  return { lines, info: push('info'), warn: push('warn'), error: push('error') }
}

/** Staff-only guard used by the tests: header `x-admin: yes`. */
export const testAdminAuth: RequestHandler = (req, res, next) => {
  if (req.get('x-admin') === 'yes') return next()
  res.status(401).type('text/plain').send('admin login required')
}

export interface Stack {
  url: string
  sb: Sandbox
  escott: Escott
  store: ShopStore
  /** `store.orders`. */
  orders: OrderStore
  log: ReturnType<typeof memoryLogger>
  app: express.Express
  createOrder(opts?: { customerId?: string; amount?: number; items?: { sku: string; name: string; unitPrice: number; quantity: number }[] }): ReturnType<OrderStore['create']>
  token(cardNo?: string): Promise<string>
  close(): Promise<void>
}

export async function startStack(
  options: {
    router?: Partial<EscottRouterOptions>
    sandbox?: SandboxOptions
    store?: ShopStore
    trustProxy?: boolean | string
    /** Another Express (e.g. Express 4) to host the router. */
    express?: () => express.Express
    /** `false`: an Escott client configured without 3-D Secure keys. */
    threeDSecureKeys?: false
    /** What the router gets instead of the real client (to make one call misbehave). */
    wrapEscott?: (escott: Escott) => EscottClient
  } = {},
): Promise<Stack> {
  let handler: express.Express | undefined
  const server: Server = createServer((req, res) => handler!(req, res))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const sb = await startSandbox({ port: 0, quiet: true, notificationUrl: `${url}/payment/cvs/notification`, notification: { retryDelaysMs: [] }, ...options.sandbox })
  const { threeDSecure: keys, ...merchant } = sb.merchant
  const escott = new Escott({ ...merchant, ...(options.threeDSecureKeys !== false && { threeDSecure: keys }), baseUrl: sb.url, timeoutMs: 5000 })
  const store = options.store ?? new MemoryShopStore()
  const orders = store.orders
  const log = memoryLogger()
  const app = options.express ? options.express() : express()
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy)
  app.use(
    '/payment',
    escottRouter({
      escott: options.wrapEscott ? options.wrapEscott(escott) : escott,
      store,
      adminAuth: testAdminAuth,
      customer: (req) => {
        const id = req.get('x-customer')
        return id ? { id, email: `${id}@example.jp` } : undefined
      },
      threeDSecure: false,
      publicUrl: url,
      logger: log,
      settleWaitMs: 3000,
      ...options.router,
    }),
  )
  handler = app
  return {
    url,
    sb,
    escott,
    store,
    orders,
    log,
    app,
    createOrder: (o = {}) =>
      orders.create({
        items: o.items ?? [{ sku: 'TEA-01', name: '煎茶 100g', unitPrice: o.amount ?? 1980, quantity: 1 }],
        customerId: o.customerId ?? null,
      }),
    token: (cardNo = CARD_OK) => sb.createToken({ cardNo, expYY: '28', expMM: '12', secCd: '777' }),
    async close() {
      await sb.close()
      await new Promise((r) => server.close(r))
      server.closeAllConnections?.()
      await store.close()
    },
  }
}

/** Reads the hidden fields and action of the first form of an HTML page. */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? ''
  const fields: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[unescape(m[1]!)] = unescape(m[2]!)
  return { action: unescape(action), fields }
}

function unescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/**
 * Plays the browser's part of 3-D Secure: posts our redirect form to the sandbox and returns what the sandbox sends
 * back to the RedirectUrl (for challenge cards, after pressing `approve` or `fail`).
 */
export async function browserThreeDSecure(redirectPage: string, answer: 'approve' | 'fail' = 'approve'): Promise<{ redirectUrl: string; encryptValue: string }> {
  const first = formOf(redirectPage)
  let res = await fetch(first.action, { method: 'POST', body: new URLSearchParams(first.fields) })
  let page = await res.text()
  if (!page.includes('EncryptValue')) {
    // Challenge page: press a button.
    const action = /<form[^>]*action="([^"]*)"/.exec(page)?.[1] ?? ''
    const session = /name="session" value="([^"]+)"/.exec(page)?.[1] ?? ''
    res = await fetch(new URL(unescape(action), first.action), { method: 'POST', body: new URLSearchParams({ session, action: answer }) })
    page = await res.text()
  }
  const back = formOf(page)
  return { redirectUrl: back.action, encryptValue: back.fields.EncryptValue ?? '' }
}

/** Waits until `check` passes (polling), for things that happen asynchronously (PostUrl, notifications). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v) return v
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * "My page": saves (or replaces) a card the way a browser does, through 3-D Secure: the form post, the trip to the
 * sandbox (pressing `answer` on a challenge) and the browser return, which carries no session. Returns the return's
 * redirect target and the auto-submit page.
 */
export async function saveCardOnMyPage(stack: Stack, customerId: string, cardNo = CARD_OK, answer: 'approve' | 'fail' = 'approve'): Promise<{ location: string; page: string; encryptValue: string }> {
  const res = await postMyPageCard(stack, customerId, cardNo)
  if (res.status !== 200 || !res.text.includes('EncryptValue')) throw new Error(`no 3-D Secure form: ${res.status} ${res.text.slice(0, 200)}`)
  const back = await browserThreeDSecure(res.text, answer)
  const ret = await request(stack.app).post('/payment/3ds/return').type('form').send({ EncryptValue: back.encryptValue })
  return { location: String(ret.headers.location ?? ''), page: res.text, encryptValue: back.encryptValue }
}

/** The "my page" card form as the browser posts it once the token script answered. */
export async function postMyPageCard(stack: Stack, customerId: string, cardNo = CARD_OK, fields: Record<string, string> = {}) {
  return request(stack.app)
    .post('/payment/cards')
    .set('x-customer', customerId)
    .type('form')
    .send({ token: await stack.token(cardNo), maskedCard: maskOf(cardNo), cardholderName: 'HANAKO YAMADA', email: `${customerId}@example.jp`, ...fields })
}

/** `target` with one member replaced (everything else still reaches the real object). */
export function withMember<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): T {
  return Object.assign(Object.create(target) as T, { [key]: value })
}

/** A CSRF token as the admin pages set it (cookie) and put in their forms (field `_csrf`). */
export const TEST_CSRF = 't'.repeat(43)

/**
 * What a same-origin admin form post carries: the test login, `Sec-Fetch-Site: same-origin` (a browser's fetch
 * metadata for its own page) and the CSRF cookie; the form carries the same token.
 */
export const adminFormHeaders = { 'x-admin': 'yes', 'sec-fetch-site': 'same-origin', cookie: `escott_admin_csrf=${TEST_CSRF}` }

/** An admin state change as the admin page's own form sends it. */
export function adminPost(app: express.Express, path: string, fields: Record<string, string> = {}) {
  return request(app)
    .post(path)
    .set(adminFormHeaders)
    .type('form')
    .send({ _csrf: TEST_CSRF, ...fields })
}
