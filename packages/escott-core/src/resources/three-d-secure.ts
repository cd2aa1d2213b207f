import { z } from 'zod'
import { baseResult, memberFields, type BaseResult, type Client } from '../client.js'
import { newMerchantFree1, newProcNo } from '../ids.js'
import { PATHS, type OperateId } from '../operations.js'
import { aesDecrypt, aesEncrypt } from '../crypto/aes.js'
import { explainCode } from '../codes/explain.js'
import { EscottConfigurationError, EscottThreeDSecureError, EscottValidationError, type EscottError } from '../errors/escott-error.js'
import { errorFromEntries } from '../errors/from-entries.js'
import { tokyoDate } from '../time.js'
import * as v from '../validation.js'
import { escapeHtml } from '../html.js'
import { encodeForm, parseFormStrict, splitCodes } from '../wire.js'
import type { MemberRef } from './card.js'
import { threeDFromWire, type ThreeDSecureData } from './three-d-secure-data.js'

export interface CreateThreeDSecureParams {
  /** Card token (new card). Give `token` or `member`; both for a 3-D Secure member registration. */
  token?: string
  /** Stored card. */
  member?: MemberRef
  /** Integer yen; required except for member registration. */
  amount?: number
  /** Cardholder name as on the card (romanised): mandatory since the 2024 card-brand rule. */
  cardholderName: string
  /** Cardholder e-mail: mandatory since the 2024 card-brand rule. */
  email: string
  /** Where the shopper's browser returns (≤ 64 characters by default, see `threeDSecure.maxRedirectUrlLength`). */
  redirectUrl: string
  /** Server-to-server copy of the result (survives a lost session cookie or a closed tab). */
  postUrl?: string
  /** Your order reference; generated when omitted. */
  merchantFree1?: string
  merchantFree2?: string
  merchantFree3?: string
  /** 7-character processing number; random when omitted. */
  procNo?: string
  /**
   * `authenticate` (default): OperateId 3Secure, authentication only; then call `card.authorize` with the
   * returned `threeDSecure` data. `merged`: 1Auth/1Gathering sent through 3-D Secure in one round trip.
   */
  flow?: 'authenticate' | 'merged'
  /** Merged flow only: capture at once (1Gathering). */
  capture?: boolean
  /** Merged flow only. */
  payType?: string
  /** Register (`create`, 4MemAdd) or replace (`update`, 4MemChg) a stored card under 3-D Secure: give `member` and `token`. */
  registerMember?: 'create' | 'update'
}

/** What the browser must POST to e-SCOTT: render it as an auto-submitting form (see `autoSubmitForm`). */
export interface ThreeDSecureRequest {
  /** Form action: the OTDS010 endpoint. */
  action: string
  fields: { MerchantId: string; EncryptValue: string }
  /** OperateId inside the encrypted payload. */
  operation: ThreeDSecureOperateId
  procNo: string
  merchantFree1: string
}

/** SecureResultCode, in words. */
export type SecureResult = 'authenticated' | 'failed' | 'not_enrolled' | 'issuer_not_participating' | 'attempted' | 'maintenance' | 'system_error' | 'unknown'

const SECURE_RESULTS: Record<string, SecureResult> = {
  '0': 'authenticated',
  '1': 'failed',
  '2': 'not_enrolled',
  '3': 'issuer_not_participating',
  '4': 'attempted',
  '8': 'maintenance',
  '9': 'system_error',
}

/** The code used to explain a SecureResultCode that came back with ResponseCd OK but is not accepted. */
const SECURE_RESULT_CODE: Record<string, string> = { '1': 'U04', '2': 'U01', '3': 'U02', '4': 'U15', '8': 'U14', '9': 'U95' }

