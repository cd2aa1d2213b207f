/** HTTP server and router: gateway endpoints, browser pages, admin routes. Node's `http` only. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { handleAdmin } from './admin.js'
import { CONSOLE, CONSOLE_RELEASE_LOCK, consolePage } from './console.js'
import type { Gateway } from './gateway.js'
import { handleCard } from './handlers/card.js'
import { cvsExpired, handleCvs, markPaid, slipOfCode } from './handlers/cvs.js'
import { handleMember } from './handlers/member.js'
import { fail, type Result } from './handlers/shared.js'
import { CHALLENGE_PATH, TDS_PATH, type ThreeDSecure } from './handlers/tds.js'
import { createTokenFromBrowser, handleTokenSearch, TOKEN_CREATE_PATH, tokenScript } from './handlers/token.js'
import { isLocalHostHeader } from './exposure.js'
import { checkCommon } from './merchants.js'
import type { Notifier } from './notifier.js'
import { errorPage, paidPage, paymentPlacePage } from './pages.js'
import { sleep } from './util.js'
import { encodeAnswer, parseForm, type Fields } from './wire.js'

/** What the payment place shows for a code that 2Chg replaced or 2Del withdrew. */
const STALE_CODE =
  "このお支払い番号は変更または取り消されたため使えません。ショップからの新しいご案内をご確認ください。 / This payment code was changed or canceled and can no longer be used; see the shop's new instructions."

export const SANDBOX_PATHS = {
  card: '/online/aut/OAUT002.do',
  member: '/online/crp/OCRP005.do',
  token: '/online/atn/OATN005.do',
  cvs: '/online/cnv/OCNV005.do',
  tds: TDS_PATH,
  script: '/euser/stn/CdGetJavaScript.do',
  paymentPlace: '/JLPCT/JLPcon',
  paymentPlaceLive: '/JLP/JLPcon',
  pay: '/JLPCT/JLPpay',
} as const

type ApiHandler = (gw: Gateway, m: NonNullable<ReturnType<typeof checkCommon>['merchant']>, f: Fields, now: number) => Result

// TenantId is mandatory on card "Master" messages and member messages; elsewhere it is checked only when sent.
const MASTER = new Set(['1Check', '1Auth', '1Gathering'])
const API: Record<string, { handler: ApiHandler; tenantRequired: (operateId: string | undefined) => boolean }> = {
  [SANDBOX_PATHS.card]: { handler: handleCard, tenantRequired: (op) => op !== undefined && MASTER.has(op) },
  [SANDBOX_PATHS.member]: { handler: handleMember, tenantRequired: () => true },
  [SANDBOX_PATHS.token]: { handler: handleTokenSearch, tenantRequired: () => false },
  [SANDBOX_PATHS.cvs]: { handler: handleCvs, tenantRequired: () => false },
}

const TEXT = 'text/plain; charset=UTF-8'
const MAX_BODY = 1 << 20

export interface ServerDeps {
  gw: Gateway
  tds: ThreeDSecure
  notifier: Notifier
  admin: Parameters<typeof handleAdmin>[0]
  /** Loopback mode: refuse requests whose Host header is not a loopback name (DNS re-binding). */
  localOnly: boolean
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new Error('body too large'))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>) {
  headers['content-length'] = String(Buffer.byteLength(body))
  res.writeHead(status, headers)
  res.end(body)
}

