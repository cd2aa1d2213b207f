/** `/_sandbox/...` admin routes (JSON), so another process (a demo store, e2e tests) can drive the sandbox. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FaultSpec, MaintenanceMode } from './faults.js'
import type { MerchantSettings } from './state.js'
import type { Sandbox } from './sandbox.js'
import type { PostUrlOrder } from './gateway.js'
import type { TokenLockFilter } from './token-locks.js'

/** What the admin routes need from the sandbox. */
export type AdminTarget = Pick<
  Sandbox,
  | 'url'
  | 'merchant'
  | 'clock'
  | 'faults'
  | 'config'
  | 'createToken'
  | 'payCvs'
  | 'createMerchant'
  | 'merchants'
  | 'notifications'
  | 'tokenLocks'
  | 'releaseTokenLock'
  | 'postUrlDeliveries'
  | 'snapshot'
  | 'loopbackOnly'
  | 'retention'
>

function json(res: ServerResponse, status: number, value: unknown) {
  const body = JSON.stringify(value, null, 2)
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(body)), 'cache-control': 'no-store' })
  res.end(body)
}

function parse(body: string): Record<string, unknown> {
  if (!body.trim()) return {}
  const v: unknown = JSON.parse(body)
  if (typeof v !== 'object' || v === null) throw new Error('body must be a JSON object')
  return v as Record<string, unknown>
}

export async function handleAdmin(sb: AdminTarget, _req: IncomingMessage, res: ServerResponse, path: string, method: string, body: string): Promise<void> {
  const route = `${method} ${path.replace(/\/+$/, '')}`
  let input: Record<string, unknown>
  try {
    input = parse(body)
  } catch (e) {
    return json(res, 400, { error: (e as Error).message })
  }
  try {
    switch (route) {
      case 'GET /_sandbox/health':
        return json(res, 200, { ok: true, url: sb.url, now: sb.clock.now().toISOString(), developmentOnly: true, loopbackOnly: sb.loopbackOnly })
      case 'GET /_sandbox/retention':
        return json(res, 200, sb.retention())
      case 'GET /_sandbox/merchant':
        return json(res, 200, sb.merchant)
      case 'GET /_sandbox/merchants':
        return json(res, 200, sb.merchants())
      case 'POST /_sandbox/merchants':
        return json(res, 201, sb.createMerchant(input as MerchantSettings))
      case 'GET /_sandbox/clock':
        return json(res, 200, { now: sb.clock.now().toISOString(), offsetMs: sb.clock.offsetMs })
      case 'POST /_sandbox/clock/advance':
        sb.clock.advance((input.by ?? input.duration) as string | number)
        return json(res, 200, { now: sb.clock.now().toISOString(), offsetMs: sb.clock.offsetMs })
      case 'POST /_sandbox/clock/set':
        sb.clock.set(input.to as string | number)
        return json(res, 200, { now: sb.clock.now().toISOString(), offsetMs: sb.clock.offsetMs })
      case 'POST /_sandbox/clock/reset':
        sb.clock.reset()
        return json(res, 200, { now: sb.clock.now().toISOString(), offsetMs: 0 })
      case 'GET /_sandbox/faults':
        return json(res, 200, { settings: sb.faults.settings, pending: sb.faults.pending() })
      case 'POST /_sandbox/faults/next': {
        const specs = Array.isArray(input.faults) ? (input.faults as FaultSpec[]) : [input as unknown as FaultSpec]
        sb.faults.script(specs)
        return json(res, 200, { pending: sb.faults.pending() })
      }
      case 'POST /_sandbox/faults/set':
        sb.faults.set(input)
        return json(res, 200, { settings: sb.faults.settings })
      case 'POST /_sandbox/faults/maintenance':
        sb.faults.maintenance((input.on ?? true) as boolean | 'wednesday', (input.mode ?? 'http') as MaintenanceMode)
        return json(res, 200, { settings: sb.faults.settings })
      case 'POST /_sandbox/faults/clear':
        sb.faults.clear()
        return json(res, 200, { settings: sb.faults.settings })
      case 'POST /_sandbox/tokens': {
        const token = await sb.createToken(input as never, { ...(typeof input.merchantId === 'string' ? { merchantId: input.merchantId } : {}) })
        return json(res, 201, { token })
      }
      case 'POST /_sandbox/cvs/pay':
        return json(res, 200, await sb.payCvs(String(input.kessaiNumber ?? ''), { ...(typeof input.cvsCd === 'string' ? { cvsCd: input.cvsCd } : {}) }))
      case 'GET /_sandbox/notifications':
        return json(res, 200, sb.notifications())
      case 'POST /_sandbox/notifications/flush':
        return json(res, 200, await sb.notifications.flush())
      case 'GET /_sandbox/token-locks':
        return json(res, 200, sb.tokenLocks())
      case 'POST /_sandbox/token-locks/release':
        return json(res, 200, { released: sb.releaseTokenLock(input as TokenLockFilter) })
      case 'GET /_sandbox/post-url':
        return json(res, 200, sb.postUrlDeliveries())
      case 'GET /_sandbox/state':
        return json(res, 200, sb.snapshot())
      case 'GET /_sandbox/settings':
        return json(res, 200, sb.config)
      case 'POST /_sandbox/settings': {
        const tds = input.threeDSecure as { postUrlOrder?: PostUrlOrder; postUrlDelayMs?: number; maxRedirectUrlLength?: number } | undefined
        if (tds?.postUrlOrder) sb.config.threeDSecure.postUrlOrder = tds.postUrlOrder
        if (tds?.postUrlDelayMs !== undefined) sb.config.threeDSecure.postUrlDelayMs = tds.postUrlDelayMs
        if (typeof tds?.maxRedirectUrlLength === 'number') sb.config.threeDSecure.maxRedirectUrlLength = tds.maxRedirectUrlLength
        if (typeof input.tokenTtlMs === 'number') sb.config.tokenTtlMs = input.tokenTtlMs
        if (typeof input.slowCardDelayMs === 'number') sb.config.slowCardDelayMs = input.slowCardDelayMs
        const n = input.notification as { retryDelaysMs?: number[]; timeoutMs?: number } | undefined
        if (n?.retryDelaysMs) sb.config.notification.retryDelaysMs = n.retryDelaysMs
        if (n?.timeoutMs) sb.config.notification.timeoutMs = n.timeoutMs
        return json(res, 200, sb.config)
      }
    }
  } catch (e) {
    return json(res, 400, { error: (e as Error).message, code: (e as { code?: string }).code })
  }
  return json(res, 404, { error: `No admin route ${route}` })
}