/** The decrypted, validated 3-D Secure result. */
export interface ThreeDSecureResult extends BaseResult {
  /**
   * Authentication only (`3Secure`): the SecureResultCode is one the configuration accepts (default 0, 2, 3, 4; 1, 8
   * and 9 stop) — then send `card.authorize({ threeDSecure })`, whose answer is the verdict. Merged authorisation and
   * card registration: ResponseCd is OK (and a SecureResultCode, if any, is accepted).
   */
  passed: boolean
  secureResultCode: string | undefined
  secureResult: SecureResult
  procNo: string | undefined
  /** Fields to pass to `card.authorize({ threeDSecure })` after an authentication-only flow. */
  threeDSecure: ThreeDSecureData | undefined
  /** Set by the merged flow (1Auth/1Gathering). */
  processId: string | undefined
  processPass: string | undefined
  approveNo: string | undefined
  companyCd: string | undefined
  /** Set by a 3-D Secure member registration. */
  kaiinId: string | undefined
  /** Why it did not pass. */
  error: EscottError | undefined
}

/** The OperateIds that travel through OTDS010 inside the encrypted payload. */
export type ThreeDSecureOperateId = Extract<OperateId, '3Secure' | '1Auth' | '1Gathering' | '4MemAdd' | '4MemChg'>
const ACCEPTED_OPERATIONS: ReadonlySet<string> = new Set<ThreeDSecureOperateId>(['3Secure', '1Auth', '1Gathering', '4MemAdd', '4MemChg'])

/**
 * Formats of the result fields the SDK acts on (docs/protocol-decisions.md, "3-D Secure result formats"). No source
 * states them; these are the gateway's own input rules for the same fields (K10/K11 ProcessId/ProcessPass, K45 KaiinId,
 * K86 ProcNo, K07 MerchantFree1), what every public answer shows (ApproveNo: 7 characters, 承認番号), and one
 * character for SecureResultCode. A field outside its format did not come from the gateway.
 */
const RESULT_FORMATS: readonly (readonly [string, RegExp])[] = [
  ['ProcessId', /^[A-Za-z0-9]{1,64}$/],
  ['ProcessPass', /^[A-Za-z0-9]{1,64}$/],
  ['ApproveNo', /^[A-Za-z0-9]{1,7}$/],
  ['SecureResultCode', /^[0-9A-Za-z]$/],
  ['ProcNo', /^[0-9A-Za-z]{7}$/],
  ['KaiinId', /^[A-Za-z0-9]{1,20}$/],
  ['MerchantFree1', /^[\x21-\x7e]{1,32}$/],
  ['TransactionId', /^[\x21-\x7e]{1,32}$/],
  ['CompanyCd', /^[A-Za-z0-9]{1,8}$/],
]

const createSchema = z
  .object({
    token: v.token.optional(),
    member: v.member.optional(),
    amount: v.amount.optional(),
    cardholderName: v.cardholderName,
    email: v.email,
    redirectUrl: v.redirectUrl,
    postUrl: v.postUrl.optional(),
    merchantFree1: v.merchantFree.optional(),
    merchantFree2: v.merchantFree.optional(),
    merchantFree3: v.merchantFree3.optional(),
    procNo: v.procNo.optional(),
    flow: z.enum(['authenticate', 'merged']).default('authenticate'),
    capture: z.boolean().default(false),
    payType: v.payType.default('01'),
    registerMember: z.enum(['create', 'update']).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.registerMember) {
      if (!p.member) ctx.addIssue({ code: 'custom', path: ['member'], message: 'is required to register a card: { kaiinId, kaiinPass }' })
      if (!p.token) ctx.addIssue({ code: 'custom', path: ['token'], message: 'is required to register a card' })
      return
    }
    if ((p.token === undefined) === (p.member === undefined)) ctx.addIssue({ code: 'custom', path: ['token'], message: 'give exactly one of token (a new card) or member (a stored card)' })
    if (p.amount === undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required (integer yen)' })
  })

/** EMV 3-D Secure through OTDS010: build the encrypted browser request, read the encrypted result. */
export class ThreeDSecureResource {
  readonly #client: Client
  constructor(client: Client) {
    this.#client = client
  }

