import { z } from 'zod'
import type { Bilingual } from '../codes/types.js'
import { baseResult, type BaseResult, type Client } from '../client.js'
import { newMerchantFree1 } from '../ids.js'
import type { OperateId } from '../operations.js'
import type { RequestOptions } from '../transport.js'
import { CVS_PAYEES } from '../cvs-stores.js'
import { verifyNotification, type CvsNotification, type VerifyNotificationOptions } from '../notification.js'
import { parseTokyo, TOKYO_OFFSET_MS, tokyoDateTime, tokyoEndOfDayAfter } from '../time.js'
import * as v from '../validation.js'

export interface CreateCvsParams {
  /** Integer yen, 1 … 299,999 (fees included). */
  amount: number
  /**
   * Payment deadline: a number of days (7 = the Japanese date 7 days from now, at 23:59 JST), or an exact Date; at
   * most {@link CVS_MAX_PAY_LIMIT_DAYS} days ahead.
   */
  payLimit: number | Date
  /** Payer name in kanji (≤ 20 characters; sent full width). */
  nameKanji: string
  /** Payer name in katakana (≤ 20; hiragana and half-width kana are converted). */
  nameKana: string
  /** Payer phone number (hyphens allowed). */
  telNo: string
  /** Product name shown at the store (ShouhinName, ≤ 16 characters; sent full width). */
  productName: string
  /** Your order reference; generated when omitted. Comes back in the payment notification. */
  merchantFree1?: string
  merchantFree2?: string
  merchantFree3?: string
  /** Free1–Free7 free areas (≤ 16 each; sent full width). */
  freeAreas?: string[]
  /** Guidance lines (ご案内 1–10: Comment, Free8–Free16; ≤ 30 each; sent full width). */
  guidance?: string[]
  /** 問合せ先 (Free17, ≤ 21) / 問合せ電話 (Free18, ≤ 12 digits and hyphens) / 問合せ時間 (Free19, ≤ 11 half-width). */
  contact?: { name?: string; tel?: string; hours?: string }
  /** ご案内タイトル (≤ 20). */
  title?: string
  /** Where the payment-place page links back to (≤ 128). */
  returnUrl?: string
}

export interface CvsPayment extends BaseResult {
  processId: string
  /** Secret: store it, never show or log it. */
  processPass: string
  /** 決済番号 for the shopper. */
  kessaiNumber: string
  /** Opaque code for the payment-place page. */
  freeArea: string
  /** Payment-place selection page to send the shopper to now (rkbn=1). */
  paymentPageUrl: string
  /** The same page for e-mails and "my page" links (rkbn=2). */
  paymentPageUrlForMail: string
  payLimit: Date
  amount: number
}

/** Result of 2Chg: the new payment number; `amount` / `payLimit` are the values you changed (the answer does not echo them). */
export interface CvsPaymentChange extends Omit<CvsPayment, 'amount' | 'payLimit'> {
  amount: number | undefined
  payLimit: Date | undefined
}

export interface CvsRef {
  processId: string
  processPass: string
  merchantFree1?: string
}

export interface CvsInfo extends BaseResult {
  processId: string
  amount: number | undefined
  /** The payment number (決済番号) when the gateway returns it. */
  kessaiNumber: string | undefined
  cvsCd: string | undefined
  cvsName: Bilingual | undefined
  tenantCd: string | undefined
  /** Set once paid. */
  paidAt: Date | undefined
  paid: boolean
  stampFlag: boolean
}

/**
 * The latest payment deadline, in calendar days (Japan time) after today: “最大の支払期限は60日です” in both plugin
 * manuals (WooCommerce and Welcart); see https://github.com/escott-js/escott/blob/main/docs/protocol-decisions.md
 */
export const CVS_MAX_PAY_LIMIT_DAYS = 60

/** Serial number of the Japanese calendar day of an instant. */
const tokyoDay = (t: number) => Math.floor((t + TOKYO_OFFSET_MS) / 86_400_000)

