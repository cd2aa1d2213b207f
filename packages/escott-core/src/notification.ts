import { createHash, timingSafeEqual } from 'node:crypto'
import { BlockList, isIP } from 'node:net'
import type { Bilingual } from './codes/types.js'
import { NOTIFICATION_SOURCE_IPS, type ResolvedConfig } from './config.js'
import { CVS_PAYEES } from './cvs-stores.js'
import { EscottNotificationError, EscottValidationError } from './errors/escott-error.js'
import { parseTokyo } from './time.js'
import { CONTROL_CHARACTERS, splitCodes } from './wire.js'

/**
 * Body to answer a payment notification with once it is recorded. The gateway's own modules answer `0`
 * (processed) and `1` (failed); see https://github.com/escott-js/escott/blob/main/docs/protocol-decisions.md
 */
export const NOTIFICATION_ACK = '0'
/** Body that tells the gateway the notification was not processed, so that it sends it again. */
export const NOTIFICATION_NACK = '1'

export interface VerifyNotificationOptions {
  /** The TCP peer address (or the client address your trusted proxy reports). Required. */
  remoteAddress: string | undefined
  /**
   * Allowed source addresses or CIDR ranges. Default: the gateway's published addresses for the configured
   * environment; with `baseUrl` (local gateway) the loopback addresses.
   */
  allowedIps?: readonly string[]
  /** The order's amount; a different `Amount` is rejected. */
  expectedAmount?: number
}

/** A verified payment notification (入金結果通知). */
export interface CvsNotification {
  /** True when the payment was made: `Condition` 000 and `ResponseCd` OK. */
  paid: boolean
  condition: string | undefined
  amount: number
  /** Receipt number; with ProcessId, the key to ignore replays. */
  recvNum: string
  /** Where it was paid (CvsCd), e.g. `SEV`. */
  cvsCd: string | undefined
  cvsName: Bilingual | undefined
  /** When it was paid. */
  paidAt: Date | undefined
  /** Raw NyukinDate. */
  nyukinDate: string | undefined
  processId: string
  transactionId: string | undefined
  transactionDate: string | undefined
  merchantFree1: string | undefined
  merchantFree2: string | undefined
  merchantFree3: string | undefined
  tenantCd: string | undefined
  /** Revenue stamp applies (StampFlag 1). */
  stampFlag: boolean
  responseCodes: string[]
  /** All fields as received, except the secrets (ProcessPass, HashCd). */
  raw: Record<string, string>
}

function toRecord(body: string | URLSearchParams | Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  if (typeof body === 'string' || body instanceof URLSearchParams) {
    for (const [k, val] of new URLSearchParams(body)) out[k] = val
    return out
  }
  if (body && typeof body === 'object') {
    for (const [k, val] of Object.entries(body)) if (val !== undefined && val !== null) out[k] = Array.isArray(val) ? String(val[0]) : String(val)
  }
  return out
}

/**
 * What makes a body something the gateway never sends: a field given twice (a lenient reader takes one copy, another
 * reader the other), or a control character (a NUL would reach the database). Undefined when the body is well formed.
 */
function formatDefect(body: string | URLSearchParams | Record<string, unknown>): string | undefined {
  if (typeof body !== 'string' && !(body instanceof URLSearchParams)) {
    for (const [k, v] of Object.entries(body ?? {})) {
      if (Array.isArray(v) && v.length > 1) return `has ${k} more than once`
      if (CONTROL_CHARACTERS.test(k) || CONTROL_CHARACTERS.test(String(v ?? ''))) return `has a control character in ${k.replace(CONTROL_CHARACTERS, '?')}`
    }
    return undefined
  }
  const seen = new Set<string>()
  for (const [k, v] of new URLSearchParams(body)) {
    if (CONTROL_CHARACTERS.test(k) || CONTROL_CHARACTERS.test(v)) return `has a control character in ${k.replace(CONTROL_CHARACTERS, '?')}`
    if (seen.has(k)) return `has ${k} more than once`
    seen.add(k)
  }
  return undefined
}

const blockLists = new Map<string, BlockList>()

