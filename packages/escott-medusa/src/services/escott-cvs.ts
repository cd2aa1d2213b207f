/**
 * `pp_escott-cvs_<id>`: convenience-store (konbini) payments, e-SCOTT's online payment collection (OCNV005).
 *
 * authorizePayment registers the payment (2Add) and answers `pending_authorization` with the payment slip, so the
 * order is placed and waits. The gateway's payment notification reaches the plugin route, which verifies and
 * records it and hands it to Medusa's webhook pipeline; the pipeline calls authorizePayment again, which confirms
 * the payment with the gateway's own record (2Ref) and answers `captured`. Past the deadline, the plugin's
 * scheduled job cancels it (Medusa ignores cancelled webhooks).
 */
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
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
import { MAX_CVS_AMOUNT, cvsFee, isCvsAvailable, NOTIFICATION_ACK, NOTIFICATION_NACK, toFullWidthKatakana } from 'escott-core'
import { EscottBase, merchantFree1For } from '../core/escott-base'
import { isEscott, isOutcomeUnknown, storedError } from '../core/errors'
import { assertYen, toYen } from '../core/money'
import type { SessionRecord } from '../store/types'

/** What the storefront sends as the convenience-store session's data. */
export interface CvsSessionInput {
  /** Payer name in kanji (≤ 20 characters), e.g. 山田太郎. */
  nameKanji: string
  /** Payer name in katakana (≤ 20; hiragana and half-width kana are converted). */
  nameKana: string
  /** Payer phone number, 10 or 11 digits (hyphens allowed). */
  telNo: string
}

/** What the notification route answers the gateway, and whether Medusa should now be told. */
export interface NotificationOutcome {
  status: number
  body: string
  /** The session to hand to Medusa's webhook pipeline (first delivery of a verified payment). */
  sessionId?: string
  /** Fields for `getWebhookActionAndData`, secrets removed. */
  payload?: Record<string, string>
}

function field(name: string, ja: string, en: string): never {
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `escott: data.${name}: ${en} / ${ja}`)
}

