/**
 * `pp_escott-cvs_<id>`: convenience-store (konbini) payments, e-SCOTT's online payment collection (OCNV005), on
 * escott-flows.
 *
 * authorizePayment registers the payment (`createCvsPayment`, 2Add) and answers `pending_authorization` with the
 * payment slip, so the order is placed and waits. The gateway's payment notification reaches the plugin route, where
 * escott-flows' policy (`handleCvsNotification`) verifies it and records the payment before the acknowledgement is
 * answered; the route then hands the first delivery to Medusa's webhook pipeline, which calls authorizePayment again
 * and gets `captured` — from the session's recorded state, never from the webhook's payload. Past the deadline, the
 * plugin's scheduled job cancels it (2Del; Medusa ignores canceled webhooks).
 */
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from '@medusajs/framework/types'
import { MedusaError, PaymentActions, PaymentSessionStatus } from '@medusajs/framework/utils'
import { cvsQuote, MAX_CVS_AMOUNT, toFullWidthKatakana } from 'escott-core'
import { createCvsPayment, handleCvsNotification, isCvsExpired, notificationResponse, runPaymentOperation, type NotificationOutcome } from 'escott-flows'
import { EscottBase, merchantFree1For } from '../core/escott-base'
import { outcomeError } from '../core/errors'
import { assertYen, toYen } from '../core/money'
import { cvsView } from '../core/public-data'
import type { CvsPayer, PaymentSessionRecord } from '../sessions/types'

/** What the storefront sends as the convenience-store session's data. */
export interface CvsSessionInput {
  /** Payer name in kanji (≤ 20 characters), e.g. 山田太郎. */
  nameKanji: string
  /** Payer name in katakana (≤ 20; hiragana and half-width kana are converted). */
  nameKana: string
  /** Payer phone number, 10 or 11 digits (hyphens allowed). */
  telNo: string
}

/** What the notification route answers the gateway, and whether Medusa's webhook pipeline should now be told. */
export interface NotificationReceipt {
  /** escott-flows' decision. */
  outcome: NotificationOutcome
  /** The HTTP answer (the acknowledgement only once the notification is recorded). */
  status: number
  body: string
  /** The first verified payment of a session: hand these fields to `getWebhookActionAndData` through the pipeline. */
  webhook?: { MerchantFree1: string }
}

function field(name: string, ja: string, en: string): never {
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `escott: data.${name}: ${en} / ${ja}`)
}

function parsePayer(data: Record<string, unknown> | undefined): CvsPayer {
  const d = data ?? {}
  const nameKanji = typeof d.nameKanji === 'string' ? d.nameKanji.normalize('NFKC').trim() : ''
  if (!nameKanji || nameKanji.length > 20) field('nameKanji', 'お名前（漢字）を20文字以内で入力してください', 'enter the payer name in kanji, at most 20 characters')
  const nameKana = typeof d.nameKana === 'string' ? toFullWidthKatakana(d.nameKana.trim()) : ''
  if (!/^[\u30A1-\u30F6\u30FC\u3000]{1,20}$/.test(nameKana)) field('nameKana', 'お名前（カナ）を全角カタカナ20文字以内で入力してください', 'enter the payer name in katakana, at most 20 characters')
  const telNo = typeof d.telNo === 'string' ? d.telNo.normalize('NFKC').replace(/[-\s()]/g, '') : ''
  if (!/^0\d{9,10}$/.test(telNo)) field('telNo', '電話番号を10桁または11桁の数字で入力してください', 'enter a Japanese phone number of 10 or 11 digits')
  return { nameKanji, nameKana, telNo }
}

export class EscottCvsProviderService extends EscottBase {
  static override identifier = 'escott-cvs'

  protected async view(s: PaymentSessionRecord) {
    return cvsView(s)
  }