function allowList(ips: readonly string[]): BlockList {
  const key = ips.join(',')
  let list = blockLists.get(key)
  if (list) return list
  list = new BlockList()
  for (const entry of ips) {
    const [addr, bits] = entry.split('/')
    const type = isIP(addr ?? '') === 6 ? 'ipv6' : 'ipv4'
    if (!addr || !isIP(addr)) {
      throw new EscottValidationError(undefined, [{ field: 'allowedIps', message: `'${entry}' is not an IP address or CIDR range, e.g. '35.72.54.3' or '127.0.0.0/8'` }])
    }
    if (bits === undefined) list.addAddress(addr, type)
    else list.addSubnet(addr, Number(bits), type)
  }
  blockLists.set(key, list)
  return list
}

function normaliseAddress(address: string): string {
  const a = address.trim().replace(/^\[|\]$/g, '')
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase())
  const y = Buffer.from(b.toLowerCase())
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Verifies a payment notification: format, MerchantId, HashCd = md5(ProcessPass + RecvNum + MerchantPass),
 * source address and (optionally) amount. Throws `EscottNotificationError` with a `reason` on any mismatch.
 */
export function verifyNotification(config: ResolvedConfig, body: string | URLSearchParams | Record<string, unknown>, options: VerifyNotificationOptions): CvsNotification {
  const f = toRecord(body)
  const defect = formatDefect(body)
  if (defect) throw new EscottNotificationError('format', `Payment notification ${defect}`)
  const missing = ['MerchantId', 'ProcessId', 'ProcessPass', 'RecvNum', 'Amount', 'HashCd'].filter((k) => !f[k])
  if (missing.length) throw new EscottNotificationError('format', `Payment notification is missing ${missing.join(', ')}`)
  const amount = Number(f.Amount)
  if (!Number.isInteger(amount) || amount < 0) throw new EscottNotificationError('format', 'Payment notification Amount is not an integer')

  const allowed = options?.allowedIps ?? (config.baseUrl ? ['127.0.0.0/8', '::1'] : NOTIFICATION_SOURCE_IPS[config.environment])
  const address = options?.remoteAddress ? normaliseAddress(options.remoteAddress) : ''
  const family = isIP(address)
  if (!family || !allowList(allowed).check(address, family === 6 ? 'ipv6' : 'ipv4')) {
    throw new EscottNotificationError('source_ip', `Payment notification from an address that is not the gateway's (${address || 'unknown'})`)
  }
  if (f.MerchantId !== config.merchantId) throw new EscottNotificationError('merchant', 'Payment notification is for another MerchantId')
  const expected = createHash('md5')
    .update(f.ProcessPass! + f.RecvNum! + config.merchantPass, 'utf8')
    .digest('hex')
  if (!sameText(expected, f.HashCd!)) throw new EscottNotificationError('hash', 'Payment notification HashCd does not match: forged or altered')
  if (options?.expectedAmount !== undefined && options.expectedAmount !== amount) {
    throw new EscottNotificationError('amount', `Payment notification Amount ${amount} differs from the order's ${options.expectedAmount}`)
  }

  const codes = splitCodes(f.ResponseCd)
  const { ProcessPass: _pass, HashCd: _hash, ...raw } = f
  return {
    paid: f.Condition === '000' && codes.length === 1 && codes[0] === 'OK',
    condition: f.Condition || undefined,
    amount,
    recvNum: f.RecvNum!,
    cvsCd: f.CvsCd || undefined,
    cvsName: f.CvsCd ? CVS_PAYEES[f.CvsCd] : undefined,
    paidAt: parseTokyo(f.NyukinDate),
    nyukinDate: f.NyukinDate || undefined,
    processId: f.ProcessId!,
    transactionId: f.TransactionId || undefined,
    transactionDate: f.TransactionDate || undefined,
    merchantFree1: f.MerchantFree1 || undefined,
    merchantFree2: f.MerchantFree2 || undefined,
    merchantFree3: f.MerchantFree3 || undefined,
    tenantCd: f.TenantCd || undefined,
    stampFlag: f.StampFlag === '1',
    responseCodes: codes,
    raw,
  }
}