function parsePayer(data: Record<string, unknown> | undefined): CvsSessionInput {
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

  protected publicData(rec: SessionRecord): Record<string, unknown> {
    const c = rec.cvs
    return {
      method: 'cvs',
      merchantFree1: rec.merchantFree1,
      state: rec.state,
      amount: rec.amount,
      fee: c?.fee ?? cvsFee(rec.amount, this.options_.cvs.fee),
      ...(c && {
        slip: {
          kessaiNumber: c.kessaiNumber,
          paymentPageUrl: c.paymentPageUrl,
          paymentPageUrlForMail: c.paymentPageUrlForMail,
          payLimit: c.payLimit,
          amount: c.chargedAmount,
          fee: c.fee,
          paidAt: c.paidAt,
          cvsCd: c.cvsCd,
        },
      }),
      ...(rec.error && { error: rec.error }),
    }
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    assertYen(input.currency_code)
    const amount = toYen(input.amount, 'amount', MAX_CVS_AMOUNT)
    const fees = this.options_.cvs.fee
    if (!isCvsAvailable(amount, fees)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        this.options_.language === 'ja' ? 'このご注文金額ではコンビニ払いをご利用いただけません。' : 'Convenience-store payment is not available for this order total.',
        'escott_cvs_unavailable',
      )
    }
    const payer = parsePayer(input.data)
    const sessionId = this.sessionIdOf(input)
    const rec = await this.store.createSession({
      sessionId,
      method: 'cvs',
      merchantFree1: merchantFree1For(sessionId),
      amount,
      state: 'pending',
      payer,
      customerEmail: input.context?.customer?.email,
    })
    return { id: sessionId, status: PaymentSessionStatus.PENDING, data: this.dataOf(input.data, rec) }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    let rec = await this.recordOf(input)
    if (input.amount !== undefined && rec.state === 'pending') {
      assertYen(input.currency_code)
      const amount = toYen(input.amount, 'amount', MAX_CVS_AMOUNT)
      if (amount !== rec.amount) rec = (await this.store.updateSession(rec.sessionId, { amount }, ['pending'])) ?? rec
    }
    return { data: this.dataOf(input.data, rec) }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const rec = await this.recordOf(input)
    switch (rec.state) {
      case 'pending':
        return this.register(rec, input.data)
      case 'cvs_pending':
      case 'cvs_paid':
        return this.confirm(rec, input.data)
      case 'canceled':
      case 'cvs_expired':
        return { status: PaymentSessionStatus.CANCELED, data: this.dataOf(input.data, rec) }
      case 'needs_reconciliation':
        this.fail(Object.assign(new Error('outcome unknown'), { name: 'EscottOutcomeUnknownError', merchantFree1: rec.merchantFree1 }), '2Add', rec)
      default:
        throw new MedusaError(MedusaError.Types.CONFLICT, 'escott: this payment is being registered by another request; try again in a moment')
    }
  }

  /** 2Add: the payment slip. The order can be placed; Medusa waits for the notification. */
  private async register(rec: SessionRecord, data: Record<string, unknown> | undefined): Promise<AuthorizePaymentOutput> {
    const claimed = await this.store.updateSession(rec.sessionId, { state: 'authorizing' }, ['pending'])
    if (!claimed) return this.authorizePayment({ data: { ...data, session_id: rec.sessionId } })
    const fee = cvsFee(rec.amount, this.options_.cvs.fee)
    const chargedAmount = rec.amount + fee
    try {
      const payment = await this.journaled(
        rec,
        '2Add',
        chargedAmount,
        () =>
          this.escott.cvs.create({
            amount: chargedAmount,
            payLimit: this.options_.cvs.payLimitDays,
            ...rec.payer!,
            productName: this.options_.cvs.productName,
            merchantFree1: rec.merchantFree1,
          }),
        (p) => ({ processId: p.processId, kessaiNumber: p.kessaiNumber, payLimit: p.payLimit.toISOString() }),
      )
      const done = (await this.store.updateSession(
        rec.sessionId,
        {
          state: 'cvs_pending',
          cvs: {
            processId: payment.processId,
            processPass: payment.processPass,
            kessaiNumber: payment.kessaiNumber,
            paymentPageUrl: payment.paymentPageUrl,
            paymentPageUrlForMail: payment.paymentPageUrlForMail,
            payLimit: payment.payLimit.toISOString(),
            fee,
            chargedAmount,
          },
        },
        ['authorizing'],
      ))!
      this.logger?.info(`escott: convenience-store payment ${rec.merchantFree1} registered, due ${payment.payLimit.toISOString()}`)
      return { status: PaymentSessionStatus.PENDING_AUTHORIZATION, data: this.dataOf(data, done) }
    } catch (err) {
      const unknown = !isEscott(err) || isOutcomeUnknown(err)
      await this.store.updateSession(rec.sessionId, unknown ? { state: 'needs_reconciliation', error: storedError(err) } : { state: 'pending', error: storedError(err) }, ['authorizing'])
      this.fail(err, '2Add', rec)
    }
  }

  /** Re-entry (webhook pipeline, retries): the gateway's record decides whether it was paid. */
  private async confirm(rec: SessionRecord, data: Record<string, unknown> | undefined): Promise<AuthorizePaymentOutput> {
    const c = rec.cvs!
    const info = await this.escott.cvs.retrieve({ processId: c.processId, processPass: c.processPass, merchantFree1: rec.merchantFree1 }).catch((err) => this.fail(err, '2Ref', rec))
    if (!info.paid) return { status: PaymentSessionStatus.PENDING_AUTHORIZATION, data: this.dataOf(data, rec) }
    if (info.amount !== undefined && info.amount !== c.chargedAmount) {
      this.logger?.error(`escott: convenience-store payment ${rec.merchantFree1} was paid with ${info.amount} yen, expected ${c.chargedAmount}: not captured, check the e-SCOTT console`)
      return { status: PaymentSessionStatus.ERROR, data: this.dataOf(data, rec) }
    }
    const done =
      (await this.store.updateSession(rec.sessionId, {
        state: 'cvs_paid',
        cvs: { ...c, paidAt: c.paidAt ?? info.paidAt?.toISOString(), cvsCd: c.cvsCd ?? info.cvsCd },
      })) ?? rec
    return { status: PaymentSessionStatus.CAPTURED, data: this.dataOf(data, done) }
  }

  /** Paid at the store means captured: Medusa captured it when authorizePayment answered `captured`. */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const rec = await this.recordOf(input)
    if (rec.state !== 'cvs_paid') throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: a convenience-store payment is captured when the shopper pays at the store; it has not been paid yet')
    return { data: this.dataOf(input.data, rec) }
  }

  async refundPayment(_input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      'escott: e-SCOTT cannot refund a convenience-store payment once paid; return the money to the shopper another way (e.g. bank transfer)',
    )
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: this.dataOf(input.data, await this.cancelRecord(await this.recordOf(input))) }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const id = input.data?.session_id
    const rec = typeof id === 'string' ? await this.store.getSession(id) : undefined
    if (!rec) return { data: input.data ?? {} }
    if (rec.state === 'cvs_paid') return { data: this.dataOf(input.data, rec) }
    return { data: this.dataOf(input.data, await this.cancelRecord(rec)) }
  }

  /** 2Del for a registered, unpaid payment, so the slip stops working. */
  async cancelRecord(rec: SessionRecord, state: 'canceled' | 'cvs_expired' = 'canceled'): Promise<SessionRecord> {
    if (rec.state === 'canceled' || rec.state === 'cvs_expired') return rec
    if (rec.state === 'cvs_paid') throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: this convenience-store payment was already paid')
    const c = rec.cvs
    if (c) {
      const info = await this.escott.cvs.retrieve({ processId: c.processId, processPass: c.processPass }).catch(() => undefined)
      if (info?.paid) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: this convenience-store payment was already paid at the store')
      try {
        await this.journaled(rec, '2Del', c.chargedAmount, () => this.escott.cvs.cancel({ processId: c.processId, processPass: c.processPass, merchantFree1: rec.merchantFree1 }), () => ({}))
      } catch (err) {
        // An expired payment may already be closed at the gateway (K14): nothing can be paid any more either way.
        if (state !== 'cvs_expired') this.fail(err, '2Del', rec)
      }
    }
    return (await this.store.updateSession(rec.sessionId, { state })) ?? rec
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const rec = await this.recordOf(input)
    const c = rec.cvs
    if (!c) return { data: this.dataOf(input.data, rec) }
    const info = await this.escott.cvs.retrieve({ processId: c.processId, processPass: c.processPass }).catch((err) => this.fail(err, '2Ref', rec))
    return { data: { ...this.dataOf(input.data, rec), gateway: { paid: info.paid, amount: info.amount, cvsCd: info.cvsCd, paidAt: info.paidAt?.toISOString() } } }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const rec = await this.recordOf(input)
    const status =
      rec.state === 'cvs_paid'
        ? PaymentSessionStatus.CAPTURED
        : rec.state === 'cvs_pending'
          ? PaymentSessionStatus.PENDING_AUTHORIZATION
          : rec.state === 'canceled' || rec.state === 'cvs_expired'
            ? PaymentSessionStatus.CANCELED
            : rec.state === 'needs_reconciliation'
              ? PaymentSessionStatus.ERROR
              : PaymentSessionStatus.PENDING
    return { status, data: this.dataOf(undefined, rec) }
  }

  /**
   * The gateway's payment notification (入金結果通知), from the plugin route. Verified (source address, HashCd,
   * MerchantId, amount), matched to the session it was registered for, and recorded before the acknowledgement is
   * answered; a replay is acknowledged and changes nothing.
   */
  async receiveNotification(body: Record<string, unknown>, remoteAddress: string | undefined): Promise<NotificationOutcome> {
    const mf1 = typeof body.MerchantFree1 === 'string' ? body.MerchantFree1 : undefined
    const rec = mf1 ? await this.store.findSessionByMerchantFree1(mf1) : undefined
    let n
    try {
      n = this.escott.cvs.verifyNotification(body, {
        remoteAddress,
        allowedIps: this.options_.cvs.notificationIps,
        ...(rec?.cvs && { expectedAmount: rec.cvs.chargedAmount }),
      })
    } catch (err) {
      const reason = (err as { reason?: string }).reason ?? 'invalid'
      this.logger?.warn(`escott: payment notification rejected (${reason}) from ${remoteAddress ?? '?'} for ${mf1 ?? '?'}: ${(err as Error).message}`)
      return { status: 403, body: NOTIFICATION_NACK }
    }
    if (!rec?.cvs || rec.cvs.processId !== n.processId) {
      // Not ours (another system on the same merchant): acknowledged, since sending it again cannot help.
      this.logger?.warn(`escott: payment notification for unknown payment ${mf1 ?? '?'} (ProcessId ${n.processId}) acknowledged and ignored`)
      return { status: 200, body: NOTIFICATION_ACK }
    }
    if (!n.paid) {
      this.logger?.info(`escott: notification for ${rec.merchantFree1} with Condition ${n.condition ?? '?'}: not a payment, nothing to do`)
      return { status: 200, body: NOTIFICATION_ACK }
    }
    try {
      const first = await this.store.recordNotification({ processId: n.processId, recvNum: n.recvNum }, { merchantFree1: rec.merchantFree1, amount: n.amount, cvsCd: n.cvsCd, nyukinDate: n.nyukinDate })
      if (first) {
        await this.store.updateSession(rec.sessionId, { state: 'cvs_paid', cvs: { ...rec.cvs, paidAt: n.paidAt?.toISOString(), cvsCd: n.cvsCd, recvNum: n.recvNum } }, ['cvs_pending'])
        this.logger?.info(`escott: convenience-store payment ${rec.merchantFree1} paid at ${n.cvsCd ?? '?'} (${n.amount} yen)`)
      }
      return { status: 200, body: NOTIFICATION_ACK, sessionId: rec.sessionId, payload: { MerchantFree1: rec.merchantFree1, ProcessId: n.processId, RecvNum: n.recvNum } }
    } catch (err) {
      // Not recorded: the gateway must send it again.
      this.logger?.error(`escott: payment notification for ${rec.merchantFree1} could not be recorded: ${(err as Error).message}`)
      return { status: 500, body: NOTIFICATION_NACK }
    }
  }

  /**
   * Medusa's webhook pipeline. Anyone can POST to /hooks/payment/…, so nothing in the payload is trusted: the
   * session comes from our record and "paid" from the gateway's own record (2Ref with the stored ProcessPass).
   */
  override async getWebhookActionAndData(payload: ProviderWebhookPayload['payload']): Promise<WebhookActionResult> {
    const d = (payload?.data ?? {}) as Record<string, unknown>
    const mf1 = typeof d.MerchantFree1 === 'string' ? d.MerchantFree1 : undefined
    const rec = mf1 ? await this.store.findSessionByMerchantFree1(mf1) : undefined
    if (!rec?.cvs || rec.method !== 'cvs') return { action: PaymentActions.NOT_SUPPORTED }
    const c = rec.cvs
    const info = await this.escott.cvs.retrieve({ processId: c.processId, processPass: c.processPass }).catch(() => undefined)
    if (!info?.paid || (info.amount !== undefined && info.amount !== c.chargedAmount)) return { action: PaymentActions.NOT_SUPPORTED }
    return { action: PaymentActions.SUCCESSFUL, data: { session_id: rec.sessionId, amount: rec.amount } }
  }

  /** For the scheduled job: unpaid payments past their deadline are cancelled at the gateway. */
  async expireDue(now = new Date()): Promise<SessionRecord[]> {
    const due = await this.store.listExpiredCvs(now)
    const done: SessionRecord[] = []
    for (const rec of due) {
      try {
        const c = rec.cvs!
        const info = await this.escott.cvs.retrieve({ processId: c.processId, processPass: c.processPass }).catch(() => undefined)
        if (info?.paid) continue // paid at the last minute: the notification (or its retry) captures it
        done.push(await this.cancelRecord(rec, 'cvs_expired'))
      } catch (err) {
        this.logger?.error(`escott: could not expire convenience-store payment ${rec.merchantFree1}: ${(err as Error).message}`)
      }
    }
    return done
  }
}
