/**
 * EMV 3-D Secure: the redirect form, the browser return (RedirectUrl) and the server-to-server copy (PostUrl).
 * Both returns run the same idempotent finish: whichever arrives first claims the order (compare-and-set on its
 * status), the other waits for the result or simply acknowledges. Neither needs the shopper's session cookie —
 * the order is found from the MerchantFree1 inside the encrypted result — so a SameSite cookie lost on the
 * cross-site POST changes nothing.
 */
import express, { type Request, type Response, type Router } from 'express'
import type { ThreeDSecureResult } from 'escott-core'
import { wrap, type RouterContext } from '../context.js'
import { findRegistrationTrip, finishCardRegistration, planRegistration, waitForRegistration, type RegistrationOutcome } from '../card-registration.js'
import { errorSummary } from '../errors.js'
import { t } from '../i18n.js'
import { authorizeAndRecord, chargeSummary, memberRef, recordCharge, recordFailure, waitForSettled, type ChargeRecord } from '../payment-flow.js'
import type { JournalEntry, Order, PaymentDetails, StoredMember } from '../types.js'
import { renderMessage } from '../views/message.js'
import { renderThreeDSecureRedirect } from '../views/three-d-secure.js'
import { formError } from './card.js'
import { orderPath, sendCheckout } from './checkout.js'

/** What the card form hands over to start 3-D Secure. */
export interface ThreeDSecureStart {
  token: string | undefined
  member: StoredMember | undefined
  saveCard: boolean
  customerId: string | undefined
  maskedCard: string | undefined
  details: PaymentDetails & { payType: string }
  cardholderName: string
  email: string
}

/** Claims the order, writes the journal intent and sends the auto-submitting form to e-SCOTT. */
export async function startThreeDSecure(ctx: RouterContext, req: Request, res: Response, order: Order, s: ThreeDSecureStart): Promise<void> {
  const lang = ctx.lang(req)
  if (!s.cardholderName || !s.email) {
    return sendCheckout(ctx, req, res, { ...order, lastError: formError(lang, 'badRequest') }, 400)
  }
  const claimed = await ctx.orders.update(
    order.id,
    {
      status: 'awaiting_3ds',
      method: 'card',
      fee: 0,
      amount: order.subtotal,
      lastError: null,
      payment: { ...s.details, pendingSaveCard: s.saveCard || undefined, pendingUseMember: s.member ? true : undefined },
    },
    // A shopper who came back from an abandoned 3-D Secure page may start again: the old trip's late result is
    // recognised by its ProcNo and never applied to the order.
    ['pending', 'awaiting_3ds'],
  )
  if (!claimed) return res.redirect(303, orderPath(req, order))
  const redirectUrl = ctx.absoluteUrl(req, '/3ds/return')
  const postUrl = ctx.absoluteUrl(req, '/3ds/post')
  let request
  try {
    if (s.saveCard && s.customerId) {
      // Register (or replace) the card through 3-D Secure, then pay with the member on return.
      const plan = await planRegistration(ctx, await ctx.orders.getMember(s.customerId))
      request = ctx.escott.threeDSecure.createRequest({
        token: s.token,
        member: plan.creds,
        cardholderName: s.cardholderName,
        email: s.email,
        redirectUrl,
        postUrl,
        merchantFree1: order.merchantFree1,
        registerMember: plan.kind,
      })
      if (plan.isNew) {
        // Kept before the redirect (the return may arrive without any session); shown only once registered.
        await ctx.orders.saveMember({ customerId: s.customerId, ...plan.creds, maskedCard: null, brand: s.details.brand ?? null })
      }
      await ctx.orders.appendJournal({
        orderId: order.id,
        merchantFree1: order.merchantFree1,
        operation: plan.kind === 'create' ? 'members.create' : 'members.update',
        result: { via: '3ds', procNo: request.procNo, newMember: plan.kind === 'create' },
      })
    } else {
      // Merged flow: e-SCOTT authorises inside the 3-D Secure round trip, so nothing card-related is kept here.
      request = ctx.escott.threeDSecure.createRequest({
        ...(s.member ? { member: memberRef(s.member) } : { token: s.token }),
        amount: order.subtotal,
        cardholderName: s.cardholderName,
        email: s.email,
        redirectUrl,
        postUrl,
        merchantFree1: order.merchantFree1,
        flow: 'merged',
        capture: ctx.capture,
        payType: s.details.payType,
      })
      await ctx.orders.appendJournal({
        orderId: order.id,
        merchantFree1: order.merchantFree1,
        operation: 'card.authorize',
        amount: order.subtotal,
        result: { via: '3ds', procNo: request.procNo },
      })
    }
  } catch (err) {
    const after = await recordFailure(ctx, claimed, err, '3Secure')
    return sendCheckout(ctx, req, res, after, 400)
  }
  ctx.log.info({ orderId: order.id, merchantFree1: order.merchantFree1, operation: request.operation }, '3-D Secure started')
  res.status(200).type('html').set('Cache-Control', 'no-store').send(renderThreeDSecureRedirect(lang, request.action, request.fields))
}

