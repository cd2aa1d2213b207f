/** Test helpers: a sandbox per file, a raw wire client, and the demo card. */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Escott } from 'escott-core'
import { startSandbox, type Sandbox, type SandboxOptions, type MerchantCredentials } from '../src/index.js'
import { tokyoDate } from '../src/util.js'
import { parseForm, type Fields } from '../src/wire.js'

export const DEMO_CARD = { cardNo: '4000000000001000', expYY: '28', expMM: '12', secCd: '777' }
export const CARD = (cardNo: string) => ({ ...DEMO_CARD, cardNo })

export function start(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ quiet: true, ...options })
}

/** An escott-core client for a sandbox merchant. */
export function client(sb: Sandbox, merchant: MerchantCredentials = sb.merchant, extra: Record<string, unknown> = {}): Escott {
  return new Escott({ ...merchant, baseUrl: sb.url, maxRetries: 0, ...extra })
}

export const today = () => tokyoDate(Date.now())

/** Raw wire access, for checks a well-behaved client never lets through (wrong TenantId, extra fields…). */
export function wire(sb: Sandbox, merchant: MerchantCredentials = sb.merchant) {
  return async (path: string, fields: Record<string, string | number | undefined>, common = true): Promise<Fields> => {
    const all: Record<string, string> = {}
    if (common) {
      all.MerchantId = merchant.merchantId
      all.MerchantPass = merchant.merchantPass
      all.TenantId = merchant.tenantId
      all.TransactionDate = today()
    }
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) all[k] = String(v)
    const res = await fetch(sb.url + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(all).toString() })
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`)
    return parseForm(await res.text())
  }
}

export const AUT = '/online/aut/OAUT002.do'
export const CRP = '/online/crp/OCRP005.do'
export const ATN = '/online/atn/OATN005.do'
export const CNV = '/online/cnv/OCNV005.do'

/**
 * What the token script posts for one `spsvCreateToken` call: `{ token, maskedCardNo }` or `{ code, message }`.
 * `terminal` is the TerminalId the script would send (omitted: the sandbox falls back to the client address).
 */
export async function scriptToken(
  sb: Sandbox,
  card: { cardNo: string; expYY?: string; expMM?: string; secCd?: string },
  opts: { terminal?: string; authCode?: string } = {},
): Promise<Record<string, string>> {
  const fields: Record<string, string> = { k_TokenNinsyoCode: opts.authCode ?? sb.merchant.tokenAuthCode, CardNo: card.cardNo, ExpYY: card.expYY ?? '28', ExpMM: card.expMM ?? '12' }
  if (card.secCd) fields.SecCd = card.secCd
  if (opts.terminal) fields.TerminalId = opts.terminal
  const res = await fetch(`${sb.url}/euser/stn/CdCreateToken.do`, { method: 'POST', body: new URLSearchParams(fields) })
  return (await res.json()) as Record<string, string>
}

/** Codes of a rejected promise (EscottError.codes). */
export async function codesOf(p: Promise<unknown>): Promise<string[]> {
  try {
    await p
  } catch (e) {
    const codes = (e as { codes?: string[] }).codes
    if (codes && codes.length) return codes
    throw e
  }
  throw new Error('expected a refusal, got success')
}

export interface Received {
  path: string
  body: Fields
  raw: string
  remoteAddress: string | undefined
}

/** A tiny merchant-side HTTP server recording POSTs; `reply` decides each answer. */
export async function receiver(reply: (r: Received, n: number) => { status?: number; body?: string } | Promise<{ status?: number; body?: string }> = () => ({ body: '0' })) {
  const received: Received[] = []
  const waiters: Array<() => void> = []
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const r: Received = { path: req.url ?? '/', body: parseForm(raw), raw, remoteAddress: req.socket.remoteAddress }
      received.push(r)
      const out = await reply(r, received.length)
      res.writeHead(out.status ?? 200, { 'content-type': 'text/plain' })
      res.end(out.body ?? '')
      waiters.splice(0).forEach((w) => w())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    received,
    /** Resolves once `count` requests have arrived. */
    async waitFor(count: number, timeoutMs = 10_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${received.length}`)
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 100)
        })
      }
      return received
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Pulls the hidden fields and form action out of an auto-post page. */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? ''
  const fields: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = unescape(m[2]!)
  return { action: unescape(action), fields }
}

function unescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** Posts a browser form (as the shopper's browser would) and returns status + HTML. */
export async function postForm(url: string, fields: Record<string, string>): Promise<{ status: number; html: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() })
  return { status: res.status, html: await res.text() }
}
