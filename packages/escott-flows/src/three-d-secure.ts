/**
 * EMV 3-D Secure for an order: the request the browser auto-posts to e-SCOTT, and the result that comes back twice —
 * the browser return (RedirectUrl) and the server-to-server copy (PostUrl) — in any order, any number of times.
 * Whichever arrives first claims the order (compare-and-set on its status); the others wait or acknowledge. Neither
 * needs the shopper's session: the order is found from the MerchantFree1 inside the encrypted result, and the trip
 * from its ProcNo.
 */
import { EscottUnrecordedOutcomeError, type MemberRef, type ThreeDSecureData, type ThreeDSecureRequest, type ThreeDSecureResult } from 'escott-core'
import { recordAttemptFailure, recordCharge, type ChargeOutcome } from './attempt.js'
import { chargeCard } from './card.js'
import { threeDSecureChargeRecord, type CardDetails } from './charge.js'
import type { FlowClient } from './client.js'
import { EscottFlowError } from './errors.js'
import { errorSummary } from './failure.js'
import { claimProcessId, confirmCharge } from './gateway-record.js'
import { journaled } from './journal.js'
import { silentLogger, type FlowLogger, type JournalStore, type MemberStore, type OnceKeys, type OrderPort } from './ports.js'
import { findRegistrationTrip, finishCardRegistration, registeredCard, registrationRequest, type RegistrationOutcome } from './registration.js'
import type { ChargeRecord, FlowOrder, JournalData, JournalEntry, StoredMember } from './types.js'

/** Everything the 3-D Secure flow touches. */
export interface ThreeDSecureDeps {
  escott: FlowClient
  orders: OrderPort
  journal: JournalStore
  members: MemberStore
  onceKeys: OnceKeys
  log?: FlowLogger
}

/** What a payment trip line remembers across the redirect (choices, no card data beyond the masked number). */
export interface PaymentTrip {
  via: '3ds'
  procNo: string
  /**
   * `merged`: e-SCOTT authorises inside the round trip. `register`: the card is registered, then the member pays.
   * `authenticate`: authentication only (3Secure); the adapter authorises later with {@link authenticatedThreeDSecure}.
   */
  flow: 'merged' | 'register' | 'authenticate'
  details: CardDetails & { payType: string }
  /** A stored card pays (follow-up operations must send the member). */
  member: boolean
  /** Register flow: 4MemAdd (true) or 4MemChg. */
  newMember?: boolean
  /** Register flow: register and authenticate only; the adapter authorises later with the stored card. */
  authenticateOnly?: boolean
  /** Authorise and capture at once. */
  capture: boolean
}

/** Input of {@link beginThreeDSecure}. */
export interface ThreeDSecureStart {
  /** The order, claimed by the caller (`awaiting_3ds`); its `amount` is charged. */
  order: FlowOrder
  /** A new card's token, or the customer's stored card. */
  source: { token: string } | { member: StoredMember }
  /** Register the new card as the customer's stored card first, then pay with it. */
  saveCard?: { customerId: string }
  /**
   * Authenticate only (OperateId 3Secure): the result leaves the order payable and authenticated, and the charge is
   * made later (e.g. at Medusa's cart completion) with `chargeCard({ threeDSecure: authenticatedThreeDSecure(…) })`.
   * With `saveCard` the card is registered through 3-D Secure (4MemAdd / 4MemChg) and confirmed with the gateway's
   * member record; the later charge pays with the stored card.
   */
  authenticateOnly?: boolean
  details: CardDetails & { payType: string }
  cardholderName: string
  email: string
  redirectUrl: string
  postUrl: string
  capture?: boolean
}

/** Result of {@link beginThreeDSecure}. */
export type ThreeDSecureBegin =
  | { kind: 'redirect'; request: ThreeDSecureRequest }
  /** The request could not be built (bad input, no 3-D Secure keys): the order is payable again. */
  | Exclude<ChargeOutcome, { kind: 'charged' }>