const html = (res: ServerResponse, status: number, body: string) => send(res, status, body, { 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-store' })

export function createSandboxServer(deps: ServerDeps): Server {
  const { gw } = deps

  function runApi(path: string, f: Fields, remote: string | undefined): Result {
    const api = API[path]!
    const now = gw.clock.nowMs()
    const common = checkCommon(gw.store, f, remote, now, api.tenantRequired(f.OperateId))
    if (common.codes.length) return fail(gw.base(f, now), common.codes)
    return api.handler(gw, common.merchant!, f, now)
  }

  /** Gateway endpoints. The common case (no faults, an answer computed synchronously) stays off promises entirely. */
  function api(req: IncomingMessage, res: ServerResponse, path: string, query: string) {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) req.destroy()
      else chunks.push(c)
    })
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')
      const f = parseForm(query)
      parseForm(body, f)
      const remote = req.socket.remoteAddress ?? ''
      let pending: Promise<Fields> | undefined
      if (!gw.faults.active) {
        const result = runApi(path, f, remote)
        if (!(result instanceof Promise)) return send(res, 200, encodeAnswer(result), { 'content-type': TEXT })
        pending = result
      }
      apiSlow(req, res, path, f, remote, pending).catch((e: unknown) => {
        if (!res.headersSent && !res.destroyed) html(res, 500, errorPage('500', (e as Error).message))
      })
    })
  }

  async function apiSlow(req: IncomingMessage, res: ServerResponse, path: string, f: Fields, remote: string, pending: Promise<Fields> | undefined) {
    let resetAfter = false
    if (!pending && gw.faults.active) {
      const faults = gw.faults
      let delay = faults.delayMs()
      const maint = faults.inMaintenance(gw.clock.nowMs())
      const fault = faults.take(path, f.OperateId)
      if (fault?.type === 'latency') delay += fault.ms ?? 1000
      if (delay) await sleep(delay)
      const mode = maint ?? (fault?.type === 'maintenance' ? 'http' : undefined)
      if (mode === 'http') return html(res, 503, errorPage('503', 'e-SCOTT test environment under maintenance (sandbox maintenance window). / メンテナンス中です。'))
      if (mode === 'k97') return send(res, 200, encodeAnswer(fail(gw.base(f, gw.clock.nowMs()), ['K97'])), { 'content-type': TEXT })
      switch (fault?.type) {
        case 'http-error':
          return html(res, fault.status ?? 500, errorPage(String(fault.status ?? 500), 'Injected HTTP error (sandbox fault).'))
        case 'reset-before-processing':
          req.socket.destroy()
          return
        case 'malformed-body':
          return send(res, 200, '<html><body>System Error<br>ResponseCd</body></html>\n\u0000', { 'content-type': TEXT })
        case 'reset-after-commit':
          resetAfter = true
      }
    }
    let result = pending ?? runApi(path, f, remote)
    if (result instanceof Promise) result = await result
    if (resetAfter) {
      req.socket.destroy()
      return
    }
    send(res, 200, encodeAnswer(result), { 'content-type': TEXT })
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = req.url ?? '/'
    const qi = url.indexOf('?')
    const path = qi === -1 ? url : url.slice(0, qi)
    const query = qi === -1 ? '' : url.slice(qi + 1)
    const method = req.method ?? 'GET'
    if (path.startsWith('/_sandbox/') && !path.startsWith(CONSOLE)) return handleAdmin(deps.admin, req, res, path, method, await readBody(req))
    switch (path) {
      case SANDBOX_PATHS.script: {
        const q = parseForm(query)
        return send(res, 200, tokenScript(q.k_TokenNinsyoCode ?? ''), { 'content-type': 'application/javascript; charset=UTF-8', 'cache-control': 'no-store' })
      }
      case TOKEN_CREATE_PATH: {
        const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, OPTIONS', 'access-control-allow-headers': 'content-type' }
        if (method === 'OPTIONS') return send(res, 204, '', cors)
        const out = createTokenFromBrowser(gw, parseForm(await readBody(req), parseForm(query)), req.socket.remoteAddress ?? '')
        return send(res, out.status, JSON.stringify(out.json), { ...cors, 'content-type': 'application/json; charset=UTF-8' })
      }
      case TDS_PATH: {
        if (method !== 'POST') break
        const out = await deps.tds.entry(parseForm(await readBody(req), parseForm(query)))
        return html(res, out.status, out.html)
      }
      case CHALLENGE_PATH: {
        if (method !== 'POST') break
        const out = await deps.tds.challenge(parseForm(await readBody(req)))
        return html(res, out.status, out.html)
      }
      case SANDBOX_PATHS.paymentPlace:
      case SANDBOX_PATHS.paymentPlaceLive: {
        const q = parseForm(query)
        if (q.rkbn !== '1' && q.rkbn !== '2') return html(res, 400, errorPage('rkbn', 'rkbn must be 1 (redirect right after 2Add) or 2 (link for later).'))
        const c = slipOfCode(gw, q.code)
        if (!c) return html(res, 404, errorPage('code', STALE_CODE))
        return html(res, 200, paymentPlacePage(c, cvsExpired(c, gw.clock.nowMs()), SANDBOX_PATHS.pay, c.freeArea))
      }
      case SANDBOX_PATHS.pay: {
        if (method !== 'POST') break
        const f = parseForm(await readBody(req))
        const c = slipOfCode(gw, f.code)
        if (!c) return html(res, 404, errorPage('code', STALE_CODE))
        try {
          markPaid(gw, c, f.cvsCd || 'SEV')
        } catch (e) {
          return html(res, 409, errorPage('NG', (e as Error).message))
        }
        await deps.notifier.notify(c, gw.store.merchants.get(c.merchantId)!)
        return html(res, 200, paidPage(c))
      }
      case '/':
      case CONSOLE:
        return html(res, 200, consolePage(gw))
      case CONSOLE_RELEASE_LOCK: {
        if (method !== 'POST') break
        const id = parseForm(await readBody(req)).id
        if (id) gw.locks.release({ id })
        return send(res, 303, '', { location: '/#token-locks' })
      }
      case '/favicon.ico':
        return send(res, 204, '', {})
    }
    html(res, 404, errorPage('404', `No sandbox route ${method} ${path}`))
  }

  // The Host header of the previous accepted request: a client sends the same one on every request.
  let acceptedHost: string | undefined
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    if (deps.localOnly) {
      const h = req.headers.host
      if (h !== acceptedHost) {
        if (!isLocalHostHeader(h)) {
          return send(res, 403, 'escott-sandbox answers only requests addressed to localhost or a loopback address (Host header). Start it with allowNonLoopback to serve other names.\n', {
            'content-type': TEXT,
            connection: 'close',
          })
        }
        acceptedHost = h
      }
    }
    const url = req.url ?? '/'
    if (req.method === 'POST') {
      const qi = url.indexOf('?')
      const path = qi === -1 ? url : url.slice(0, qi)
      if (API[path]) return api(req, res, path, qi === -1 ? '' : url.slice(qi + 1))
    }
    route(req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) html(res, 500, errorPage('500', (e as Error).message))
      else res.destroy()
    })
  })
  return server
}
