/** Sandbox merchants: creation with settings, and the credential / contract checks every gateway request goes through. */
import { parseDuration } from './clock.js'
import type { MerchantCredentials, MerchantRecord, MerchantSettings, Store, TokenLockSettings } from './state.js'
import { randomAlnum, tokyoDate } from './util.js'
import type { Fields } from './wire.js'

/** Credentials of the merchant `startSandbox()` creates unless told otherwise. Fixed so demos can hard-code them. */
export const DEFAULT_MERCHANT: MerchantCredentials = {
  merchantId: '90000001',
  merchantPass: 'SbxMerchantPass1',
  tenantId: '0001',
  tokenAuthCode: 'SBXTOKENAUTHCODE0001',
  threeDSecure: { aesKey: 'SbxAesKey0000001', aesIv: 'SbxAesIv00000001' },
}

const LOCK_AFTER = 10
const LOCK_MS = 30 * 60_000

/** Token locks unless a merchant says otherwise: 5 entries per card / 10 per terminal within 10 minutes, locked 30 minutes. */
export const DEFAULT_TOKEN_LOCK: TokenLockSettings = { cardAttempts: 5, terminalAttempts: 10, windowMs: 10 * 60_000, durationMs: 30 * 60_000 }
/** Identical member charges within this window give KBX unless a merchant says otherwise. */
export const DEFAULT_DUPLICATE_WINDOW_MS = 60_000

function tokenLockOf(value: MerchantSettings['tokenLock']): TokenLockSettings {
  if (value === false) return { ...DEFAULT_TOKEN_LOCK, cardAttempts: 0, terminalAttempts: 0 }
  const count = (n: number | undefined, fallback: number, name: string) => {
    if (n === undefined) return fallback
    if (!Number.isInteger(n) || n < 0) throw new Error(`tokenLock.${name} must be a whole number (0 = off), got ${n}`)
    return n
  }
  return {
    cardAttempts: count(value?.cardAttempts, DEFAULT_TOKEN_LOCK.cardAttempts, 'cardAttempts'),
    terminalAttempts: count(value?.terminalAttempts, DEFAULT_TOKEN_LOCK.terminalAttempts, 'terminalAttempts'),
    windowMs: value?.window !== undefined ? parseDuration(value.window) : DEFAULT_TOKEN_LOCK.windowMs,
    durationMs: value?.duration !== undefined ? parseDuration(value.duration) : DEFAULT_TOKEN_LOCK.durationMs,
  }
}

function normaliseDate(value: string | Date | undefined): string | undefined {
  if (value === undefined) return undefined
  if (value instanceof Date) return tokyoDate(value.getTime())
  if (!/^\d{8}$/.test(value)) throw new Error(`serviceStartDate must be 'yyyyMMdd' or a Date, got '${value}'`)
  return value
}

/** Creates (or replaces) a merchant in the store. Missing credentials are generated. */
export function createMerchant(store: Store, settings: MerchantSettings = {}, defaults?: Partial<MerchantCredentials>): MerchantRecord {
  let merchantId = settings.merchantId ?? defaults?.merchantId
  if (!merchantId) {
    let n = 90000001 + store.merchants.size
    while (store.merchants.has(String(n))) n++
    merchantId = String(n)
  }
  if (!/^[A-Za-z0-9]{1,20}$/.test(merchantId)) throw new Error('merchantId must be 1-20 letters or digits')
  const tds = settings.threeDSecure
  const tdsObj = typeof tds === 'object' ? tds : undefined
  const aesKey = tdsObj?.aesKey ?? defaults?.threeDSecure?.aesKey ?? randomAlnum(16)
  const aesIv = tdsObj?.aesIv ?? defaults?.threeDSecure?.aesIv ?? randomAlnum(16)
  if (Buffer.byteLength(aesKey) !== 16 || Buffer.byteLength(aesIv) !== 16) throw new Error('threeDSecure aesKey and aesIv must be 16 characters each')
  const record: MerchantRecord = {
    merchantId,
    merchantPass: settings.merchantPass ?? defaults?.merchantPass ?? randomAlnum(16),
    tenantId: settings.tenantId ?? defaults?.tenantId ?? '0001',
    tokenAuthCode: settings.tokenAuthCode ?? defaults?.tokenAuthCode ?? randomAlnum(20),
    aesKey,
    aesIv,
    threeDSecure: (typeof tds === 'string' ? tds : tdsObj?.mode) ?? 'optional',
    kanaRequired: settings.authAssist?.kana === true,
    merchantName: settings.merchantName ?? 'サンドボックス商店',
    failedLogins: 0,
    tokenLock: tokenLockOf(settings.tokenLock),
    duplicateWindowMs: settings.duplicateWindow !== undefined ? parseDuration(settings.duplicateWindow) : DEFAULT_DUPLICATE_WINDOW_MS,
  }
  const start = normaliseDate(settings.serviceStartDate)
  if (start) record.serviceStartDate = start
  if (settings.allowedIps) record.allowedIps = settings.allowedIps.map(normaliseIp)
  if (settings.notificationUrl) record.notificationUrl = settings.notificationUrl
  store.merchants.set(merchantId, record)
  store.touch()
  return record
}

