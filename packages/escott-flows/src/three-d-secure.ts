/**
 * EMV 3-D Secure for an order: the request the browser auto-posts to e-SCOTT, and the result that comes back twice —
 * the browser return (RedirectUrl) and the server-to-server copy (PostUrl) — in any order, any number of times.
 * Whichever arrives first claims the order (compare-and-set on its status); the others wait or acknowledge. Neither
 * needs the shopper's session: the order is found from the MerchantFree1 inside the encrypted result, and the trip
 * from its ProcNo.
 */
import type { ThreeDSecureData, ThreeDSecureRequest, ThreeDSecureResult } from 'escott-core'
import { recordAttemptFailure, recordCharge, type AttemptDeps, type ChargeOutcome } from './attempt.js'
import { chargeCard } from './card.js'
import { threeDSecureChargeRecord, type CardDetails } from './charge.js'
import type { FlowClient } from './client.js'
import { EscottFlowError } from './errors.js'
import { errorSummary } from './failure.js'
import { silentLogger, type FlowLogger, type JournalStore, type MemberStore, type OnceKeys, type OrderPort } from './ports.js'
import { confirmedCardOnFile, findRegistrationTrip, finishCardRegistration, registrationRequest, type RegistrationOutcome } from './registration.js'
import type { FlowOrder, JournalEntry, StoredMember } from './types.js'

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

