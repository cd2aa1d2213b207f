import { z } from 'zod'
import { cardBrandHint, isPayTypeAllowed, parseCardBrand, type CardBrand } from '../brands.js'
import { baseResult, memberFields, type BaseResult, type Client, type FieldInput } from '../client.js'
import { newMerchantFree1 } from '../ids.js'
import type { OperateId } from '../operations.js'
import type { RequestOptions } from '../transport.js'
import { EscottValidationError } from '../errors/escott-error.js'
import { tokyoDate } from '../time.js'
import * as v from '../validation.js'
import { threeDSecureDataSchema, threeDWireFields, type ThreeDSecureData } from './three-d-secure-data.js'

/** A stored card: the member's KaiinId and KaiinPass. */
export interface MemberRef {
  kaiinId: string
  kaiinPass: string
}

/**
 * Authentication-assist (認証アシスト) items, only when the contract enables them. The gateway's own modules collect
 * them on the checkout form; with a token they hand them to the token script (`spsvCreateToken`'s birthMM, birthDD,
 * telNo, kanaSei, kanaMei) rather than to 1Auth (E42 PaymentController.php:303-332; E2 drops TelNo when a Token is
 * sent, SLN_C_Base.php:100-102).
 */
export interface AuthAssist {
  /** Surname on the card in kana (≤ 10); sent as half-width katakana, as E2 and E42 send it. */
  kanaSei?: string
  /** Given name on the card in kana (≤ 10); sent as half-width katakana. */
  kanaMei?: string
  /** `MMdd` */
  birthDay?: string
  /** The last 4 digits of the cardholder's phone number; a whole number (10–11 digits) is accepted and only its last 4 digits are sent. */
  telNo?: string
}

export interface AuthorizeParams {
  /** Integer yen, 1 … 9,999,999. */
  amount: number
  /** Card token from the token script (single use). Give either `token` or `member`. */
  token?: string
  /** Stored card to charge instead of a token. */
  member?: MemberRef
  /** `01` lump sum (default), `02`–`72` instalments, `80` bonus, `88` revolving. */
  payType?: string
  /**
   * The card brand (e.g. from `detectBrand(maskedCardNo)`, any case, aliases such as `Mastercard` accepted), to
   * refuse a PayType the brand does not offer before sending. An unknown name is an `EscottValidationError`.
   */
  brand?: CardBrand | (string & {})
  /** `false` (default): authorise only (1Auth). `true`: authorise and capture at once (1Gathering). */
  capture?: boolean
  /** Your order reference, echoed in every answer and notification. Generated when omitted. */
  merchantFree1?: string
  merchantFree2?: string
  merchantFree3?: string
  /** The `threeDSecure` data from `escott.threeDSecure.parseResult` after a `3Secure` authentication. */
  threeDSecure?: ThreeDSecureData
  /** Security code, only for stored-card payments that re-check it. */
  securityCode?: string
  authAssist?: AuthAssist
}

/** Result of 1Auth / 1Gathering. */
export interface CardTransaction extends BaseResult {
  /** `authorized` after 1Auth, `captured` after 1Gathering. */
  status: 'authorized' | 'captured'
  /** 取引ID: store it with `processPass` for every follow-up operation. */
  processId: string
  /** 取引パスワード. Secret: store it, never show or log it. */
  processPass: string
  /** 承認番号 from the card company. */
  approveNo: string | undefined
  /** Card company code. */
  companyCd: string | undefined
  amount: number
  payType: string
  member: MemberRef | undefined
  /** Security-code check result (McSecCd): `0` match, `1` mismatch, `5` by proxy, `8` not sent, `9` not checkable. */
  securityCodeResult: string | undefined
}

/** Identifies an existing card transaction. */
export interface ProcessRef {
  processId: string
  processPass: string
  /** Required when the transaction was paid with a stored card (otherwise e-SCOTT answers K80). */
  member?: MemberRef
  merchantFree1?: string
  merchantFree2?: string
  merchantFree3?: string
}

export interface ProcessResult extends BaseResult {
  processId: string
  processPass: string
  companyCd: string | undefined
}

export interface RetrieveResult extends ProcessResult {
  amount: number | undefined
  /** `yyyyMMdd` when captured. */
  salesDate: string | undefined
}

export interface CheckParams {
  token?: string
  member?: MemberRef
  merchantFree1?: string
  threeDSecure?: ThreeDSecureData
  securityCode?: string
  authAssist?: AuthAssist
}

export interface CheckResult extends BaseResult {
  processId: string | undefined
  companyCd: string | undefined
  securityCodeResult: string | undefined
}

