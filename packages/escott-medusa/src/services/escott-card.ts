/**
 * `pp_escott-card_<id>`: card payments with tokens, EMV 3-D Secure and saved cards (e-SCOTT members), on escott-flows.
 *
 * 3-D Secure runs before cart completion through the plugin's store routes, authentication only
 * (`beginThreeDSecure({ authenticateOnly })`, 3Secure — or a 3-D Secure card registration, 4MemAdd/4MemChg, confirmed
 * by the gateway's member record); the cart completion's authorizePayment charges with the verified result
 * (`threeDSecureState` → `chargeCard`), so the gateway itself checks it was a passed, unused authentication of this
 * amount. Carts change and Medusa deletes sessions on every change: nothing is held on a card before completion.
 */
import type {
  AccountHolderDTO,
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  CreateAccountHolderInput,
  CreateAccountHolderOutput,
  DeleteAccountHolderInput,
  DeleteAccountHolderOutput,
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
import { randomBytes } from 'node:crypto'
import { detectBrand, type ThreeDSecureRequest } from 'escott-core'
import {
  applyThreeDSecureResult,
  beginThreeDSecure,
  chargeCard,
  deleteStoredCard,
  recordAttemptFailure,
  registerCardWithToken,
  runPaymentOperation,
  threeDSecureState,
  waitForSettled,
  type ChargeOutcome,
  type StoredMember,
  type ThreeDSecureState,
} from 'escott-flows'
import { EscottBase, merchantFree1For, type FlowDeps } from '../core/escott-base'
import { outcomeError } from '../core/errors'
import { assertYen, toYen } from '../core/money'
import { cardView } from '../core/public-data'
import type { PaymentSessionRecord } from '../sessions/types'

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

/** Result of applying a 3-D Secure return, for the plugin's routes. */
export type ThreeDSecureReturn =
  /** The session the result belongs to, and where its 3-D Secure stands now (`passed` lets the cart complete). */
  { kind: 'session'; session: PaymentSessionRecord; outcome: 'passed' | 'failed' | 'pending' } | { kind: 'invalid'; reason: 'rejected' | 'unknown_session' | 'unknown_trip' }

/** The account holder's external id: the key of the customer's stored card (and the saved card's payment-method id). */
function holderIdOf(holder: Pick<AccountHolderDTO, 'external_id'> | undefined): string | undefined {
  return holder?.external_id || undefined
}

function invalid(message: string): never {
  throw new MedusaError(MedusaError.Types.INVALID_DATA, message)
}

function parseCardInput(data: Record<string, unknown> | undefined): CardSessionInput {
  const d = data ?? {}
  const out: CardSessionInput = {}
  if (d.token !== undefined && d.token !== null && d.token !== '') {
    if (typeof d.token !== 'string' || !TOKEN.test(d.token)) invalid('escott: data.token must be the token string from the e-SCOTT token script')
    out.token = d.token
  }
  if (d.paymentMethodId !== undefined && d.paymentMethodId !== null && d.paymentMethodId !== '') {
    if (typeof d.paymentMethodId !== 'string') invalid('escott: data.paymentMethodId must be a saved card id from GET /store/escott/payment-methods')
    out.paymentMethodId = d.paymentMethodId
  }
  if (out.token && out.paymentMethodId) invalid('escott: give data.token (a new card) or data.paymentMethodId (a saved card), not both')
  if (d.payType !== undefined) {
    if (typeof d.payType !== 'string' || !PAY_TYPE.test(d.payType)) invalid("escott: data.payType must be '01' (lump sum), '02'–'72' (instalments), '80' (bonus) or '88' (revolving)")
    out.payType = d.payType
  }
  if (d.saveCard !== undefined) {
    if (typeof d.saveCard !== 'boolean') invalid('escott: data.saveCard must be true or false')
    out.saveCard = d.saveCard
  }
  return out
}

const registered = (m: StoredMember | undefined): m is StoredMember => m !== undefined && m.maskedCard !== null

export class EscottCardProviderService extends EscottBase {
  static override identifier = 'escott-card'

  protected async view(s: PaymentSessionRecord) {
    const state = await threeDSecureState(this.runtime.stores.journal, s)
    return cardView(s, state, { required: this.options_.threeDSecureRequired, available: this.options_.threeDSecure })
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    assertYen(input.currency_code)
    const amount = toYen(input.amount)
    const id = this.sessionIdOf(input)
    const card = parseCardInput(input.data)
    const holderId = holderIdOf(input.context?.account_holder as AccountHolderDTO | undefined)
    const deps = await this.flows()
    if (card.paymentMethodId) {
      // A saved card is usable only by the customer it belongs to: the account holder comes from Medusa's session.
      if (!holderId || card.paymentMethodId !== holderId || !registered(await deps.members.get(holderId))) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: that saved card is not one of this customer’s cards; list them with GET /store/escott/payment-methods')
      }
    }
    if (card.saveCard && !holderId) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: saveCard needs a logged-in customer (an account holder); guests pay without saving the card')
    }
    const session = await this.sessions.create({
      id,
      merchantFree1: merchantFree1For(id),
      customerId: holderId ?? null,
      amount,
      method: 'card',
      extras: {
        merchantId: this.options_.escott.merchantId,
        medusaAmount: amount,
        card: { token: card.token, payType: card.payType ?? '01', saveCard: card.saveCard ?? false, savedCard: card.paymentMethodId !== undefined },
      },
    })
    return { id, status: PaymentSessionStatus.PENDING, data: await this.dataOf(input.data, session) }
  }

  /** A new amount before any charge (the shopper then authenticates again: 3-D Secure covered the old one). */
  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    let s = await this.sessionOf(input)
    if (input.amount !== undefined && (s.status === 'pending' || s.status === 'awaiting_3ds')) {
      assertYen(input.currency_code)
      const amount = toYen(input.amount)
      if (amount !== s.amount && (await this.sessions.update(s.id, { amount }, ['pending', 'awaiting_3ds']))) {
        s = (await this.sessions.setExtras(s.id, { medusaAmount: amount })) ?? s
      }
    }
    return { data: await this.dataOf(input.data, s) }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const s = await this.sessionOf(input)
    switch (s.status) {
      case 'authorized':
        return { status: PaymentSessionStatus.AUTHORIZED, data: await this.dataOf(input.data, s) }
      case 'captured':
        return { status: PaymentSessionStatus.CAPTURED, data: await this.dataOf(input.data, s) }
      case 'canceled':
        return { status: PaymentSessionStatus.CANCELED, data: await this.dataOf(input.data, s) }
      case 'needs_reconciliation':
        this.unreconciled(s)
      case 'awaiting_3ds':
        return { status: PaymentSessionStatus.REQUIRES_MORE, data: await this.dataOf(input.data, s) }
    }
    const deps = await this.flows()
    const state = await threeDSecureState(deps.journal, s)
    if (this.options_.threeDSecureRequired && state.kind !== 'authenticated') {
      return { status: PaymentSessionStatus.REQUIRES_MORE, data: await this.dataOf(input.data, s) }
    }
    const card = s.extras.card
    const member = card?.savedCard || (state.kind === 'authenticated' && state.member) ? await deps.members.get(s.customerId ?? '') : undefined
    if ((card?.savedCard || (state.kind === 'authenticated' && state.member)) && !registered(member)) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: the saved card of this session is no longer available; choose another card')
    }
    if (!member && !card?.token) {
      invalid('escott: no card for this payment session: create it with data.token (token script) or data.paymentMethodId (a saved card)')
    }
    const claimed = await this.sessions.update(s.id, { status: 'processing', lastError: null }, ['pending'])
    if (!claimed) return this.authorizePayment(input) // another request moved it: answer from its result
    const outcome = await this.charge(deps, claimed, member, state)
    if (outcome.kind !== 'charged') throw outcomeError(outcome, s.merchantFree1, this.options_.language)
    // The token is spent: the gateway never takes it again, and it is not kept.
    const done = (await this.sessions.setExtras(s.id, { card: { ...card!, token: undefined } })) ?? (outcome.order as PaymentSessionRecord)
    return { status: outcome.charge.status === 'captured' ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.AUTHORIZED, data: await this.dataOf(input.data, done) }
  }

  /** Charges a claimed session: the stored card, or the new card (registered first when the shopper saves it without 3-D Secure). */
  private async charge(deps: FlowDeps, claimed: PaymentSessionRecord, member: StoredMember | undefined, state: ThreeDSecureState): Promise<ChargeOutcome> {
    const card = claimed.extras.card!
    const threeDSecure = state.kind === 'authenticated' ? state.threeDSecure : undefined
    let payer = member
    if (!payer && card.saveCard && claimed.customerId) {
      try {
        payer = await registerCardWithToken(deps, { customerId: claimed.customerId, token: card.token!, maskedCard: undefined, link: { orderId: claimed.id, merchantFree1: claimed.merchantFree1 } })
      } catch (err) {
        return recordAttemptFailure(deps, claimed, err, 'members.create')
      }
    }
    return chargeCard(deps, {
      order: claimed,
      source: payer ? { member: { kaiinId: payer.kaiinId, kaiinPass: payer.kaiinPass } } : { token: card.token! },
      details: {
        payType: card.payType,
        member: payer !== undefined,
        threeDSecure: state.kind === 'authenticated',
        ...(payer?.maskedCard && { maskedCard: payer.maskedCard }),
        ...(payer?.brand && { brand: payer.brand }),
      },
      capture: this.options_.capture,
      ...(threeDSecure && { threeDSecure }),
    })
  }

  /** Medusa passes no amount: the whole current authorisation is captured (lower it first with a refund). */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const s = await this.sessionOf(input)
    if (s.status === 'captured') return { data: await this.dataOf(input.data, s) }
    if (s.status !== 'authorized') throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `escott: a ${s.status} payment cannot be captured`)
    return { data: await this.dataOf(input.data, await this.operate(s, 'capture')) }
  }

  /**
   * A partial refund lowers the authorisation (1Change to what is left), a refund of the rest cancels it (1Delete).
   * A refund id Medusa repeats changes nothing: the amount it leaves is written before the gateway call.
   */
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const s = await this.sessionOf(input)
    const amount = toYen(input.amount, 'refund amount')
    const key = input.context?.idempotency_key
    const leaves = key ? s.extras.refunds?.[key] : undefined
    // Refunds only ever lower the amount: at or below what this refund leaves, it was applied.
    if (leaves !== undefined && (s.status === 'canceled' || s.amount <= leaves)) return { data: await this.dataOf(input.data, s) }
    if (s.status !== 'authorized' && s.status !== 'captured') throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `escott: a ${s.status} payment cannot be refunded`)
    if (amount > s.amount) throw new MedusaError(MedusaError.Types.INVALID_DATA, `escott: cannot refund ${amount} yen, more than the ${s.amount} yen left on this payment`)
    const left = s.amount - amount
    if (key) await this.sessions.setExtras(s.id, { refunds: { ...s.extras.refunds, [key]: left } })
    const done = left === 0 ? await this.operate(s, 'cancel') : await this.operate(s, 'changeAmount', left)
    return { data: await this.dataOf(input.data, done) }
  }

  protected async close(s: PaymentSessionRecord, deleting: boolean): Promise<PaymentSessionRecord> {
    switch (s.status) {
      case 'canceled':
        return s
      case 'authorized':
        return this.operate(s, 'cancel')
      case 'captured':
        if (deleting) return s // money moved: refunds are explicit
        return this.operate(s, 'cancel')
      case 'needs_reconciliation':
        if (deleting) {
          this.logger?.warn(`escott: payment session ${s.id} (${s.merchantFree1}) was deleted while its charge is unreconciled; settle it with the recovery routes`)
          return s
        }
        this.unreconciled(s)
    }
    const closed = await this.sessions.update(s.id, { status: 'canceled', method: 'card' }, ['pending', 'awaiting_3ds'])
    if (!closed) return this.close((await this.sessions.get(s.id)) ?? s, deleting)
    return (await this.sessions.setExtras(s.id, { card: s.extras.card && { ...s.extras.card, token: undefined } })) ?? closed
  }

  /** A follow-up operation (escott-core's state machine decides what is allowed), journaled by the flows. */
  private async operate(s: PaymentSessionRecord, operation: 'capture' | 'cancel' | 'changeAmount', amount?: number): Promise<PaymentSessionRecord> {
    const outcome = await runPaymentOperation(await this.flows(), { order: s, operation, ...(amount !== undefined && { amount }) })
    if (outcome.kind === 'done') return outcome.order as PaymentSessionRecord
    if (outcome.kind === 'not_allowed') {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `escott: ${operation} is not possible for this payment now (allowed: ${outcome.allowed.join(', ') || 'nothing'})`)
    }
    throw outcomeError(outcome, s.merchantFree1, this.options_.language)
  }

  /** The gateway's record (1Search) when there is a charge, else the session. */
  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const s = await this.sessionOf(input)
    const data = await this.dataOf(input.data, s)
    const gateway = await this.gatewayRecord(s)
    return { data: gateway ? { ...data, gateway: { amount: gateway.amount, salesDate: gateway.salesDate, transactionId: gateway.transactionId } } : data }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const s = await this.sessionOf(input)
    const data = await this.dataOf(undefined, s)
    switch (s.status) {
      case 'authorized':
      case 'captured': {
        // The gateway is the source of truth for a charge.
        const gateway = await this.gatewayRecord(s)
        return { status: gateway?.salesDate || s.status === 'captured' ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.AUTHORIZED, data }
      }
      case 'canceled':
        return { status: PaymentSessionStatus.CANCELED, data }
      case 'needs_reconciliation':
        return { status: PaymentSessionStatus.ERROR, data }
      case 'awaiting_3ds':
        return { status: PaymentSessionStatus.REQUIRES_MORE, data }
      default:
        return { status: this.options_.threeDSecureRequired ? PaymentSessionStatus.REQUIRES_MORE : PaymentSessionStatus.PENDING, data }
    }
  }

  private async gatewayRecord(s: PaymentSessionRecord) {
    const p = s.payment
    if (!p.processId || !p.processPass) return undefined
    const member = p.member && s.customerId ? await this.runtime.stores.members.get(s.customerId) : undefined
    try {
      return await this.runtime.escott.card.retrieve({
        processId: p.processId,
        processPass: p.processPass,
        merchantFree1: s.merchantFree1,
        ...(member && { member: { kaiinId: member.kaiinId, kaiinPass: member.kaiinPass } }),
      })
    } catch (err) {
      this.fail(err, '1Search', s)
    }
  }

  // ---- 3-D Secure (called by the plugin's routes) ----

  /** Builds the auto-submitting request for the session's card (authentication only) and journals the trip. */
  async startThreeDSecure(sessionId: string, input: StartThreeDSecureInput): Promise<ThreeDSecureRequest> {
    const deps = await this.flows()
    const s = await this.sessions.get(sessionId)
    if (!s || s.method !== 'card') throw new MedusaError(MedusaError.Types.NOT_FOUND, `escott: no card payment session ${sessionId}`)
    if (!this.options_.threeDSecure) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: 3-D Secure is not configured (threeDSecure: { aesKey, aesIv } in the provider options)')
    const card = s.extras.card
    const member = card?.savedCard ? await deps.members.get(s.customerId ?? '') : undefined
    if (card?.savedCard && !registered(member)) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: the saved card of this session is no longer available')
    if (!member && !card?.token) invalid('escott: no card on this session yet: create the session with data.token or data.paymentMethodId')
    // A shopper may start again (back button, a second tab): the abandoned trip's late result is never applied.
    const claimed = await this.sessions.update(s.id, { status: 'awaiting_3ds', lastError: null }, ['pending', 'awaiting_3ds'])
    if (!claimed) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `escott: this payment is ${s.status}; 3-D Secure can no longer start`)
    const begun = await beginThreeDSecure(deps, {
      order: claimed,
      source: member ? { member } : { token: card!.token! },
      ...(!member && card?.saveCard && s.customerId && { saveCard: { customerId: s.customerId } }),
      authenticateOnly: true,
      details: { payType: card?.payType ?? '01' },
      cardholderName: input.cardholderName,
      email: input.email,
      redirectUrl: input.redirectUrl,
      postUrl: input.postUrl,
    })
    if (begun.kind !== 'redirect') throw outcomeError(begun, s.merchantFree1, this.options_.language)
    await this.sessions.setExtras(s.id, { returnUrl: input.returnUrl })
    return begun.request
  }

  /**
   * Applies the gateway's 3-D Secure answer (browser return or PostUrl, any order, any number of times) through
   * escott-flows: decrypted, matched to the session and trip it was started for, applied once.
   */
  async applyThreeDSecureResult(encryptValue: string, source: 'browser' | 'post'): Promise<ThreeDSecureReturn> {
    const deps = await this.flows()
    const outcome = await applyThreeDSecureResult(deps, encryptValue, { source })
    if (outcome.kind === 'invalid') return { kind: 'invalid', reason: outcome.reason === 'unknown_order' ? 'unknown_session' : outcome.reason }
    // Medusa starts no registration without a session: a result of one is not ours to apply.
    if (outcome.kind === 'card') return { kind: 'invalid', reason: 'unknown_session' }
    // Another request may be applying this result right now (the browser return and the PostUrl arrive together; the
    // flows let one of them claim the trip and answer the other `busy`): its outcome is the one to show.
    const deadline = Date.now() + 10_000
    let settled = ((await deps.orders.get(outcome.order.id)) ?? outcome.order) as PaymentSessionRecord
    if (settled.status === 'processing') settled = ((await waitForSettled(deps.orders, settled.id, 10_000)) ?? settled) as PaymentSessionRecord
    let state = await threeDSecureState(deps.journal, settled)
    while (outcome.kind === 'busy' && state.kind === 'open' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100))
      settled = ((await deps.orders.get(settled.id)) ?? settled) as PaymentSessionRecord
      state = await threeDSecureState(deps.journal, settled)
    }
    return { kind: 'session', session: settled, outcome: state.kind === 'authenticated' ? 'passed' : state.kind === 'open' ? 'pending' : 'failed' }
  }

  // ---- Saved cards: account holder = one e-SCOTT member ----

  /** The member is registered when the first card is saved (no card data here); the holder's id is its key. */
  async createAccountHolder(input: CreateAccountHolderInput): Promise<CreateAccountHolderOutput> {
    const existing = holderIdOf(input.context?.account_holder as AccountHolderDTO | undefined)
    if (existing) return { id: existing, data: {} }
    return { id: `EH${randomBytes(10).toString('hex').toUpperCase()}`, data: {} }
  }

  async deleteAccountHolder(input: DeleteAccountHolderInput): Promise<DeleteAccountHolderOutput> {
    const holderId = holderIdOf(input.context?.account_holder as AccountHolderDTO | undefined)
    if (holderId) await this.deleteCard(holderId, { allowMissing: true })
    return {}
  }

  /** The holder's card as the gateway's member record (4MemRef) shows it. */
  async listPaymentMethods(input: ListPaymentMethodsInput): Promise<ListPaymentMethodsOutput> {
    const holderId = holderIdOf(input.context?.account_holder as AccountHolderDTO | undefined)
    const deps = await this.flows()
    const member = holderId ? await deps.members.get(holderId) : undefined
    if (!holderId || !registered(member)) return []
    try {
      const info = await deps.escott.members.retrieve({ kaiinId: member.kaiinId, kaiinPass: member.kaiinPass })
      if (info.status !== 'valid') return []
      return [{ id: holderId, data: { maskedCard: info.maskedCardNo, cardExp: info.cardExp, brand: info.maskedCardNo ? detectBrand(info.maskedCardNo) : undefined, status: info.status } }]
    } catch (err) {
      this.fail(err, '4MemRef')
    }
  }

  /** Saves a card from a token without 3-D Secure (4MemAdd, or 4MemChg replacing the holder's card). */
  async savePaymentMethod(input: SavePaymentMethodInput): Promise<SavePaymentMethodOutput> {
    const holderId = holderIdOf(input.context?.account_holder as AccountHolderDTO | undefined)
    if (!holderId) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, 'escott: saving a card needs the customer’s account holder')
    const token = input.data?.token
    if (typeof token !== 'string' || !TOKEN.test(token)) invalid('escott: data.token must be the token string from the e-SCOTT token script')
    const deps = await this.flows()
    const link = { orderId: null, merchantFree1: merchantFree1For(`payses_${holderId}`) }
    try {
      const member = await registerCardWithToken(deps, { customerId: holderId, token, maskedCard: undefined, link })
      return { id: holderId, data: { maskedCard: member.maskedCard, brand: member.brand } }
    } catch (err) {
      this.fail(err, '4MemAdd', link)
    }
  }

  /**
   * Deletes a saved card once the manuals' rule allows it (no authorisation with it in the last 90 days: follow-ups of
   * those still need the member); escott-flows' `deleteStoredCard`. The KaiinId is never reused.
   */
  async deletePaymentMethod(input: { data?: Record<string, unknown>; context?: Record<string, unknown> }): Promise<{ data?: Record<string, unknown> }> {
    const id = input.data?.id
    if (typeof id !== 'string' || !id) throw new MedusaError(MedusaError.Types.NOT_FOUND, 'escott: no such saved card')
    await this.deleteCard(id, { allowMissing: false })
    return { data: { id, deleted: true } }
  }

  private async deleteCard(holderId: string, { allowMissing }: { allowMissing: boolean }): Promise<void> {
    const deps = await this.flows()
    let outcome
    try {
      outcome = await deleteStoredCard(deps, { customerId: holderId, orders: await this.sessions.listByCustomer(holderId) })
    } catch (err) {
      this.fail(err, '4MemDel')
    }
    if (outcome.kind === 'not_found' && !allowMissing) throw new MedusaError(MedusaError.Types.NOT_FOUND, 'escott: no such saved card')
    if (outcome.kind === 'not_allowed') {
      const v = outcome.verdict
      const from = v.reason === 'recent_authorization' ? v.allowedFrom.toISOString().slice(0, 10) : ''
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        this.options_.language === 'ja'
          ? `このカードは直近90日以内のお支払いに使われたため、${from} まで削除できません。`
          : `This card was used for a payment in the last 90 days and can be deleted from ${from}.`,
        'escott_card_in_use',
      )
    }
  }
}