/** Result of {@link finishThreeDSecure}. */
export type FinishOutcome =
  | { kind: 'done'; order: Order }
  | { kind: 'busy'; order: Order }
  | { kind: 'invalid'; reason: string }
  /** A "my page" card registration (no order). */
  | { kind: 'card'; outcome: RegistrationOutcome }

function tripsOf(lines: JournalEntry[]): JournalEntry[] {
  return lines.filter((l) => (l.result as { via?: string } | null)?.via === '3ds')
}

/**
 * Applies a 3-D Secure result once. Safe to call any number of times, concurrently, from the browser return and
 * the PostUrl: only the call that moves the order out of `awaiting_3ds` does anything.
 */
export async function finishThreeDSecure(ctx: RouterContext, encryptValue: string, source: 'browser' | 'post'): Promise<FinishOutcome> {
  let result: ThreeDSecureResult
  try {
    result = ctx.escott.threeDSecure.parseResult(encryptValue)
  } catch (err) {
    ctx.log.warn({ source, ...errorSummary(err) }, '3-D Secure result rejected')
    return { kind: 'invalid', reason: 'rejected' }
  }
  const order = result.merchantFree1 ? await ctx.orders.getByMerchantFree1(result.merchantFree1) : undefined
  if (!order) {
    const registration = result.merchantFree1 ? await findRegistrationTrip(ctx, result.merchantFree1, result.procNo) : undefined
    if (registration) return { kind: 'card', outcome: await finishCardRegistration(ctx, registration, result) }
    ctx.log.warn({ source, merchantFree1: result.merchantFree1 }, '3-D Secure result for an unknown order')
    return { kind: 'invalid', reason: 'unknown_order' }
  }
  const trips = tripsOf(await ctx.orders.journal({ orderId: order.id }))
  const trip = trips.find((l) => (l.result as { procNo?: string }).procNo === result.procNo)
  if (!trip) {
    ctx.log.warn({ source, orderId: order.id, procNo: result.procNo }, '3-D Secure result matches no trip of this order')
    return { kind: 'invalid', reason: 'unknown_trip' }
  }
  if (trip.outcome !== 'pending') return { kind: 'busy', order } // this result was already applied
  if (trip !== trips[trips.length - 1]) return staleTrip(ctx, order, trip, result)
  const claimed = await ctx.orders.update(order.id, { status: 'processing' }, ['awaiting_3ds'])
  if (!claimed) {
    ctx.log.info({ source, orderId: order.id, status: order.status }, '3-D Secure result already being handled')
    return { kind: 'busy', order }
  }
  const tripLine = trip
  const details = { ...claimed.payment, threeDSecure: true } as PaymentDetails & { payType: string }
  try {
    if (result.operation === '1Auth' || result.operation === '1Gathering') {
      if (result.processId) {
        const captured = result.operation === '1Gathering'
        const now = new Date().toISOString()
        const charge: ChargeRecord = {
          status: captured ? 'captured' : 'authorized',
          method: 'card',
          via: '3ds',
          payment: {
            ...details,
            processId: result.processId,
            processPass: result.processPass,
            transactionId: result.transactionId,
            approveNo: result.approveNo,
            companyCd: result.companyCd,
            operateId: captured ? '1Gathering' : '1Auth',
            authorizedAt: now,
            ...(captured && { capturedAt: now }),
            pendingSaveCard: undefined,
            pendingUseMember: undefined,
          },
        }
        // The charge exists: journal it before anything else so recovery can always find it.
        await ctx.orders.completeJournal(tripLine.id, 'ok', chargeSummary(charge))
        if (result.passed) await recordCharge(ctx, claimed, charge)
        else await recordFailure(ctx, claimed, result.error, result.operation)
      } else {
        await ctx.orders.completeJournal(tripLine.id, 'failed', errorSummary(result.error))
        await recordFailure(ctx, claimed, result.error, result.operation)
      }
    } else if ((result.operation === '4MemAdd' || result.operation === '4MemChg') && claimed.customerId) {
      if (!result.passed) {
        // A placeholder member stays (invisible): its KaiinId is reused by the next attempt.
        await ctx.orders.completeJournal(tripLine.id, 'failed', errorSummary(result.error))
        await recordFailure(ctx, claimed, result.error, result.operation)
      } else {
        const member = await ctx.orders.getMember(claimed.customerId)
        if (!member) throw new Error('stored-card credentials disappeared during 3-D Secure')
        await ctx.orders.completeJournal(tripLine.id, 'ok', { kaiinId: member.kaiinId })
        await ctx.orders.saveMember({ ...member, maskedCard: details.maskedCard ?? member.maskedCard ?? '****', brand: details.brand ?? member.brand })
        await authorizeAndRecord(ctx, claimed, { member: memberRef(member) }, { ...details, member: true }, result.threeDSecure)
      }
    } else {
      await ctx.orders.completeJournal(tripLine.id, 'failed', { error: 'unexpected operation', operation: result.operation })
      await recordFailure(ctx, claimed, result.error ?? new Error(`unexpected 3-D Secure operation ${result.operation}`), result.operation)
    }
  } catch (err) {
    await recordFailure(ctx, claimed, err, 'card.authorize')
  }
  return { kind: 'done', order: (await ctx.orders.get(order.id)) ?? claimed }
}