const payLimit = z.union([
  z
    .number({ error: `must be a number of days (0 … ${CVS_MAX_PAY_LIMIT_DAYS}) or a Date` })
    .int('must be a whole number of days')
    .min(0, 'must be 0 (today, 23:59 JST) or more days')
    .max(CVS_MAX_PAY_LIMIT_DAYS, `must be at most ${CVS_MAX_PAY_LIMIT_DAYS} days: the gateway's longest payment deadline`),
  z
    .date()
    .refine((d) => d.getTime() > Date.now(), 'must be in the future')
    .refine((d) => tokyoDay(d.getTime()) - tokyoDay(Date.now()) <= CVS_MAX_PAY_LIMIT_DAYS, `must be at most ${CVS_MAX_PAY_LIMIT_DAYS} days ahead (Japan time): the gateway's longest payment deadline`),
])
const free = { merchantFree1: v.merchantFree.optional(), merchantFree2: v.merchantFree.optional(), merchantFree3: v.merchantFree3.optional() }

// Text fields go full width, as the gateway's own modules send them (text.ts); see docs/protocol-decisions.md.
const createSchema = z.object({
  amount: v.cvsAmount,
  payLimit,
  nameKanji: v.fullWidthText(20, 'NameKanji'),
  nameKana: v.kana(20),
  telNo: z.string().min(1, 'is required'),
  productName: v.fullWidthText(16, 'ShouhinName; shorten the product name, e.g. the first 15 characters and …'),
  ...free,
  freeAreas: z.array(v.fullWidthLine(16, 'Free1–Free7')).max(7, 'at most 7 free areas (Free1–Free7)').optional(),
  guidance: z.array(v.fullWidthLine(30, 'Comment, Free8–Free16')).max(10, 'at most 10 guidance lines (Comment, Free8–Free16)').optional(),
  contact: z.object({ name: v.plainText(21, 'Free17, 問合せ先').optional(), tel: v.contactTel.optional(), hours: v.contactHours.optional() }).optional(),
  title: v.plainText(20, 'Title, ご案内タイトル').optional(),
  returnUrl: z.string().url().max(128).optional(),
})
const refSchema = z.object({ processId: v.processId, processPass: v.processPass, merchantFree1: v.merchantFree.optional() })
const updateSchema = refSchema
  .extend({ amount: v.cvsAmount.optional(), payLimit: payLimit.optional() })
  .refine((p) => p.amount !== undefined || p.payLimit !== undefined, { message: 'give amount and/or payLimit to change', path: ['amount'] })

// TelNo is validated on its own: it must be a Japanese number either way, and `telNoFormat: 'asEntered'` sends the
// shopper's text in half-width with its hyphens.
const telNoSchema = z.object({ telNo: v.telNo })
const telNoAsEnteredSchema = z.object({ telNo: v.telNoAsEntered })

const limitDate = (l: number | Date) => (typeof l === 'number' ? tokyoEndOfDayAfter(l) : l)

/** Convenience-store, Pay-easy and e-money payments (online payment collection) on OCNV005. */
export class CvsResource {
  readonly #client: Client
  constructor(client: Client) {
    this.#client = client
  }

  /**
   * Registers a payment (2Add) and returns the payment number and the payment-place page URLs.
   *
   * @example
   * ```ts
   * const quote = cvsQuote(order.total)
   * if (quote.available) {
   *   const p = await escott.cvs.create({ amount: quote.amount, payLimit: 7, nameKanji: '山田 太郎', nameKana: 'ヤマダ タロウ', telNo: '03-1234-5678', productName: 'ご注文 1234', merchantFree1: order.ref })
   *   res.redirect(p.paymentPageUrl)
   * }
   * ```
   */
  async create(params: CreateCvsParams, options?: RequestOptions): Promise<CvsPayment> {
    const p = v.parseInput(createSchema, params, '2Add')
    const digits = v.parseInput(telNoSchema, { telNo: p.telNo }, '2Add').telNo
    const tel = this.#client.config.telNoFormat === 'digits' ? digits : v.parseInput(telNoAsEnteredSchema, { telNo: p.telNo }, '2Add').telNo
    const limit = limitDate(p.payLimit)
    const merchantFree1 = p.merchantFree1 ?? newMerchantFree1()
    const fields: Record<string, string | number | undefined> = {
      MerchantFree1: merchantFree1,
      MerchantFree2: p.merchantFree2,
      MerchantFree3: p.merchantFree3,
      Amount: p.amount,
      PayLimit: tokyoDateTime(limit),
      NameKanji: p.nameKanji,
      NameKana: p.nameKana,
      TelNo: tel,
      ShouhinName: p.productName,
      Comment: p.guidance?.[0],
      Free17: p.contact?.name,
      Free18: p.contact?.tel,
      Free19: p.contact?.hours,
      Title: p.title,
      ReturnURL: p.returnUrl,
    }
    p.freeAreas?.forEach((t, i) => (fields[`Free${i + 1}`] = t))
    p.guidance?.slice(1).forEach((t, i) => (fields[`Free${i + 8}`] = t))
    const r = await this.#client.call('2Add', fields, options)
    return this.#payment('2Add', r, p.amount, limit, merchantFree1)
  }