  #keys() {
    const keys = this.#client.config.threeDSecure
    if (!keys) throw new EscottConfigurationError('threeDSecure: { aesKey, aesIv } is required for 3-D Secure (the 16-character AES key and IV from the e-SCOTT admin console)')
    return keys
  }

  /**
   * Builds the encrypted request the shopper's browser posts to e-SCOTT. Sends nothing itself.
   *
   * @example
   * ```ts
   * const request = escott.threeDSecure.createRequest({ token, amount: 1980, cardholderName: 'TARO YAMADA', email, redirectUrl, postUrl, merchantFree1: order.ref })
   * await trips.save(request.procNo, order.id)
   * res.send(autoSubmitForm(request, { nonce }))
   * ```
   */
  createRequest(params: CreateThreeDSecureParams): ThreeDSecureRequest {
    const keys = this.#keys()
    const p = v.parseInput(createSchema, params, '3Secure')
    const maxRedirect = keys.maxRedirectUrlLength ?? v.DEFAULT_MAX_REDIRECT_URL_LENGTH
    if (p.redirectUrl.length > maxRedirect) {
      throw new EscottValidationError('3Secure', [
        {
          field: 'redirectUrl',
          message: `must be at most ${maxRedirect} characters (it has ${p.redirectUrl.length}): longer RedirectUrls have broken 3-D Secure returns; use a short return path, or raise threeDSecure.maxRedirectUrlLength if your contract allows longer ones`,
        },
      ])
    }
    const operation: ThreeDSecureOperateId = p.registerMember ? (p.registerMember === 'create' ? '4MemAdd' : '4MemChg') : p.flow === 'merged' ? (p.capture ? '1Gathering' : '1Auth') : '3Secure'
    const merchantFree1 = p.merchantFree1 ?? newMerchantFree1()
    const procNo = p.procNo ?? newProcNo()
    const config = this.#client.config
    const payload = encodeForm({
      MerchantPass: config.merchantPass,
      TransactionDate: tokyoDate(),
      OperateId: operation,
      MerchantFree1: merchantFree1,
      MerchantFree2: p.merchantFree2,
      MerchantFree3: p.merchantFree3,
      TenantId: config.tenantId,
      Token: p.token,
      ...memberFields(p.member),
      PayType: p.flow === 'merged' && !p.registerMember ? p.payType : undefined,
      Amount: p.amount,
      ProcNo: procNo,
      RedirectUrl: p.redirectUrl,
      PostUrl: p.postUrl,
      BillingFullName: p.cardholderName,
      BillingEmail: p.email,
    })
    return {
      action: config.urls.api + PATHS.threeDSecure,
      fields: { MerchantId: config.merchantId, EncryptValue: aesEncrypt(payload, keys) },
      operation,
      procNo,
      merchantFree1,
    }
  }

  /**
   * Decrypts and checks the `EncryptValue` e-SCOTT posts back (browser return and PostUrl). Throws
   * `EscottThreeDSecureError` when the payload is tampered, truncated, foreign (another merchant's key or id) or
   * incomplete. An authentication that ran but failed is returned with `passed: false` and `error`.
   *
   * @example
   * ```ts
   * const result = escott.threeDSecure.parseResult(req.body.EncryptValue)
   * if (!result.passed) return res.status(402).send(result.error!.shopperMessage('ja'))
   * await escott.card.authorize({ amount, token, merchantFree1: result.merchantFree1, threeDSecure: result.threeDSecure })
   * ```
   */
  parseResult(encryptValue: string): ThreeDSecureResult {
    const keys = this.#keys()
    const reject = (why: string) =>
      new EscottThreeDSecureError({
        message: `3-D Secure result rejected: ${why}`,
        category: 'three_d_secure',
        merchant: {
          ja: `3Dセキュア結果を受け付けられません（${why}）。改ざん、または別の加盟店の鍵で暗号化された可能性があります。`,
          en: `3-D Secure result rejected: ${why}. It may be tampered or encrypted for another merchant.`,
        },
      })
    if (typeof encryptValue !== 'string' || encryptValue.length === 0) throw reject('EncryptValue is empty')
    let plain: string
    try {
      plain = aesDecrypt(encryptValue, keys)
    } catch (err) {
      throw reject(/UTF-8/.test(String((err as Error).message)) ? 'EncryptValue decrypts to bytes that are not UTF-8 text (altered)' : 'EncryptValue cannot be decrypted with this merchant’s key')
    }
    const parsed = parseFormStrict(plain)
    if ('error' in parsed) throw reject(`decrypted payload is not a message from the gateway: ${parsed.error}`)
    const r = parsed.fields
    const config = this.#client.config
    if (r.MerchantId !== undefined && r.MerchantId !== config.merchantId) throw reject('MerchantId does not match this merchant')
    if (!r.ResponseCd) throw reject('ResponseCd is missing')
    if (!r.OperateId || !ACCEPTED_OPERATIONS.has(r.OperateId)) throw reject('OperateId is missing or not a 3-D Secure operation')
    for (const [field, format] of RESULT_FORMATS) {
      const value = r[field]
      if (value !== undefined && value !== '' && !format.test(value)) throw reject(`${field} is malformed`)
    }
    if (!/^[A-Z0-9|]{1,64}$/.test(r.ResponseCd)) throw reject('ResponseCd is malformed')

    const operation = r.OperateId as ThreeDSecureOperateId
    const codes = splitCodes(r.ResponseCd)
    const secureResultCode = r.SecureResultCode || undefined
    const ok = codes.length === 1 && codes[0] === 'OK'
    const accepted = keys.acceptSecureResults
    let passed: boolean
    if (operation === '3Secure') {
      // Authentication only: the official plugins stop on SecureResultCode 1, 8 and 9 and otherwise send 1Auth with
      // the 3-D fields, whatever ResponseCd says (WooCommerce payment-response-handler.php:106-119, WooCommerce light
      // :109, Welcart paymentESCOTT.main.class.php:1091-1117); that 1Auth is the gateway's verdict.
      passed = secureResultCode !== undefined && accepted.includes(secureResultCode) && (ok || config.threeDSecure?.requireResponseOk !== true)
    } else {
      // Merged authorisation and card registration: the answer itself decides (E2 copy/sln_3d.php:43-80, E42
      // SlnAction/Credit.php:881-922; registrations WooCommerce light myaccount.php:146, Welcart :3088). Every such
      // answer carries the SecureResultCode of the authentication it ran (E42 Response/ThreeDAuth.php, Woo
      // payment-response-handler.php:344-370), so one without it is not a pass.
      passed = ok && secureResultCode !== undefined && accepted.includes(secureResultCode)
    }
    let error: EscottError | undefined
    if (!passed) {
      const entryCodes = ok || codes.length === 0 ? [SECURE_RESULT_CODE[secureResultCode ?? ''] ?? 'U99'] : codes
      error = errorFromEntries(entryCodes.map(explainCode), { operation, merchantFree1: r.MerchantFree1, processId: r.ProcessId })
    }
    return {
      ...baseResult(operation, r),
      passed,
      secureResultCode,
      secureResult: secureResultCode === undefined ? 'unknown' : (SECURE_RESULTS[secureResultCode] ?? 'unknown'),
      procNo: r.ProcNo || undefined,
      threeDSecure: threeDFromWire(r),
      processId: r.ProcessId || undefined,
      processPass: r.ProcessPass || undefined,
      approveNo: r.ApproveNo || undefined,
      companyCd: r.CompanyCd || undefined,
      kaiinId: r.KaiinId || undefined,
      error,
    }
  }
}

/**
 * A minimal HTML page that posts `fields` to `action` at once (with a button for browsers without JavaScript):
 * the way to send the shopper to 3-D Secure.
 */
export function autoSubmitForm(request: Pick<ThreeDSecureRequest, 'action' | 'fields'>, options: { lang?: 'ja' | 'en'; nonce?: string } = {}): string {
  const lang = options.lang ?? 'ja'
  const inputs = Object.entries(request.fields)
    .map(([k, val]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(val)}">`)
    .join('')
  const label = lang === 'ja' ? '本人認証へ進む' : 'Continue to card authentication'
  const note = lang === 'ja' ? 'カード会社の本人認証画面へ移動しています…' : 'Redirecting to your card issuer…'
  const nonce = options.nonce ? ` nonce="${escapeHtml(options.nonce)}"` : ''
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>3-D Secure</title></head><body><p>${note}</p><form id="escott3ds" method="post" action="${escapeHtml(request.action)}">${inputs}<noscript><button type="submit">${label}</button></noscript></form><script${nonce}>document.getElementById('escott3ds').submit()</script></body></html>`
}