/** Builds the request and journals the trip. A shopper may start again: an abandoned trip's late result is never applied. */
export async function beginThreeDSecure(deps: ThreeDSecureDeps, input: ThreeDSecureStart): Promise<ThreeDSecureBegin> {
  const { order } = input
  const capture = input.capture ?? false
  let request: ThreeDSecureRequest
  try {
    if (input.saveCard && 'token' in input.source) {
      const prepared = await registrationRequest(deps, {
        customerId: input.saveCard.customerId,
        token: input.source.token,
        cardholderName: input.cardholderName,
        email: input.email,
        redirectUrl: input.redirectUrl,
        postUrl: input.postUrl,
        merchantFree1: order.merchantFree1,
        brand: input.details.brand,
      })
      request = prepared.request
      await appendTrip(deps.journal, order, prepared.plan.kind === 'create' ? 'members.create' : 'members.update', {
        via: '3ds',
        procNo: request.procNo,
        flow: 'register',
        details: { ...input.details, member: true },
        member: true,
        newMember: prepared.plan.kind === 'create',
        ...(input.authenticateOnly && { authenticateOnly: true }),
        capture,
      })
    } else {
      const member = 'member' in input.source ? input.source.member : undefined
      const flow = input.authenticateOnly ? 'authenticate' : 'merged'
      request = deps.escott.threeDSecure.createRequest({
        ...(member ? { member: { kaiinId: member.kaiinId, kaiinPass: member.kaiinPass } } : { token: (input.source as { token: string }).token }),
        amount: order.amount,
        cardholderName: input.cardholderName,
        email: input.email,
        redirectUrl: input.redirectUrl,
        postUrl: input.postUrl,
        merchantFree1: order.merchantFree1,
        flow,
        ...(flow === 'merged' && { capture, payType: input.details.payType }),
      })
      await appendTrip(deps.journal, order, flow === 'merged' ? 'card.authorize' : 'threeDSecure.authenticate', {
        via: '3ds',
        procNo: request.procNo,
        flow,
        details: { ...input.details, member: member !== undefined },
        member: member !== undefined,
        capture,
      })
    }
  } catch (err) {
    return recordAttemptFailure(deps, order, err, '3Secure')
  }
  ;(deps.log ?? silentLogger).info({ orderId: order.id, merchantFree1: order.merchantFree1, operation: request.operation }, '3-D Secure started')
  return { kind: 'redirect', request }
}

function appendTrip(journal: JournalStore, order: FlowOrder, operation: 'card.authorize' | 'members.create' | 'members.update' | 'threeDSecure.authenticate', trip: PaymentTrip) {
  return journal.append({
    orderId: order.id,
    merchantFree1: order.merchantFree1,
    operation,
    // The amount a trip authenticates (a registration that authenticates for a later charge, too).
    ...((operation === 'card.authorize' || operation === 'threeDSecure.authenticate' || trip.authenticateOnly) && { amount: order.amount }),
    result: { ...trip },
  })
}

/** Result of {@link applyThreeDSecureResult}. */
export type ThreeDSecureOutcome =
  /** This call applied the result; `order` is how it ended. */
  | { kind: 'done'; order: FlowOrder }
  /** Another call applied (or is applying) it, or it was a trip the order no longer takes; wait for the order to settle. */
  | { kind: 'busy'; order: FlowOrder }
  /**
   * Not a result we can use: undecryptable or not a message the gateway writes (`rejected`, also an operation other
   * than the trip's), unknown order or trip.
   */
  | { kind: 'invalid'; reason: 'rejected' | 'unknown_order' | 'unknown_trip' }
  /** A "my page" card registration (no order). */
  | { kind: 'card'; outcome: RegistrationOutcome }

const tripOf = (line: JournalEntry) => line.result as unknown as Partial<PaymentTrip> | null