/**
 * The result of an earlier 3-D Secure trip that the shopper abandoned and then restarted. It never touches the
 * order; a charge it carries is journaled so that `recover` lists it (to be voided or applied by a person).
 */
async function staleTrip(ctx: RouterContext, order: Order, trip: JournalEntry, result: ThreeDSecureResult): Promise<FinishOutcome> {
  if (result.processId && (result.operation === '1Auth' || result.operation === '1Gathering')) {
    const charge: ChargeRecord = {
      status: result.operation === '1Gathering' ? 'captured' : 'authorized',
      method: 'card',
      via: '3ds',
      payment: { processId: result.processId, processPass: result.processPass, approveNo: result.approveNo, threeDSecure: true, authorizedAt: new Date().toISOString() },
    }
    await ctx.orders.completeJournal(trip.id, 'ok', chargeSummary(charge))
    ctx.log.error({ orderId: order.id, merchantFree1: order.merchantFree1, processId: result.processId }, 'charge from an abandoned 3-D Secure trip: listed by recover')
  } else {
    await ctx.orders.completeJournal(trip.id, 'failed', { ...errorSummary(result.error), stale: true })
  }
  return { kind: 'busy', order }
}

/** Query string of "my page" after a registration: `done=saved|replaced|pending` or `failed=<codes>`. */
function registrationQuery(o: RegistrationOutcome): string {
  if (o.kind === 'failed') return `failed=${encodeURIComponent(o.codes.join('|') || 'error')}`
  return `done=${o.kind === 'busy' ? 'pending' : o.kind}`
}

export function threeDSecureRoutes(ctx: RouterContext): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '64kb' })
  const encryptValueOf = (req: Request) => {
    const v = (req.body as Record<string, unknown> | undefined)?.EncryptValue
    return typeof v === 'string' ? v : ''
  }

  // Browser return (RedirectUrl): a cross-site POST, usually without the session cookie.
  router.post(
    '/3ds/return',
    form,
    wrap(async (req, res) => {
      const lang = ctx.lang(req)
      const outcome = await finishThreeDSecure(ctx, encryptValueOf(req), 'browser')
      if (outcome.kind === 'card') {
        const settled = outcome.outcome.kind === 'busy' ? await waitForRegistration(ctx, outcome.outcome.trip, ctx.options.settleWaitMs ?? 8000) : outcome.outcome
        return res.redirect(303, `${req.baseUrl}/cards?${registrationQuery(settled)}`)
      }
      if (outcome.kind === 'invalid') {
        return ctx.page(res, req, 400, t(lang, 'threeDSecureFailed'), renderMessage(lang, t(lang, 'threeDSecureFailed'), t(lang, 'threeDSecureFailed'), ctx.options.shopUrl ?? '/'))
      }
      const order = outcome.kind === 'busy' ? ((await waitForSettled(ctx, outcome.order.id, ctx.options.settleWaitMs ?? 8000)) ?? outcome.order) : outcome.order
      const id = encodeURIComponent(order.id)
      // 303 turns the POST into a top-level GET, on which SameSite=Lax cookies are sent again.
      res.redirect(303, order.status === 'pending' ? `${req.baseUrl}/checkout/${id}` : `${req.baseUrl}/orders/${id}`)
    }),
  )

  // Server-to-server copy (PostUrl): finishes the order even when the browser never comes back.
  router.post(
    '/3ds/post',
    form,
    wrap(async (req, res) => {
      const outcome = await finishThreeDSecure(ctx, encryptValueOf(req), 'post')
      if (outcome.kind === 'invalid') return res.status(400).type('text/plain').send('NG')
      res.status(200).type('text/plain').send('OK')
    }),
  )

  return router
}
