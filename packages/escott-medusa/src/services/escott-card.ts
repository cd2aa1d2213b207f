/**
 * `pp_escott-card_<id>`: card payments with tokens, EMV 3-D Secure and saved cards (e-SCOTT members).
 *
 * 3-D Secure runs before cart completion through the plugin's store routes (authentication only, OperateId 3Secure,
 * or a 3-D Secure card registration); the verified result is kept server-side and the cart completion's
 * authorizePayment sends it with 1Auth, so the gateway itself checks it was a passed, unused authentication.
 */
import type {
  AccountHolderDTO,
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  CreateAccountHolderInput,
  CreateAccountHolderOutput,
  DeleteAccountHolderInput,
  DeleteAccountHolderOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ListPaymentMethodsInput,
  ListPaymentMethodsOutput,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  SavePaymentMethodInput,
  SavePaymentMethodOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
} from '@medusajs/framework/types'
import { MedusaError, PaymentSessionStatus } from '@medusajs/framework/utils'
import { detectBrand, storedCardDeletion, type ThreeDSecureRequest } from 'escott-core'
import { EscottBase, merchantFree1For } from '../core/escott-base'
import { isEscott, isOutcomeUnknown, storedError } from '../core/errors'
import { memberRef, newKaiinId, placeholderMember, planRegistration } from '../core/members'
import { assertYen, toYen } from '../core/money'
import type { CardCharge, MemberRecord, SessionRecord, ThreeDSecureTrip } from '../store/types'

const PAY_TYPE = /^(01|0[2-9]|[1-6]\d|7[0-2]|80|88)$/
const TOKEN = /^[A-Za-z0-9]{1,64}$/

/** What the storefront sends as the card session's data. */
export interface CardSessionInput {
  /** Token from the e-SCOTT token script (a new card). */
  token?: string
  /** A saved card (the id from `GET /store/escott/payment-methods`). */
  paymentMethodId?: string
  /** `01` lump sum (default), `02`–`72` instalments, `80` bonus, `88` revolving. */
  payType?: string
  /** Save the new card for this (logged-in) customer. */
  saveCard?: boolean
}

/** What the 3-D Secure start route hands over. */
export interface StartThreeDSecureInput {
  cardholderName: string
  email: string
  redirectUrl: string
  postUrl: string
  /** Storefront page the browser returns to afterwards. */
  returnUrl?: string | undefined
}

/** Result of applying a 3-D Secure return. */
export type ThreeDSecureOutcome =
  | { kind: 'applied' | 'already_applied'; record: SessionRecord; passed: boolean }
  | { kind: 'stale'; record: SessionRecord }
  | { kind: 'invalid'; reason: 'rejected' | 'unknown_session' | 'unknown_trip' }

function holderIdOf(holder: { id?: string; external_id?: string; data?: Record<string, unknown> } | undefined): string | undefined {
  const fromData = holder?.data?.kaiinId
  if (typeof fromData === 'string' && fromData) return fromData
  return holder?.external_id || undefined
}

function parseCardInput(data: Record<string, unknown> | undefined): CardSessionInput {
  const d = data ?? {}
  const out: CardSessionInput = {}
  if (d.token !== undefined && d.token !== null && d.token !== '') {
    if (typeof d.token !== 'string' || !TOKEN.test(d.token)) throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: data.token must be the token string from the e-SCOTT token script')
    out.token = d.token
  }
  if (d.paymentMethodId !== undefined && d.paymentMethodId !== null && d.paymentMethodId !== '') {
    if (typeof d.paymentMethodId !== 'string') throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: data.paymentMethodId must be a saved card id from GET /store/escott/payment-methods')
    out.paymentMethodId = d.paymentMethodId
  }
  if (out.token && out.paymentMethodId) throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: give data.token (a new card) or data.paymentMethodId (a saved card), not both')
  if (d.payType !== undefined) {
    if (typeof d.payType !== 'string' || !PAY_TYPE.test(d.payType)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "escott: data.payType must be '01' (lump sum), '02'–'72' (instalments), '80' (bonus) or '88' (revolving)")
    }
    out.payType = d.payType
  }
  if (d.saveCard !== undefined) {
    if (typeof d.saveCard !== 'boolean') throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: data.saveCard must be true or false')
    out.saveCard = d.saveCard
  }
  return out
}