/** The OperateId a trip's result must carry: a result of another kind is not this trip's. */
function expectedOperation(line: JournalEntry): ThreeDSecureResult['operation'] {
  const t = tripOf(line)
  if (t?.flow === 'authenticate') return '3Secure'
  if (t?.flow === 'register') return line.operation === 'members.update' ? '4MemChg' : '4MemAdd'
  return t?.capture ? '1Gathering' : '1Auth'
}

/** What the shopper is told when a result could not be confirmed with the gateway. */
const UNCONFIRMED_SHOPPER = {
  ja: 'カードの本人認証の結果を確認できませんでした。お手数ですが、もう一度お支払い手続きをお願いします。',
  en: 'We could not confirm the card authentication. Please go through the payment again.',
}

/**
 * Applies a 3-D Secure result once. Safe to call any number of times, concurrently, from the browser return and the
 * PostUrl: the first call for a trip claims it, the others get `busy`. Nothing in the decrypted payload is believed on
 * its own (AES-CBC has no integrity): a charge it names is recorded only after 1Search shows that transaction with
 * the trip's amount and state, and only if no other order holds its ProcessId; a registration only after 4MemRef
 * shows the member. With several trips on one order (two tabs, a double submit), the first confirmed charge is the
 * order's and every later one is voided at once (1Delete, journaled), so the shopper never carries two holds.
 */
export async function applyThreeDSecureResult(deps: ThreeDSecureDeps, encryptValue: string, options: { source: 'browser' | 'post'; capture?: boolean }): Promise<ThreeDSecureOutcome> {
  const log = deps.log ?? silentLogger
  const { source } = options
  let result: ThreeDSecureResult
  try {
    result = deps.escott.threeDSecure.parseResult(encryptValue)
  } catch (err) {
    log.warn({ source, ...errorSummary(err) }, '3-D Secure result rejected')
    return { kind: 'invalid', reason: 'rejected' }
  }
  const order = result.merchantFree1 ? await deps.orders.getByMerchantFree1(result.merchantFree1) : undefined
  if (!order) {
    const registration = result.merchantFree1 ? await findRegistrationTrip(deps.journal, result.merchantFree1, result.procNo) : undefined
    if (registration) return { kind: 'card', outcome: await finishCardRegistration(deps, registration, result) }
    log.warn({ source, merchantFree1: result.merchantFree1 }, '3-D Secure result for an unknown order')
    return { kind: 'invalid', reason: 'unknown_order' }
  }
  const trips = (await deps.journal.list({ orderId: order.id })).filter((l) => tripOf(l)?.via === '3ds')
  const trip = trips.find((l) => tripOf(l)?.procNo === result.procNo)
  if (!trip) {
    log.warn({ source, orderId: order.id, procNo: result.procNo }, '3-D Secure result matches no trip of this order')
    return { kind: 'invalid', reason: 'unknown_trip' }
  }
  if (result.operation !== expectedOperation(trip)) {
    log.warn({ source, orderId: order.id, operation: result.operation, expected: expectedOperation(trip) }, '3-D Secure result of another operation than its trip: rejected')
    return { kind: 'invalid', reason: 'rejected' }
  }
  if (trip.outcome !== 'pending') return { kind: 'busy', order } // this result was already applied
  const latest = trip === trips[trips.length - 1]
  if (tripOf(trip)?.flow === 'authenticate') return applyAuthentication(deps, order, trip, result, latest, source)
  // Exactly one call handles a trip's result, whichever return brings it and however often.
  if (!(await deps.onceKeys.claim(`3ds-trip:${trip.id}`, order.id))) return { kind: 'busy', order }
  try {
    if (result.operation === '1Auth' || result.operation === '1Gathering') await applyMergedCharge(deps, order, trip, result, latest)
    else await applyRegistrationThenPay(deps, order, trip, result, latest, options.capture)
  } catch (err) {
    log.error({ orderId: order.id, merchantFree1: order.merchantFree1, ...errorSummary(err) }, '3-D Secure result could not be applied')
    const claimed = await deps.orders.update(order.id, { status: 'processing' }, ['awaiting_3ds'])
    if (claimed) await recordAttemptFailure(deps, claimed, err, result.operation)
  }
  return { kind: 'done', order: (await deps.orders.get(order.id)) ?? order }
}