  /**
   * Changes amount and/or deadline (2Chg). The payment number changes: show the shopper the new one. E42 and the
   * WooCommerce plugin always send both PayLimit and Amount; pass both when you can.
   */
  async update(params: CvsRef & { amount?: number; payLimit?: number | Date }, options?: RequestOptions): Promise<CvsPaymentChange> {
    const p = v.parseInput(updateSchema, params, '2Chg')
    const limit = p.payLimit === undefined ? undefined : limitDate(p.payLimit)
    const r = await this.#client.call(
      '2Chg',
      {
        MerchantFree1: p.merchantFree1,
        ProcessId: p.processId,
        ProcessPass: p.processPass,
        Amount: p.amount,
        PayLimit: limit ? tokyoDateTime(limit) : undefined,
      },
      options,
    )
    return { ...this.#payment('2Chg', r, 0, new Date(0), p.merchantFree1), amount: p.amount, payLimit: limit }
  }

  /** Cancels an unpaid payment: 2Del. */
  async cancel(params: CvsRef, options?: RequestOptions): Promise<BaseResult & { processId: string }> {
    const p = v.parseInput(refSchema, params, '2Del')
    const r = await this.#client.call('2Del', { MerchantFree1: p.merchantFree1, ProcessId: p.processId, ProcessPass: p.processPass }, options)
    return { ...baseResult('2Del', r), processId: p.processId }
  }

  /** Looks a payment up (2Ref): paid or not, where and when. Safe to retry. */
  async retrieve(params: CvsRef, options?: RequestOptions): Promise<CvsInfo> {
    const p = v.parseInput(refSchema, params, '2Ref')
    const r = await this.#client.call('2Ref', { MerchantFree1: p.merchantFree1, ProcessId: p.processId, ProcessPass: p.processPass }, options)
    const paidAt = parseTokyo(r.NyukinDate)
    return {
      ...baseResult('2Ref', r),
      processId: p.processId,
      amount: r.Amount ? Number(r.Amount) : undefined,
      kessaiNumber: r.KessaiNumber || undefined,
      cvsCd: r.CvsCd || undefined,
      cvsName: r.CvsCd ? CVS_PAYEES[r.CvsCd] : undefined,
      tenantCd: r.TenantCd || undefined,
      paidAt,
      paid: paidAt !== undefined,
      stampFlag: r.StampFlag === '1',
    }
  }

  /**
   * Verifies a payment notification (source address, MerchantId, HashCd, then the amount). Record the payment,
   * then answer `NOTIFICATION_ACK`. Throws `EscottNotificationError` (with `reason`) when anything does not match.
   *
   * @example
   * ```ts
   * const n = escott.cvs.verifyNotification(req.body, { remoteAddress: req.ip, expectedAmount: order.total })
   * if (n.paid) await orders.markPaid(order.id, n.recvNum)
   * res.type('text/plain').send(NOTIFICATION_ACK)
   * ```
   */
  verifyNotification(body: string | URLSearchParams | Record<string, unknown>, options: VerifyNotificationOptions): CvsNotification {
    return verifyNotification(this.#client.config, body, options)
  }

  /** Payment-place page URL for a FreeArea code: `rkbn` 1 = redirect now, 2 = link for e-mails. */
  paymentPageUrl(freeArea: string, rkbn: 1 | 2 = 1): string {
    return `${this.#client.config.urls.paymentPage}?code=${encodeURIComponent(freeArea)}&rkbn=${rkbn}`
  }

  #payment(operation: OperateId, r: Record<string, string>, amount: number, payLimit: Date, merchantFree1: string | undefined): CvsPayment {
    const freeArea = r.FreeArea ?? ''
    return {
      ...baseResult(operation, r),
      merchantFree1: r.MerchantFree1 || merchantFree1,
      processId: r.ProcessId ?? '',
      processPass: r.ProcessPass ?? '',
      kessaiNumber: r.KessaiNumber ?? '',
      freeArea,
      paymentPageUrl: this.paymentPageUrl(freeArea, 1),
      paymentPageUrlForMail: this.paymentPageUrl(freeArea, 2),
      payLimit,
      amount,
    }
  }
}