const nowIso = () => new Date().toISOString()

export class EscottCardProviderService extends EscottBase {
  static override identifier = 'escott-card'

  protected publicData(rec: SessionRecord): Record<string, unknown> {
    const last = rec.trips?.[rec.trips.length - 1]
    const c = rec.charge
    return {
      method: 'card',
      merchantFree1: rec.merchantFree1,
      state: rec.state,
      amount: rec.amount,
      payType: rec.card?.payType,
      savedCard: rec.card?.kaiinId !== undefined,
      saveCard: rec.card?.saveCard ?? false,
      hasCard: Boolean(rec.card?.token || rec.card?.kaiinId),
      threeDSecure: {
        required: this.options_.threeDSecureRequired,
        available: this.options_.threeDSecure,
        status: !last ? 'not_started' : !last.result ? 'started' : last.result.passed ? 'passed' : 'failed',
        startPath: `/store/escott/3ds/${rec.sessionId}`,
        ...(last?.result?.error && { error: last.result.error }),
      },
      ...(c && {
        charge: {
          processId: c.processId,
          approveNo: c.approveNo,
          transactionId: c.transactionId,
          amount: c.amount,
          currentAmount: c.currentAmount,
          refunded: c.refunded,
          authorizedAt: c.authorizedAt,
          capturedAt: c.capturedAt,
          canceledAt: c.canceledAt,
        },
      }),
      ...(rec.error && { error: rec.error }),
    }
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    assertYen(input.currency_code)
    const amount = toYen(input.amount)
    const sessionId = this.sessionIdOf(input)
    const card = parseCardInput(input.data)
    const holderId = holderIdOf(input.context?.account_holder as AccountHolderDTO | undefined)
    let kaiinId: string | undefined
    if (card.paymentMethodId) {
      const member = holderId ? await this.store.getMember(holderId) : undefined
      // A saved card is usable only by the customer it belongs to: the account holder comes from Medusa's session.
      if (!member || member.kaiinId !== card.paymentMethodId || !member.registered || member.deletedAt) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: that saved card is not one of this customer’s cards; list them with GET /store/escott/payment-methods')
      }
      kaiinId = member.kaiinId
    }
    if (card.saveCard && !holderId) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: saveCard needs a logged-in customer (an account holder); guests pay without saving the card')
    }
    const rec = await this.store.createSession({
      sessionId,
      method: 'card',
      merchantFree1: merchantFree1For(sessionId),
      amount,
      state: this.options_.threeDSecureRequired ? 'pending' : 'ready',
      accountHolderId: holderId,
      customerEmail: input.context?.customer?.email,
      card: { token: card.token, payType: card.payType ?? '01', saveCard: card.saveCard ?? false, kaiinId },
      trips: [],
    })
    return { id: sessionId, status: PaymentSessionStatus.PENDING, data: this.dataOf(input.data, rec) }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    let rec = await this.recordOf(input)
    if (input.amount !== undefined && ['pending', 'ready', 'awaiting_3ds'].includes(rec.state)) {
      assertYen(input.currency_code)
      const amount = toYen(input.amount)
      if (amount !== rec.amount) {
        // 3-D Secure authenticated another amount: the shopper authenticates again.
        rec =
          (await this.store.updateSession(
            rec.sessionId,
            { amount, ...(this.options_.threeDSecureRequired && { state: 'pending', trips: [] }) },
            ['pending', 'ready', 'awaiting_3ds'],
          )) ?? rec
      }
    }
    return { data: this.dataOf(input.data, rec) }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const rec = await this.settled(await this.recordOf(input))
    switch (rec.state) {
      case 'authorized':
        return { status: PaymentSessionStatus.AUTHORIZED, data: this.dataOf(input.data, rec) }
      case 'captured':
        return { status: PaymentSessionStatus.CAPTURED, data: this.dataOf(input.data, rec) }
      case 'canceled':
        return { status: PaymentSessionStatus.CANCELED, data: this.dataOf(input.data, rec) }
      case 'needs_reconciliation':
        this.fail(Object.assign(new Error('outcome unknown'), { name: 'EscottOutcomeUnknownError', merchantFree1: rec.merchantFree1 }), '1Auth', rec)
      case 'pending':
      case 'awaiting_3ds':
        if (this.options_.threeDSecureRequired) return { status: PaymentSessionStatus.REQUIRES_MORE, data: this.dataOf(input.data, rec) }
    }
    if (!rec.card?.token && !rec.card?.kaiinId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: no card for this payment session: create it with data.token (token script) or data.paymentMethodId (a saved card)')
    }
    const claimed = await this.store.updateSession(rec.sessionId, { state: 'authorizing', error: undefined }, ['pending', 'ready'])
    if (!claimed) return this.authorizePayment(input) // another request moved it: answer from its result
    return this.authorizeClaimed(claimed, input.data)
  }

  /** Waits a little for a concurrent authorisation of the same session (Medusa re-entry) to finish. */
  private async settled(rec: SessionRecord): Promise<SessionRecord> {
    const deadline = Date.now() + 15_000
    let r = rec
    while (r.state === 'authorizing' && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 100))
      r = (await this.store.getSession(r.sessionId)) ?? r
    }
    if (r.state === 'authorizing') throw new MedusaError(MedusaError.Types.CONFLICT, 'escott: this payment is being authorised by another request; try again in a moment')
    return r
  }

  private async authorizeClaimed(rec: SessionRecord, data: Record<string, unknown> | undefined): Promise<AuthorizePaymentOutput> {
    const card = rec.card!
    const trip = rec.trips?.[rec.trips.length - 1]
    const threeDSecure = trip?.result?.passed ? trip.result.data : undefined
    try {
      let member: MemberRecord | undefined
      if (card.kaiinId) {
        member = rec.accountHolderId ? await this.store.getMember(rec.accountHolderId) : undefined
        if (!member || member.kaiinId !== card.kaiinId) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: the saved card of this session is no longer available')
      } else if (card.saveCard && rec.accountHolderId) {
        member = trip?.registerMember && trip.result?.passed ? await this.store.getMember(rec.accountHolderId) : await this.registerWithToken(rec)
      }
      const capture = this.options_.capture
      const operation = capture ? '1Gathering' : '1Auth'
      const tx = await this.journaled(
        rec,
        operation,
        rec.amount,
        () =>
          this.escott.card.authorize({
            amount: rec.amount,
            ...(member ? { member: memberRef(member) } : { token: card.token! }),
            payType: card.payType,
            capture,
            merchantFree1: rec.merchantFree1,
            ...(threeDSecure && { threeDSecure }),
          }),
        (t) => ({ processId: t.processId, status: t.status, approveNo: t.approveNo }),
      )
      const at = nowIso()
      const charge: CardCharge = {
        processId: tx.processId,
        processPass: tx.processPass,
        kaiinId: member?.kaiinId,
        amount: rec.amount,
        currentAmount: rec.amount,
        operation,
        approveNo: tx.approveNo,
        transactionId: tx.transactionId,
        authorizedAt: at,
        ...(capture && { capturedAt: at }),
        refunded: 0,
        appliedKeys: [],
      }
      const state = capture ? 'captured' : 'authorized'
      const done = (await this.store.updateSession(rec.sessionId, { state, charge, card: { ...card, token: undefined } }, ['authorizing']))!
      if (member) await this.store.saveMember({ ...member, authorizations: [...member.authorizations, at] })
      return { status: capture ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.AUTHORIZED, data: this.dataOf(data, done) }
    } catch (err) {
      if (err instanceof MedusaError) {
        await this.store.updateSession(rec.sessionId, { state: this.options_.threeDSecureRequired ? 'pending' : 'ready' }, ['authorizing'])
        throw err
      }
      const unknown = !isEscott(err) || isOutcomeUnknown(err)
      // A refused token or 3-D Secure result cannot be used again: the shopper enters the card anew.
      await this.store.updateSession(
        rec.sessionId,
        unknown
          ? { state: 'needs_reconciliation', error: storedError(err) }
          : { state: this.options_.threeDSecureRequired ? 'pending' : 'ready', error: storedError(err), trips: [], card: { ...card, token: card.kaiinId ? undefined : card.token } },
        ['authorizing'],
      )
      this.fail(err, this.options_.capture ? '1Gathering' : '1Auth', rec)
    }
  }

  /** Saves the session's new card without 3-D Secure (4MemAdd / 4MemChg with the token), then pays with the member. */
  private async registerWithToken(rec: SessionRecord): Promise<MemberRecord> {
    const { member, kind } = await planRegistration(this.escott, this.store, rec.accountHolderId!)
    const token = rec.card!.token!
    await this.journaled(
      rec,
      kind === 'create' ? '4MemAdd' : '4MemChg',
      undefined,
      () => (kind === 'create' ? this.escott.members.create({ ...memberRef(member), token }) : this.escott.members.update({ ...memberRef(member), token })),
      () => ({ kaiinId: member.kaiinId }),
    )
    const saved = { ...member, registered: true }
    await this.store.saveMember(saved)
    return saved
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const rec = await this.recordOf(input)
    const c = rec.charge
    if (!c) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: nothing authorised to capture for this payment')
    if (rec.state === 'captured' || c.capturedAt) return { data: this.dataOf(input.data, rec) }
    if (rec.state !== 'authorized') throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `escott: a ${rec.state} payment cannot be captured`)
    const ref = await this.processRef(c)
    try {
      await this.journaled(rec, '1Capture', c.currentAmount, () => this.escott.card.capture({ ...ref, merchantFree1: rec.merchantFree1 }), () => ({}))
    } catch (err) {
      // Captured already (an earlier attempt whose answer was lost): the gateway's record says so.
      if (!(await this.gatewaySaysCaptured(ref))) this.fail(err, '1Capture', rec)
    }
    const done = (await this.store.updateSession(rec.sessionId, { state: 'captured', charge: { ...c, capturedAt: nowIso() } }))!
    return { data: this.dataOf(input.data, done) }
  }

  private async gatewaySaysCaptured(ref: Awaited<ReturnType<EscottCardProviderService['processRef']>>): Promise<boolean> {
    try {
      return Boolean((await this.escott.card.retrieve(ref)).salesDate)
    } catch {
      return false
    }
  }

  private async processRef(c: CardCharge) {
    if (!c.kaiinId) return { processId: c.processId, processPass: c.processPass }
    const member = await this.store.getMemberByKaiinId(c.kaiinId)
    if (!member) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, 'escott: the stored card of this payment is missing from the escott_medusa_member table')
    return { processId: c.processId, processPass: c.processPass, member: memberRef(member) }
  }

  /**
   * Refunds by cancelling (1Delete) when nothing would remain, else by lowering the amount (1Change). Repeated
   * partial refunds each lower it further; a refund id Medusa already sent is not applied twice.
   */
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const rec = await this.recordOf(input)
    const c = rec.charge
    if (!c || rec.state === 'canceled') throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: nothing left to refund on this payment')
    const amount = toYen(input.amount, 'refund amount')
    const key = input.context?.idempotency_key
    if (key && c.appliedKeys.includes(key)) return { data: this.dataOf(input.data, rec) }
    const remaining = c.currentAmount - amount
    if (remaining < 0) throw new MedusaError(MedusaError.Types.INVALID_DATA, `escott: refund amount ${amount} is more than the ${c.currentAmount} yen left on this payment`)
    const ref = await this.processRef(c)
    try {
      if (remaining === 0) await this.journaled(rec, '1Delete', amount, () => this.escott.card.cancel({ ...ref, merchantFree1: rec.merchantFree1 }), () => ({}))
      else await this.journaled(rec, '1Change', remaining, () => this.escott.card.changeAmount({ ...ref, amount: remaining, merchantFree1: rec.merchantFree1 }), () => ({ amount: remaining }))
    } catch (err) {
      this.fail(err, remaining === 0 ? '1Delete' : '1Change', rec)
    }
    const charge: CardCharge = {
      ...c,
      currentAmount: remaining,
      refunded: c.refunded + amount,
      appliedKeys: key ? [...c.appliedKeys, key] : c.appliedKeys,
      ...(remaining === 0 && { canceledAt: nowIso() }),
    }
    const done = (await this.store.updateSession(rec.sessionId, { charge, ...(remaining === 0 && { state: 'canceled' as const }) }))!
    return { data: this.dataOf(input.data, done) }
  }

  /** Cancels an authorisation (1Delete). Already cancelled: nothing to do. */
  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const rec = await this.recordOf(input)
    return { data: this.dataOf(input.data, await this.voidRecord(rec)) }
  }

  /** Medusa deletes sessions on every cart change: void anything reserved and drop the card data. */
  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const id = input.data?.session_id
    const rec = typeof id === 'string' ? await this.store.getSession(id) : undefined
    if (!rec) return { data: input.data ?? {} }
    if (rec.state === 'captured') return { data: this.dataOf(input.data, rec) } // money moved: refunds are explicit
    return { data: this.dataOf(input.data, await this.voidRecord(rec)) }
  }

  private async voidRecord(rec: SessionRecord): Promise<SessionRecord> {
    if (rec.state === 'canceled') return rec
    const c = rec.charge
    if (c && !c.canceledAt) {
      const ref = await this.processRef(c)
      try {
        await this.journaled(rec, '1Delete', c.currentAmount, () => this.escott.card.cancel({ ...ref, merchantFree1: rec.merchantFree1 }), () => ({}))
      } catch (err) {
        this.fail(err, '1Delete', rec)
      }
    }
    return (await this.store.updateSession(rec.sessionId, {
      state: 'canceled',
      card: rec.card ? { ...rec.card, token: undefined } : undefined,
      ...(c && { charge: { ...c, canceledAt: c.canceledAt ?? nowIso() } }),
    }))!
  }

  /** The gateway's record (1Search) when there is a charge, else the local state. */
  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const rec = await this.recordOf(input)
    if (!rec.charge) return { data: this.dataOf(input.data, rec) }
    try {
      const r = await this.escott.card.retrieve(await this.processRef(rec.charge))
      return { data: { ...this.dataOf(input.data, rec), gateway: { amount: r.amount, salesDate: r.salesDate, transactionId: r.transactionId } } }
    } catch (err) {
      this.fail(err, '1Search', rec)
    }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const rec = await this.recordOf(input)
    const status =
      rec.state === 'authorized'
        ? PaymentSessionStatus.AUTHORIZED
        : rec.state === 'captured'
          ? PaymentSessionStatus.CAPTURED
          : rec.state === 'canceled'
            ? PaymentSessionStatus.CANCELED
            : rec.state === 'awaiting_3ds' || (rec.state === 'pending' && this.options_.threeDSecureRequired)
              ? PaymentSessionStatus.REQUIRES_MORE
              : rec.state === 'needs_reconciliation'
                ? PaymentSessionStatus.ERROR
                : PaymentSessionStatus.PENDING
    if (rec.charge && (status === PaymentSessionStatus.AUTHORIZED || status === PaymentSessionStatus.CAPTURED)) {
      // The gateway is the source of truth for a charge.
      const r = await this.escott.card.retrieve(await this.processRef(rec.charge)).catch((err) => this.fail(err, '1Search', rec))
      return { status: r.salesDate ? PaymentSessionStatus.CAPTURED : status, data: this.dataOf(undefined, rec) }
    }
    return { status, data: this.dataOf(undefined, rec) }
  }

  // ---- 3-D Secure (called by the plugin's routes) ----

  /** Builds the auto-submitting request for the session's card and records the trip. */
  async startThreeDSecure(sessionId: string, input: StartThreeDSecureInput): Promise<ThreeDSecureRequest> {
    const rec = await this.store.getSession(sessionId)
    if (!rec || rec.method !== 'card') throw new MedusaError(MedusaError.Types.NOT_FOUND, `escott: no card payment session ${sessionId}`)
    if (!this.options_.threeDSecure) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: 3-D Secure is not configured (threeDSecure: { aesKey, aesIv } in the provider options)')
    if (!['pending', 'awaiting_3ds', 'ready'].includes(rec.state)) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `escott: this payment is ${rec.state}; 3-D Secure can no longer start`)
    const card = rec.card
    if (!card?.token && !card?.kaiinId) throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: no card on this session yet: create the session with data.token or data.paymentMethodId')
    const common = { cardholderName: input.cardholderName, email: input.email, redirectUrl: input.redirectUrl, postUrl: input.postUrl, merchantFree1: rec.merchantFree1 }
    let request: ThreeDSecureRequest
    let trip: ThreeDSecureTrip
    try {
      if (card.kaiinId) {
        const member = await this.store.getMemberByKaiinId(card.kaiinId)
        if (!member) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: the saved card of this session is no longer available')
        request = this.escott.threeDSecure.createRequest({ ...common, member: memberRef(member), amount: rec.amount })
        trip = { procNo: request.procNo, operation: request.operation, startedAt: nowIso() }
      } else if (card.saveCard && rec.accountHolderId) {
        // Register (or replace) the card through 3-D Secure; the payment then uses the member with this result.
        const plan = await planRegistration(this.escott, this.store, rec.accountHolderId)
        request = this.escott.threeDSecure.createRequest({ ...common, token: card.token!, member: memberRef(plan.member), registerMember: plan.kind })
        trip = { procNo: request.procNo, operation: request.operation, startedAt: nowIso(), registerMember: plan.kind, kaiinId: plan.member.kaiinId }
      } else {
        request = this.escott.threeDSecure.createRequest({ ...common, token: card.token!, amount: rec.amount })
        trip = { procNo: request.procNo, operation: request.operation, startedAt: nowIso() }
      }
    } catch (err) {
      this.fail(err, '3Secure', rec)
    }
    trip.returnUrl = input.returnUrl
    const updated = await this.store.updateSession(rec.sessionId, { state: 'awaiting_3ds', trips: [...(rec.trips ?? []), trip], error: undefined }, ['pending', 'awaiting_3ds', 'ready'])
    if (!updated) throw new MedusaError(MedusaError.Types.CONFLICT, 'escott: the payment changed while 3-D Secure was starting; try again')
    this.logger?.info(`escott: 3-D Secure ${request.operation} started for ${rec.merchantFree1} (ProcNo ${request.procNo})`)
    return request
  }

  /**
   * Applies the gateway's 3-D Secure answer (browser return or PostUrl, in any order, any number of times). The
   * payload is decrypted and matched to the session and trip it was started for; a registration is confirmed with
   * the gateway's own member record (4MemRef) before the card counts as saved. The authentication data itself is
   * checked by the gateway when the cart completion sends it with 1Auth.
   */
  async applyThreeDSecureResult(encryptValue: string, source: 'browser' | 'post'): Promise<ThreeDSecureOutcome> {
    let result
    try {
      result = this.escott.threeDSecure.parseResult(encryptValue)
    } catch (err) {
      this.logger?.warn(`escott: 3-D Secure ${source} result rejected: ${err instanceof Error ? err.message : String(err)}`)
      return { kind: 'invalid', reason: 'rejected' }
    }
    const rec = result.merchantFree1 ? await this.store.findSessionByMerchantFree1(result.merchantFree1) : undefined
    if (!rec) return { kind: 'invalid', reason: 'unknown_session' }
    const trips = rec.trips ?? []
    const index = trips.findIndex((t) => t.procNo === result.procNo && t.operation === result.operation)
    if (index < 0) {
      this.logger?.warn(`escott: 3-D Secure ${source} result for ${rec.merchantFree1} matches no trip (ProcNo ${result.procNo ?? '?'})`)
      return { kind: 'invalid', reason: 'unknown_trip' }
    }
    const trip = trips[index]!
    if (trip.result) return { kind: 'already_applied', record: rec, passed: trip.result.passed }
    let passed = result.passed
    let error = result.error ? storedError(result.error) : undefined
    if (passed && trip.registerMember && rec.accountHolderId) {
      const member = await this.store.getMember(rec.accountHolderId)
      const info = member ? await this.escott.members.retrieve(memberRef(member)).catch(() => undefined) : undefined
      if (!member || !info || info.status !== 'valid') {
        passed = false
        error = storedError(undefined)
      } else {
        await this.store.saveMember({ ...member, registered: true, maskedCard: info.maskedCardNo, cardExp: info.cardExp })
      }
    }
    const applied: ThreeDSecureTrip = { ...trip, result: { passed, data: passed ? result.threeDSecure : undefined, secureResult: result.secureResult, error, at: nowIso() } }
    const nextTrips = trips.map((t, i) => (i === index ? applied : t))
    if (index !== trips.length - 1) {
      // An abandoned earlier trip: remembered, never applied.
      await this.store.updateSession(rec.sessionId, { trips: nextTrips })
      return { kind: 'stale', record: rec }
    }
    const updated = await this.store.updateSession(rec.sessionId, { trips: nextTrips, state: passed ? 'ready' : 'pending', ...(error && { error }) }, ['awaiting_3ds'])
    if (!updated) {
      const now = (await this.store.getSession(rec.sessionId)) ?? rec
      return { kind: 'already_applied', record: now, passed: now.trips?.[index]?.result?.passed ?? false }
    }
    this.logger?.info(`escott: 3-D Secure ${passed ? 'passed' : 'failed'} for ${rec.merchantFree1} (${source}, ${result.secureResult})`)
    return { kind: 'applied', record: updated, passed }
  }

  // ---- Saved cards: account holder = e-SCOTT member ----

  async createAccountHolder(input: CreateAccountHolderInput): Promise<CreateAccountHolderOutput> {
    const existing = holderIdOf(input.context?.account_holder as AccountHolderDTO | undefined)
    if (existing) return { id: existing, data: { kaiinId: existing } }
    // The member itself is registered when the first card is saved (no card data here).
    const member = placeholderMember(newKaiinId())
    await this.store.saveMember(member)
    return { id: member.holderId, data: { kaiinId: member.holderId } }
  }

  async deleteAccountHolder(input: DeleteAccountHolderInput): Promise<DeleteAccountHolderOutput> {
    const holderId = holderIdOf(input.context?.account_holder as AccountHolderDTO | undefined)
    const member = holderId ? await this.store.getMember(holderId) : undefined
    if (member?.registered && !member.deletedAt) await this.deleteMember(member)
    return {}
  }

  async listPaymentMethods(input: ListPaymentMethodsInput): Promise<ListPaymentMethodsOutput> {
    const holderId = holderIdOf(input.context?.account_holder as AccountHolderDTO | undefined)
    const member = holderId ? await this.store.getMember(holderId) : undefined
    if (!member?.registered || member.deletedAt) return []
    try {
      const info = await this.escott.members.retrieve(memberRef(member))
      if (info.status === 'deleted') return []
      return [{ id: member.kaiinId, data: { maskedCard: info.maskedCardNo, cardExp: info.cardExp, brand: info.maskedCardNo ? detectBrand(info.maskedCardNo) : undefined, status: info.status } }]
    } catch (err) {
      this.fail(err, '4MemRef')
    }
  }

  /** Saves a card from a token without 3-D Secure (4MemAdd, or 4MemChg replacing the holder's card). */
  async savePaymentMethod(input: SavePaymentMethodInput): Promise<SavePaymentMethodOutput> {
    const holderId = holderIdOf(input.context?.account_holder as AccountHolderDTO | undefined)
    if (!holderId) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: saving a card needs the customer’s account holder')
    const token = input.data?.token
    if (typeof token !== 'string' || !TOKEN.test(token)) throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: data.token must be the token string from the e-SCOTT token script')
    const { member, kind } = await planRegistration(this.escott, this.store, holderId)
    const ref = { sessionId: `holder:${holderId}`, merchantFree1: member.kaiinId }
    try {
      await this.journaled(ref, kind === 'create' ? '4MemAdd' : '4MemChg', undefined, () => (kind === 'create' ? this.escott.members.create({ ...memberRef(member), token }) : this.escott.members.update({ ...memberRef(member), token })), () => ({ kaiinId: member.kaiinId }))
      const info = await this.escott.members.retrieve(memberRef(member))
      await this.store.saveMember({ ...member, registered: true, maskedCard: info.maskedCardNo, cardExp: info.cardExp })
      return { id: member.kaiinId, data: { maskedCard: info.maskedCardNo, cardExp: info.cardExp, brand: info.maskedCardNo ? detectBrand(info.maskedCardNo) : undefined } }
    } catch (err) {
      this.fail(err, kind === 'create' ? '4MemAdd' : '4MemChg', ref)
    }
  }

  /**
   * Deletes a saved card once the manuals' rule allows it (no authorisation in the last 90 days: follow-up
   * operations of those still need the member). The KaiinId is never reused.
   */
  async deletePaymentMethod(input: { data?: Record<string, unknown>; context?: Record<string, unknown> }): Promise<{ data?: Record<string, unknown> }> {
    const id = input.data?.id
    const member = typeof id === 'string' ? await this.store.getMemberByKaiinId(id) : undefined
    if (!member || member.deletedAt) throw new MedusaError(MedusaError.Types.NOT_FOUND, 'escott: no such saved card')
    await this.deleteMember(member)
    return { data: { id: member.kaiinId, deleted: true } }
  }

  private async deleteMember(member: MemberRecord): Promise<void> {
    const rule = storedCardDeletion({ authorizations: member.authorizations.map((d) => new Date(d)), hasActiveSubscription: false })
    if (!rule.allowed) {
      const from = rule.reason === 'recent_authorization' ? rule.allowedFrom.toISOString().slice(0, 10) : ''
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        this.options_.language === 'ja'
          ? `このカードは直近90日以内のお支払いに使われたため、${from} まで削除できません。`
          : `This card was used for a payment in the last 90 days and can be deleted from ${from}.`,
        'escott_card_in_use',
      )
    }
    const ref = { sessionId: `holder:${member.holderId}`, merchantFree1: member.kaiinId }
    try {
      await this.journaled(ref, '4MemInval', undefined, () => this.escott.members.invalidate(memberRef(member)), () => ({}))
      await this.journaled(ref, '4MemDel', undefined, () => this.escott.members.delete(memberRef(member)), () => ({}))
    } catch (err) {
      this.fail(err, '4MemDel', ref)
    }
    await this.store.saveMember({ ...member, deletedAt: nowIso() })
  }
}