/** Authentication only (3Secure): nothing is charged; the adapter's later 1Auth, answered by the gateway, is the verdict. */
async function applyAuthentication(
  deps: ThreeDSecureDeps,
  order: FlowOrder,
  trip: JournalEntry,
  result: ThreeDSecureResult,
  latest: boolean,
  source: 'browser' | 'post',
): Promise<ThreeDSecureOutcome> {
  if (!latest) {
    // An abandoned trip: its authentication is never used (the gateway would refuse a second use anyway).
    await deps.journal.complete(trip.id, 'failed', { ...errorSummary(result.error), stale: true })
    return { kind: 'busy', order }
  }
  const claimed = await deps.orders.update(order.id, { status: 'processing' }, ['awaiting_3ds'])
  if (!claimed) {
    ;(deps.log ?? silentLogger).info({ source, orderId: order.id, status: order.status }, '3-D Secure result already being handled')
    return { kind: 'busy', order }
  }
  try {
    if (!result.passed) {
      await deps.journal.complete(trip.id, 'failed', errorSummary(result.error))
      await recordAttemptFailure(deps, claimed, result.error, result.operation)
    } else {
      // Authenticated, nothing charged: payable again, with the data the authorisation must carry kept server-side.
      await deps.journal.complete(trip.id, 'ok', { authenticated: true, ...(result.threeDSecure && { threeDSecure: { ...result.threeDSecure } }) })
      await deps.orders.update(claimed.id, { status: 'pending', lastError: null, payment: { threeDSecure: true } })
    }
  } catch (err) {
    await recordAttemptFailure(deps, claimed, err, result.operation)
  }
  return { kind: 'done', order: (await deps.orders.get(order.id)) ?? claimed }
}

/** A trip that ended without a charge: only the order's latest trip may make it payable again with the error. */
async function tripFailed(deps: ThreeDSecureDeps, order: FlowOrder, trip: JournalEntry, latest: boolean, err: unknown, operation: string, journal: JournalData): Promise<void> {
  await deps.journal.complete(trip.id, 'failed', journal)
  if (!latest) return
  const claimed = await deps.orders.update(order.id, { status: 'processing' }, ['awaiting_3ds'])
  if (claimed) await recordAttemptFailure(deps, claimed, err, operation)
}

/** The member credentials a lookup or void of a stored-card trip's charge must send. */
async function tripMember(deps: ThreeDSecureDeps, order: FlowOrder, trip: JournalEntry): Promise<MemberRef | undefined> {
  if (!tripOf(trip)?.member || !order.customerId) return undefined
  const m = await deps.members.get(order.customerId)
  return m ? { kaiinId: m.kaiinId, kaiinPass: m.kaiinPass } : undefined
}