const free = { merchantFree1: v.merchantFree.optional(), merchantFree2: v.merchantFree.optional(), merchantFree3: v.merchantFree3.optional() }
const authAssist = z
  .object({
    kanaSei: v.cardKana.optional(),
    kanaMei: v.cardKana.optional(),
    birthDay: z
      .string()
      .regex(/^(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/, "must be 'MMdd'")
      .optional(),
    telNo: v.assistTelNo.optional(),
  })
  .optional()
const securityCode = z
  .string()
  .regex(/^\d{3,4}$/, 'must be 3 or 4 digits')
  .optional()

const oneSource = <T extends { token?: unknown; member?: unknown }>(s: z.ZodType<T>) =>
  s.refine((p) => (p.token === undefined) !== (p.member === undefined), {
    message: 'give exactly one of token (a new card) or member (a stored card)',
    path: ['token'],
  })

const authorizeSchema = oneSource(
  z.object({
    amount: v.amount,
    token: v.token.optional(),
    member: v.member.optional(),
    payType: v.payType.default('01'),
    brand: z
      .string({ error: `must be a card brand name: ${cardBrandHint()}` })
      .transform((s, ctx) => {
        const brand = parseCardBrand(s)
        if (brand) return brand
        ctx.addIssue({ code: 'custom', message: `unknown card brand ${JSON.stringify(s)}: ${cardBrandHint()}` })
        return z.NEVER
      })
      .optional(),
    capture: z.boolean().default(false),
    ...free,
    threeDSecure: threeDSecureDataSchema.optional(),
    securityCode,
    authAssist,
  }),
)

const processSchema = z.object({ processId: v.processId, processPass: v.processPass, member: v.member.optional(), ...free })
const captureSchema = processSchema.extend({ salesDate: v.salesDate.optional() })
const changeSchema = processSchema.extend({ amount: v.amount })
const reauthSchema = processSchema.extend({ amount: v.amount, salesDate: v.salesDate.optional() })
const checkSchema = oneSource(
  z.object({
    token: v.token.optional(),
    member: v.member.optional(),
    merchantFree1: v.merchantFree.optional(),
    threeDSecure: threeDSecureDataSchema.optional(),
    securityCode,
    authAssist,
  }),
)

const toDate = (d: Date | string | undefined) => (d === undefined ? tokyoDate() : typeof d === 'string' ? d : tokyoDate(d))

function assistFields(a: z.output<typeof authAssist>) {
  return a ? { KanaSei: a.kanaSei, KanaMei: a.kanaMei, BirthDay: a.birthDay, TelNo: a.telNo } : {}
}

/** Card payments on OAUT002: authorise, capture, change, cancel, re-authorise, look up, check. */
export class CardResource {
  readonly #client: Client
  constructor(client: Client) {
    this.#client = client
  }

  /**
   * Authorises a payment (1Auth), or authorises and captures it (1Gathering) with `capture: true`.
   * Throws `EscottCardDeclinedError` for issuer refusals (`declineKind` soft or hard), `EscottOutcomeUnknownError`
   * (never retried) when the answer was lost: reconcile with its `merchantFree1`.
   *
   * @example
   * ```ts
   * const tx = await escott.card.authorize({ amount: 1980, token, payType: '03', brand: 'visa', merchantFree1: order.ref })
   * await orders.save(order.id, { processId: tx.processId, processPass: tx.processPass }) // processPass is secret
   * ```
   */
  async authorize(params: AuthorizeParams, options?: RequestOptions): Promise<CardTransaction> {
    const operateId: OperateId = params?.capture ? '1Gathering' : '1Auth'
    const p = v.parseInput(authorizeSchema, params, operateId)
    if (p.brand && !isPayTypeAllowed(p.brand, p.payType)) {
      throw new EscottValidationError(operateId, [
        {
          field: 'payType',
          message: `PayType ${p.payType} is not offered for ${p.brand} cards; use installmentOptions('${p.brand}') to list the allowed ones`,
        },
      ])
    }
    const merchantFree1 = p.merchantFree1 ?? newMerchantFree1()
    const fields: FieldInput = {
      TenantId: this.#client.config.tenantId,
      MerchantFree1: merchantFree1,
      MerchantFree2: p.merchantFree2,
      MerchantFree3: p.merchantFree3,
      Token: p.token,
      PayType: p.payType,
      Amount: p.amount,
      SecCd: p.securityCode,
    }
    if (p.member) Object.assign(fields, memberFields(p.member))
    if (p.authAssist) Object.assign(fields, assistFields(p.authAssist))
    if (p.threeDSecure) Object.assign(fields, threeDWireFields(p.threeDSecure))
    const r = await this.#client.call(operateId, fields, options)
    return {
      ...baseResult(operateId, r),
      merchantFree1: r.MerchantFree1 || merchantFree1,
      status: p.capture ? 'captured' : 'authorized',
      processId: r.ProcessId ?? '',
      processPass: r.ProcessPass ?? '',
      approveNo: r.ApproveNo || undefined,
      companyCd: r.CompanyCd || undefined,
      amount: p.amount,
      payType: p.payType,
      member: p.member,
      securityCodeResult: r.McSecCd || undefined,
    }
  }

  /**
   * Captures (売上計上) an authorised payment: 1Capture. `salesDate` defaults to today in Japan and may not lie in the
   * future. Give `member` when the payment was made with a stored card.
   *
   * @example
   * ```ts
   * await escott.card.capture({ processId, processPass }, { timeoutMs: 10_000 })
   * ```
   */
  async capture(params: ProcessRef & { salesDate?: Date | string }, options?: RequestOptions): Promise<ProcessResult> {
    const p = v.parseInput(captureSchema, params, '1Capture')
    return this.#process('1Capture', p, { SalesDate: toDate(p.salesDate) }, options)
  }

  /** Changes the amount (利用額変更) of an authorised or captured payment: 1Change. */
  async changeAmount(params: ProcessRef & { amount: number }, options?: RequestOptions): Promise<ProcessResult> {
    const p = v.parseInput(changeSchema, params, '1Change')
    return this.#process('1Change', p, { Amount: p.amount }, options)
  }

  /** Cancels (取消) an authorisation or refunds a captured payment: 1Delete. */
  async cancel(params: ProcessRef, options?: RequestOptions): Promise<ProcessResult> {
    const p = v.parseInput(processSchema, params, '1Delete')
    return this.#process('1Delete', p, {}, options)
  }

  /**
   * Re-authorises (再オーソリ) with the same processing method as the original: 1ReAuth. On a canceled payment it
   * authorises again; on an authorised, not yet captured one it renews the authorisation (the WooCommerce and
   * WelcartPay admin screens offer both: class-spfwc-admin-order.php:431-436; E2 and E42 only after a cancel).
   */
  async reauthorize(params: ProcessRef & { amount: number; salesDate?: Date | string }, options?: RequestOptions): Promise<ProcessResult> {
    const p = v.parseInput(reauthSchema, params, '1ReAuth')
    return this.#process('1ReAuth', p, { Amount: p.amount, SalesDate: toDate(p.salesDate) }, options)
  }

  /** Looks a transaction up: 1Search. Safe to retry. */
  async retrieve(params: ProcessRef, options?: RequestOptions): Promise<RetrieveResult> {
    const p = v.parseInput(processSchema, params, '1Search')
    const result = await this.#process('1Search', p, {}, options)
    const amount = result.raw.Amount ? Number(result.raw.Amount) : undefined
    return { ...result, amount: Number.isFinite(amount) ? amount : undefined, salesDate: result.raw.SalesDate || undefined }
  }

  /** Checks that a card (token or stored card) is valid without charging it: 1Check. */
  async check(params: CheckParams, options?: RequestOptions): Promise<CheckResult> {
    const p = v.parseInput(checkSchema, params, '1Check')
    const r = await this.#client.call(
      '1Check',
      {
        TenantId: this.#client.config.tenantId,
        MerchantFree1: p.merchantFree1,
        Token: p.token,
        ...memberFields(p.member),
        SecCd: p.securityCode,
        ...assistFields(p.authAssist),
        ...threeDWireFields(p.threeDSecure),
      },
      options,
    )
    return {
      ...baseResult('1Check', r),
      processId: r.ProcessId || undefined,
      companyCd: r.CompanyCd || undefined,
      securityCodeResult: r.McSecCd || undefined,
    }
  }

  async #process(operateId: OperateId, p: z.output<typeof processSchema>, extra: Record<string, string | number>, options: RequestOptions | undefined): Promise<ProcessResult> {
    const config = this.#client.config
    const r = await this.#client.call(
      operateId,
      {
        // E2 SLN_C_Util.php:80, WooCommerce class-spfwc-admin-order.php:402 and Welcart send it; E42 does not.
        TenantId: config.sendTenantIdOnFollowUps ? config.tenantId : undefined,
        MerchantFree1: p.merchantFree1,
        MerchantFree2: p.merchantFree2,
        MerchantFree3: p.merchantFree3,
        ProcessId: p.processId,
        ProcessPass: p.processPass,
        ...memberFields(p.member),
        ...extra,
      },
      options,
    )
    return {
      ...baseResult(operateId, r),
      processId: r.ProcessId || p.processId,
      processPass: r.ProcessPass || p.processPass,
      companyCd: r.CompanyCd || undefined,
    }
  }
}