/** The credential shape that spreads into `new Escott({ ...credentials, baseUrl })`. */
export function credentialsOf(m: MerchantRecord): MerchantCredentials {
  return {
    merchantId: m.merchantId,
    merchantPass: m.merchantPass,
    tenantId: m.tenantId,
    tokenAuthCode: m.tokenAuthCode,
    threeDSecure: { aesKey: m.aesKey, aesIv: m.aesIv },
  }
}

/** `::ffff:127.0.0.1` -> `127.0.0.1`; `::1` stays. */
export function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip
}

function dateWithinOneDay(value: string, nowMs: number): boolean {
  // Accepted when it is the Japan date of sandbox time or of real time, give or take a day
  // (tests move the sandbox clock while clients keep stamping real dates).
  if (value === tokyoDate(nowMs)) return true
  const real = Date.now()
  for (const base of [nowMs, real]) {
    if (value === tokyoDate(base) || value === tokyoDate(base - 86_400_000) || value === tokyoDate(base + 86_400_000)) return true
  }
  return false
}

const FREE_ASCII = /^[\x20-\x7E]{0,32}$/

export interface CommonCheck {
  merchant?: MerchantRecord
  codes: string[]
}

/**
 * Checks every gateway request (`remote` undefined = a browser request, not IP-restricted): MerchantId (K02), lock-out (KG8), MerchantPass (K03), service start / IP restriction (K99),
 * TenantId (K04, optional for CVS), TransactionDate (K05), MerchantFree1..3 (K07..K09).
 */
export function checkCommon(store: Store, f: Fields, remote: string | undefined, nowMs: number, tenantRequired: boolean): CommonCheck {
  const m = f.MerchantId ? store.merchants.get(f.MerchantId) : undefined
  if (!m) return { codes: ['K02'] }
  if (m.lockedUntil !== undefined) {
    if (m.lockedUntil > nowMs) return { merchant: m, codes: ['KG8'] }
    m.lockedUntil = undefined
    m.failedLogins = 0
  }
  if (f.MerchantPass !== m.merchantPass) {
    m.failedLogins++
    if (m.failedLogins >= LOCK_AFTER) {
      m.lockedUntil = nowMs + LOCK_MS
      store.touch()
      return { merchant: m, codes: ['KG8'] }
    }
    return { merchant: m, codes: ['K03'] }
  }
  if (m.failedLogins) m.failedLogins = 0
  if (m.serviceStartDate && tokyoDate(nowMs) < m.serviceStartDate) return { merchant: m, codes: ['K99'] }
  if (m.allowedIps && remote !== undefined && !m.allowedIps.includes(normaliseIp(remote))) return { merchant: m, codes: ['K99'] }
  const codes: string[] = []
  const tenant = f.TenantId
  if (tenantRequired ? tenant !== m.tenantId : tenant !== undefined && tenant !== '' && tenant !== m.tenantId) codes.push('K04')
  const date = f.TransactionDate
  if (!date || !/^\d{8}$/.test(date) || !dateWithinOneDay(date, nowMs)) codes.push('K05')
  if (f.MerchantFree1 !== undefined && !FREE_ASCII.test(f.MerchantFree1)) codes.push('K07')
  if (f.MerchantFree2 !== undefined && !FREE_ASCII.test(f.MerchantFree2)) codes.push('K08')
  if (f.MerchantFree3 !== undefined && f.MerchantFree3.length > 32) codes.push('K09')
  return { merchant: m, codes }
}