/** Merged flow: the result names an authorisation made inside the round trip. The gateway must confirm it first. */
async function applyMergedCharge(deps: ThreeDSecureDeps, order: FlowOrder, trip: JournalEntry, result: ThreeDSecureResult, latest: boolean): Promise<void> {
  const log = deps.log ?? silentLogger
  const t = tripOf(trip)!
  if (!result.processId || !result.processPass) {
    // Declined or not authenticated: nothing was charged.
    const err = result.error ?? new EscottFlowError('THREE_D_SECURE_UNCONFIRMED', { detail: 'no ProcessId', shopper: UNCONFIRMED_SHOPPER })
    return tripFailed(deps, order, trip, latest, err, result.operation, errorSummary(err))
  }
  const amount = trip.amount ?? order.amount
  const member = await tripMember(deps, order, trip)
  const check = await confirmCharge(
    deps.escott,
    'card',
    { processId: result.processId, processPass: result.processPass },
    {
      amount,
      merchantFree1: order.merchantFree1,
      captured: result.operation === '1Gathering',
      member,
    },
  )
  const charge = threeDSecureChargeRecord(result, { ...(t.details ?? { payType: '01' }), threeDSecure: true })
  if (check.kind === 'unknown') {
    // Genuine or not cannot be told now: journal the named charge as unconfirmed and park the order for reconcile.
    await deps.journal.complete(trip.id, 'unknown', { ...charge, unconfirmed: true })
    const parked = await deps.orders.update(order.id, { status: 'processing' }, ['awaiting_3ds', 'pending'])
    const unknown = new EscottUnrecordedOutcomeError({
      operation: result.operation,
      merchantFree1: order.merchantFree1,
      reason: 'the gateway could not be asked (1Search) whether the 3-D Secure charge exists',
      cause: check.error,
    })
    if (parked) await recordAttemptFailure(deps, parked, unknown, result.operation)
    return
  }
  if (check.kind === 'refused' || !result.passed) {
    const reason = check.kind === 'refused' ? check.reason : 'not_passed'
    log.error(
      { orderId: order.id, merchantFree1: order.merchantFree1, processId: result.processId, reason, ...(check.kind === 'refused' && { gatewayAmount: check.gatewayAmount }) },
      '3-D Secure result names a charge the gateway does not confirm: refused (forged or altered result?)',
    )
    if (check.kind === 'confirmed') {
      // A transaction that exists although the result says it failed: never keep a hold for nothing.
      await deps.journal.complete(trip.id, 'ok', { ...charge, superseded: true })
      await voidSuperseded(deps, order, trip, charge, member)
      const claimed = latest ? await deps.orders.update(order.id, { status: 'processing' }, ['awaiting_3ds']) : undefined
      if (claimed) await recordAttemptFailure(deps, claimed, result.error, result.operation)
      return
    }
    const err = new EscottFlowError('THREE_D_SECURE_UNCONFIRMED', { detail: `${reason}, ProcessId ${result.processId}`, shopper: UNCONFIRMED_SHOPPER })
    return tripFailed(deps, order, trip, latest, err, result.operation, { ...errorSummary(err), reason, unconfirmedProcessId: result.processId })
  }
  // The gateway holds it with this trip's amount. It is this order's unless another order already holds it.
  if (!(await claimProcessId(deps.onceKeys, result.processId, order.id))) {
    log.error({ orderId: order.id, merchantFree1: order.merchantFree1, processId: result.processId }, '3-D Secure result names a ProcessId another order holds: refused (spliced result?)')
    const err = new EscottFlowError('PROCESS_ID_TAKEN', { detail: result.processId, shopper: UNCONFIRMED_SHOPPER })
    return tripFailed(deps, order, trip, latest, err, result.operation, { ...errorSummary(err), reason: 'taken', unconfirmedProcessId: result.processId })
  }
  const confirmed: ChargeRecord = { ...charge, status: check.captured ? 'captured' : 'authorized' }
  // The charge exists: journal it before anything else so recovery can always find it.
  await deps.journal.complete(trip.id, 'ok', { ...confirmed })
  // A trip for another amount than the order's now (the order changed since) is not the order's payment either.
  const claimed = order.amount === amount ? await deps.orders.update(order.id, { status: 'processing' }, ['awaiting_3ds', 'pending']) : undefined
  if (claimed) {
    await recordCharge(deps, claimed, confirmed)
    return
  }
  // The order took another payment meanwhile (another trip, another method) or was closed: a second hold. Void it.
  await voidSuperseded(deps, order, trip, confirmed, member)
}