function appendTrip(
  journal: JournalStore,
  order: FlowOrder,
  operation: 'card.authorize' | 'members.create' | 'members.update' | 'threeDSecure.authenticate',
  trip: PaymentTrip,
) {
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
  /** Another call applied (or is applying) it; wait for the order to settle. */
  | { kind: 'busy'; order: FlowOrder }
  /** Not a result we can use (undecryptable, unknown order or trip). */
  | { kind: 'invalid'; reason: 'rejected' | 'unknown_order' | 'unknown_trip' }
  /** A "my page" card registration (no order). */
  | { kind: 'card'; outcome: RegistrationOutcome }

const tripOf = (line: JournalEntry) => line.result as unknown as Partial<PaymentTrip> | null

/**
 * Applies a 3-D Secure result once. Safe to call any number of times, concurrently, from the browser return and the
 * PostUrl: only the call that moves the order out of `awaiting_3ds` does anything; a result of an abandoned trip is
 * journaled (a charge it carries is listed by recovery) and never touches the order.
 */
export async function applyThreeDSecureResult(
  deps: ThreeDSecureDeps,
  encryptValue: string,
  options: { source: 'browser' | 'post'; capture?: boolean },
): Promise<ThreeDSecureOutcome> {
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
  if (trip.outcome !== 'pending') return { kind: 'busy', order } // this result was already applied
  if (trip !== trips[trips.length - 1]) return staleTrip(deps, order, trip, result)
  const claimed = await deps.orders.update(order.id, { status: 'processing' }, ['awaiting_3ds'])
  if (!claimed) {
    log.info({ source, orderId: order.id, status: order.status }, '3-D Secure result already being handled')
    return { kind: 'busy', order }
  }
  try {
    await applyToClaimed(deps, claimed, trip, result, options.capture)
  } catch (err) {
    await recordAttemptFailure(deps, claimed, err, 'card.authorize')
  }
  return { kind: 'done', order: (await deps.orders.get(order.id)) ?? claimed }
}

async function applyToClaimed(deps: ThreeDSecureDeps, claimed: FlowOrder, trip: JournalEntry, result: ThreeDSecureResult, capture: boolean | undefined): Promise<void> {
  const t = tripOf(trip)!
  const details = { ...(t.details ?? { payType: '01' }), threeDSecure: true }
  if (result.operation === '3Secure' && t.flow === 'authenticate') {
    if (!result.passed) {
      await deps.journal.complete(trip.id, 'failed', errorSummary(result.error))
      await recordAttemptFailure(deps, claimed, result.error, result.operation)
      return
    }
    // Authenticated, nothing charged: payable again, with the data the authorisation must carry kept server-side.
    await deps.journal.complete(trip.id, 'ok', { authenticated: true, ...(result.threeDSecure && { threeDSecure: { ...result.threeDSecure } }) })
    await deps.orders.update(claimed.id, { status: 'pending', lastError: null, payment: { threeDSecure: true } })
    return
  }
  if (result.operation === '1Auth' || result.operation === '1Gathering') {
    if (!result.processId) {
      await deps.journal.complete(trip.id, 'failed', errorSummary(result.error))
      await recordAttemptFailure(deps, claimed, result.error, result.operation)
      return
    }
    // The charge exists: journal it before anything else so recovery can always find it.
    const charge = threeDSecureChargeRecord(result, details)
    await deps.journal.complete(trip.id, 'ok', { ...charge })
    if (result.passed) await recordCharge(deps, claimed, charge)
    else await recordAttemptFailure(deps, claimed, result.error, result.operation)
    return
  }
  if ((result.operation === '4MemAdd' || result.operation === '4MemChg') && claimed.customerId) {
    if (!result.passed) {
      // A placeholder member stays (invisible): its KaiinId is reused by the next attempt.
      await deps.journal.complete(trip.id, 'failed', errorSummary(result.error))
      await recordAttemptFailure(deps, claimed, result.error, result.operation)
      return
    }
    const member = await deps.members.get(claimed.customerId)
    if (!member) throw new EscottFlowError('MEMBER_MISSING', { detail: claimed.merchantFree1 })
    if (t.authenticateOnly) return registeredForLaterCharge(deps, claimed, trip, result, member, details)
    await deps.journal.complete(trip.id, 'ok', { kaiinId: member.kaiinId })
    await deps.members.save({ ...member, maskedCard: details.maskedCard ?? member.maskedCard ?? '****', brand: details.brand ?? member.brand })
    await chargeCard(deps, {
      order: claimed,
      source: { member: { kaiinId: member.kaiinId, kaiinPass: member.kaiinPass } },
      details: { ...details, member: true },
      capture: t.capture ?? capture ?? false,
      ...(result.threeDSecure !== undefined && { threeDSecure: result.threeDSecure }),
    })
    return
  }
  await deps.journal.complete(trip.id, 'failed', { error: 'unexpected operation', operation: result.operation })
  await recordAttemptFailure(
    deps,
    claimed,
    result.error ?? new EscottFlowError('STORE_INPUT_INVALID', { detail: `unexpected 3-D Secure operation ${result.operation}` }),
    result.operation,
  )
}

/**
 * A card registered through 3-D Secure for a charge made later (Medusa's cart completion). The decrypted payload is
 * not proof (AES-CBC has no integrity): the card counts as saved only once the gateway's member record (4MemRef)
 * shows it valid. The order is payable again, authenticated, and the later charge pays with the stored card.
 */
async function registeredForLaterCharge(
  deps: ThreeDSecureDeps,
  claimed: FlowOrder,
  trip: JournalEntry,
  result: ThreeDSecureResult,
  member: StoredMember,
  details: CardDetails,
): Promise<void> {
  const onFile = await confirmedCardOnFile(deps.escott, member)
  if (!onFile) {
    const err = new EscottFlowError('MEMBER_NOT_CONFIRMED', { detail: `${claimed.merchantFree1} ${member.kaiinId}` })
    await deps.journal.complete(trip.id, 'failed', errorSummary(err))
    await recordAttemptFailure(deps, claimed, err, result.operation)
    return
  }
  await deps.members.save({ ...member, maskedCard: onFile.masked ?? details.maskedCard ?? member.maskedCard ?? '****', brand: onFile.brand ?? details.brand ?? member.brand })
  await deps.journal.complete(trip.id, 'ok', {
    kaiinId: member.kaiinId,
    authenticated: true,
    ...(result.threeDSecure && { threeDSecure: { ...result.threeDSecure } }),
  })
  await deps.orders.update(claimed.id, { status: 'pending', lastError: null, payment: { threeDSecure: true, member: true } })
}

/**
 * The result of an earlier trip the shopper abandoned and then restarted. It never touches the order; a charge it
 * carries is journaled so that recovery lists it (to be voided or applied by a person).
 */
async function staleTrip(deps: ThreeDSecureDeps, order: FlowOrder, trip: JournalEntry, result: ThreeDSecureResult): Promise<ThreeDSecureOutcome> {
  if (result.processId && (result.operation === '1Auth' || result.operation === '1Gathering')) {
    const charge = threeDSecureChargeRecord(result, { ...(tripOf(trip)?.details ?? {}), threeDSecure: true })
    await deps.journal.complete(trip.id, 'ok', { ...charge, stale: true })
    ;(deps.log ?? silentLogger).error(
      { orderId: order.id, merchantFree1: order.merchantFree1, processId: result.processId },
      'charge from an abandoned 3-D Secure trip: listed by recover',
    )
  } else {
    await deps.journal.complete(trip.id, 'failed', { ...errorSummary(result.error), stale: true })
  }
  return { kind: 'busy', order }
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