  /** The gateway amount (order total + fee from the fee tiers), or the refusal when the total cannot be paid at a store. */
  private quote(medusaAmount: number): { fee: number; amount: number } {
    const quote = cvsQuote(medusaAmount, this.options_.cvs.fee)
    if (quote.available) return quote
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      this.options_.language === 'ja' ? 'このご注文金額ではコンビニ払いをご利用いただけません。' : 'Convenience-store payment is not available for this order total.',
      'escott_cvs_unavailable',
    )
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    assertYen(input.currency_code)
    const medusaAmount = toYen(input.amount, 'amount', MAX_CVS_AMOUNT)
    const { fee, amount } = this.quote(medusaAmount)
    const payer = parsePayer(input.data)
    const id = this.sessionIdOf(input)
    await this.ready()
    const session = await this.sessions.create({
      id,
      merchantFree1: merchantFree1For(id),
      customerId: null,
      amount,
      method: 'cvs',
      extras: { merchantId: this.options_.escott.merchantId, medusaAmount, cvs: { payer, fee } },
    })
    return { id, status: PaymentSessionStatus.PENDING, data: await this.dataOf(input.data, session) }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    let s = await this.sessionOf(input)
    if (input.amount !== undefined && s.status === 'pending') {
      assertYen(input.currency_code)
      const medusaAmount = toYen(input.amount, 'amount', MAX_CVS_AMOUNT)
      if (medusaAmount !== s.extras.medusaAmount) {
        const { fee, amount } = this.quote(medusaAmount)
        if (await this.sessions.update(s.id, { amount }, ['pending'])) s = (await this.sessions.setExtras(s.id, { medusaAmount, cvs: { ...s.extras.cvs!, fee } })) ?? s
      }
    }
    return { data: await this.dataOf(input.data, s) }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const s = await this.sessionOf(input)
    switch (s.status) {
      case 'pending':
        return this.register(s, input.data)
      case 'unpaid':
        return { status: PaymentSessionStatus.PENDING_AUTHORIZATION, data: await this.dataOf(input.data, s) }
      case 'paid':
        // Recorded by the notification policy from a verified notification of this payment's ProcessId.
        return { status: PaymentSessionStatus.CAPTURED, data: await this.dataOf(input.data, s) }
      case 'canceled':
        return { status: PaymentSessionStatus.CANCELED, data: await this.dataOf(input.data, s) }
      default:
        this.unreconciled(s)
    }
  }

  /** 2Add: the payment slip. The order can be placed; Medusa waits for the notification. */
  private async register(s: PaymentSessionRecord, data: Record<string, unknown> | undefined): Promise<AuthorizePaymentOutput> {
    const deps = await this.flows()
    const claimed = await this.sessions.update(s.id, { status: 'processing', method: 'cvs', lastError: null }, ['pending'])
    if (!claimed) return this.authorizePayment({ data: { ...data, session_id: s.id } })
    const outcome = await createCvsPayment(deps, {
      order: claimed,
      params: { payLimit: this.options_.cvs.payLimitDays, ...s.extras.cvs!.payer, productName: this.options_.cvs.productName },
    })
    if (outcome.kind !== 'charged') throw outcomeError(outcome, s.merchantFree1, this.options_.language)
    return { status: PaymentSessionStatus.PENDING_AUTHORIZATION, data: await this.dataOf(data, outcome.order as PaymentSessionRecord) }
  }

  /** Paid at the store means captured: Medusa captured it when authorizePayment answered `captured`. */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const s = await this.sessionOf(input)
    if (s.status !== 'paid') throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: a convenience-store payment is captured when the shopper pays at the store; it has not been paid yet')
    return { data: await this.dataOf(input.data, s) }
  }

  async refundPayment(_input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: e-SCOTT cannot refund a convenience-store payment once paid; return the money to the shopper another way (e.g. bank transfer)')
  }

  /** 2Del for a registered, unpaid payment, so the slip stops working; a session never registered is simply closed. */
  protected async close(s: PaymentSessionRecord, deleting: boolean): Promise<PaymentSessionRecord> {
    switch (s.status) {
      case 'canceled':
        return s
      case 'paid':
        if (deleting) return s
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: this convenience-store payment was already paid at the store')
      case 'needs_reconciliation':
        if (deleting) return s
        this.unreconciled(s)
      case 'unpaid': {
        const outcome = await runPaymentOperation(await this.flows(), { order: s, operation: 'cancel' })
        if (outcome.kind === 'done') return outcome.order as PaymentSessionRecord
        if (outcome.kind === 'not_allowed') throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: this convenience-store payment can no longer be canceled')
        throw outcomeError(outcome, s.merchantFree1, this.options_.language)
      }
    }
    const closed = await this.sessions.update(s.id, { status: 'canceled', method: 'cvs' }, ['pending'])
    return closed ?? this.close((await this.sessions.get(s.id)) ?? s, deleting)
  }

  /** The gateway's record (2Ref) of a registered payment. */
  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const s = await this.sessionOf(input)
    const data = await this.dataOf(input.data, s)
    const { processId, processPass } = s.payment
    if (!processId || !processPass) return { data }
    try {
      const info = await this.runtime.escott.cvs.retrieve({ processId, processPass, merchantFree1: s.merchantFree1 })
      return { data: { ...data, gateway: { paid: info.paid, amount: info.amount, cvsCd: info.cvsCd, paidAt: info.paidAt?.toISOString() } } }
    } catch (err) {
      this.fail(err, '2Ref', s)
    }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const s = await this.sessionOf(input)
    const status =
      s.status === 'paid'
        ? PaymentSessionStatus.CAPTURED
        : s.status === 'unpaid'
          ? PaymentSessionStatus.PENDING_AUTHORIZATION
          : s.status === 'canceled'
            ? PaymentSessionStatus.CANCELED
            : s.status === 'needs_reconciliation'
              ? PaymentSessionStatus.ERROR
              : PaymentSessionStatus.PENDING
    return { status, data: await this.dataOf(undefined, s) }
  }

  /**
   * The gateway's payment notification (入金結果通知), from the plugin route, as received (raw body): escott-flows'
   * notification policy decides (verify source address, HashCd, MerchantId and amount; record once; journal what a
   * person must see) and the answer is its response.
   */
  async receiveNotification(rawBody: string, remoteAddress: string | undefined): Promise<NotificationReceipt> {
    const outcome = await handleCvsNotification(await this.flows(), { body: rawBody, remoteAddress, allowedIps: this.options_.cvs.notificationIps })
    const response = notificationResponse(outcome)
    const first = outcome.kind === 'applied' && outcome.order.method === 'cvs'
    return { outcome, ...response, ...(first && { webhook: { MerchantFree1: outcome.order.merchantFree1 } }) }
  }

  /**
   * Medusa's webhook pipeline. Anyone can POST to /hooks/payment/…, so nothing in the payload is trusted but the link
   * key: "captured" only for a session the notification policy recorded as paid.
   */
  override async getWebhookActionAndData(payload: ProviderWebhookPayload['payload']): Promise<WebhookActionResult> {
    const mf1 = (payload?.data as Record<string, unknown> | undefined)?.MerchantFree1
    await this.ready()
    const s = typeof mf1 === 'string' && mf1 ? await this.sessions.getByMerchantFree1(mf1) : undefined
    if (!s || s.method !== 'cvs' || s.status !== 'paid') return { action: PaymentActions.NOT_SUPPORTED }
    return { action: PaymentActions.SUCCESSFUL, data: { session_id: s.id, amount: s.extras.medusaAmount } }
  }

  /** For the scheduled job: unpaid payments past their deadline are canceled at the gateway (2Del). */
  async expireDue(now = new Date()): Promise<PaymentSessionRecord[]> {
    await this.ready()
    const expired: PaymentSessionRecord[] = []
    for (const s of await this.sessions.listUnpaidCvs()) {
      if (!isCvsExpired(s, now)) continue
      const outcome = await runPaymentOperation(await this.flows(), { order: s, operation: 'cancel' })
      if (outcome.kind === 'done') expired.push(outcome.order as PaymentSessionRecord)
      else
        this.logger?.warn(
          `escott: convenience-store payment ${s.merchantFree1} is past its deadline but was not canceled (${outcome.kind}); the next run tries again, or a payment notification settles it`,
        )
    }
    return expired
  }
}