/**
 * Voids a charge the order does not take (a second 3-D Secure trip of one order), journaled as `card.cancel`. The trip
 * line is resolved once voided; if the void fails the line stays open and recovery lists it for a person.
 */
async function voidSuperseded(deps: ThreeDSecureDeps, order: FlowOrder, trip: JournalEntry, charge: ChargeRecord, member: MemberRef | undefined): Promise<void> {
  const log = deps.log ?? silentLogger
  const processId = charge.payment.processId!
  const processPass = charge.payment.processPass!
  try {
    await journaled(
      deps.journal,
      { orderId: order.id, merchantFree1: order.merchantFree1, operation: 'card.cancel', amount: trip.amount, data: { supersededTrip: trip.id } },
      () => deps.escott.card.cancel({ processId, processPass, ...(member && { member }), merchantFree1: order.merchantFree1 }),
      (r) => ({ processId: r.processId ?? processId }),
    )
    await deps.journal.resolve(trip.id, 'canceled')
    log.info({ orderId: order.id, merchantFree1: order.merchantFree1, processId }, 'second authorisation of one order voided (another 3-D Secure trip was recorded first)')
  } catch (err) {
    log.error({ orderId: order.id, merchantFree1: order.merchantFree1, processId, ...errorSummary(err) }, 'second authorisation of one order could not be voided: listed by recover')
  }
}

/** Register-then-pay: the member must exist at the gateway (4MemRef) before the stored card pays with a direct 1Auth. */
async function applyRegistrationThenPay(deps: ThreeDSecureDeps, order: FlowOrder, trip: JournalEntry, result: ThreeDSecureResult, latest: boolean, capture: boolean | undefined): Promise<void> {
  const t = tripOf(trip)!
  const details = { ...(t.details ?? { payType: '01' }), threeDSecure: true }
  const member = order.customerId ? await deps.members.get(order.customerId) : undefined
  if (!result.passed || !member || (result.kaiinId !== undefined && result.kaiinId !== member.kaiinId)) {
    // A placeholder member stays (invisible): its KaiinId is reused by the next attempt.
    const err = result.passed ? new EscottFlowError('MEMBER_MISSING', { detail: order.merchantFree1 }) : result.error
    return tripFailed(deps, order, trip, latest, err, result.operation, errorSummary(err))
  }
  const onFile = await registeredCard(deps.escott, member, details.maskedCard ?? null)
  if (!onFile) {
    const err = new EscottFlowError('THREE_D_SECURE_UNCONFIRMED', { detail: `4MemRef does not show member ${member.kaiinId} with this card`, shopper: UNCONFIRMED_SHOPPER })
    return tripFailed(deps, order, trip, latest, err, result.operation, { ...errorSummary(err), reason: 'member_not_registered' })
  }
  await deps.members.save({ ...member, maskedCard: onFile.masked, brand: onFile.brand ?? details.brand ?? member.brand })
  if (t.authenticateOnly) {
    // Registered for a charge made later (Medusa's cart completion): nothing is charged; the order is payable again,
    // authenticated, and the later 1Auth pays with the stored card carrying this result's 3-D Secure data.
    await deps.journal.complete(trip.id, 'ok', { kaiinId: member.kaiinId, authenticated: true, ...(result.threeDSecure && { threeDSecure: { ...result.threeDSecure } }) })
    if (latest) await deps.orders.update(order.id, { status: 'pending', lastError: null, payment: { threeDSecure: true, member: true } }, ['awaiting_3ds'])
    return
  }
  await deps.journal.complete(trip.id, 'ok', { kaiinId: member.kaiinId })
  const claimed = await deps.orders.update(order.id, { status: 'processing' }, ['awaiting_3ds', 'pending'])
  if (!claimed) return // the order took another payment meanwhile: the card is saved, nothing is charged
  await chargeCard(deps, {
    order: claimed,
    source: { member: { kaiinId: member.kaiinId, kaiinPass: member.kaiinPass } },
    details: { ...details, member: true, maskedCard: onFile.masked, ...(onFile.brand && { brand: onFile.brand }) },
    capture: t.capture ?? capture ?? false,
    ...(result.threeDSecure !== undefined && { threeDSecure: result.threeDSecure }),
  })
}

/**
 * Where an order stands with 3-D Secure, from its trips (for a charge made later, and for what the shopper sees):
 * - `none`: no trip;
 * - `open`: the latest trip waits for its result;
 * - `failed`: the latest trip did not pass (`codes` say why);
 * - `authenticated`: the latest trip authenticated this amount and no authorisation has used it yet: charge with
 *   `threeDSecure` (and the stored card when `member`);
 * - `spent`: the latest trip passed but cannot carry a new charge — an authorisation already used it (the gateway
 *   refuses a second use), the order's amount changed since, or the trip charged by itself (merged flow).
 */
export type ThreeDSecureState =
  | { kind: 'none' }
  | { kind: 'open' }
  | { kind: 'failed'; codes: string[] }
  | { kind: 'authenticated'; threeDSecure: ThreeDSecureData | undefined; member: boolean }
  | { kind: 'spent' }

/**
 * The order's 3-D Secure state (see {@link ThreeDSecureState}); give the order's `amount` to apply the amount rule.
 *
 * @example
 * ```ts
 * const state = await threeDSecureState(journal, order)
 * if (state.kind === 'authenticated') await chargeCard(deps, { order: claimed, source, details, threeDSecure: state.threeDSecure })
 * ```
 */
export async function threeDSecureState(journal: JournalStore, order: Pick<FlowOrder, 'id'> & { amount?: number }): Promise<ThreeDSecureState> {
  const lines = await journal.list({ orderId: order.id })
  let index = -1
  lines.forEach((l, i) => {
    if (tripOf(l)?.via === '3ds') index = i
  })
  if (index < 0) return { kind: 'none' }
  const last = lines[index]!
  const t = tripOf(last)!
  if (last.outcome === 'pending') return { kind: 'open' }
  if (last.outcome !== 'ok') {
    const codes = (last.result as { codes?: unknown } | null)?.codes
    return { kind: 'failed', codes: Array.isArray(codes) ? codes.map(String) : [] }
  }
  const laterCharge = (t.flow === 'authenticate' || t.authenticateOnly === true) && (last.amount === null || order.amount === undefined || last.amount === order.amount)
  if (!laterCharge || lines.slice(index + 1).some((l) => l.operation === 'card.authorize')) return { kind: 'spent' }
  return { kind: 'authenticated', threeDSecure: (last.result as { threeDSecure?: ThreeDSecureData } | null)?.threeDSecure, member: t.flow === 'register' }
}

/**
 * The 3-D Secure data of the order's latest authentication-only trip that passed and is still usable, for
 * `chargeCard({ threeDSecure })`; undefined when the order has none (or a later trip is still open, or an
 * authorisation used it, or — when `order` is given with its amount — the amount changed since).
 */
export async function authenticatedThreeDSecure(journal: JournalStore, order: string | Pick<FlowOrder, 'id' | 'amount'>): Promise<ThreeDSecureData | undefined> {
  const state = await threeDSecureState(journal, typeof order === 'string' ? { id: order } : order)
  if (state.kind === 'authenticated') return state.threeDSecure
  return undefined
}

/** Waits until an order leaves `processing` / `awaiting_3ds` (another request is finishing it) or the time is up. */
export async function waitForSettled(orders: Pick<OrderPort, 'get'>, orderId: string, ms: number): Promise<FlowOrder | undefined> {
  const deadline = Date.now() + ms
  for (;;) {
    const order = await orders.get(orderId)
    if (!order || (order.status !== 'processing' && order.status !== 'awaiting_3ds') || Date.now() >= deadline) return order
    await new Promise((r) => setTimeout(r, 100))
  }
}
