/**
 * POST of the card form: a token or the stored card, installments checked against the brand, optional "save this
 * card". With 3-D Secure (the default) the shopper is sent to e-SCOTT; without it the card is charged here. Every
 * decision is escott-flows'; this module maps its results to HTTP.
 */
import type { Request, Response, Router } from 'express'
import { isPayTypeAllowed, type CardBrand, type MemberRef } from 'escott-core'
import { beginThreeDSecure, chargeCard, PAYABLE_STATUSES, paymentErrorOf, recordAttemptFailure, registerCardWithToken, safeMask, tokenCard, type CardDetails, type ChargeOutcome } from 'escott-flows'
import { formText, type RouterContext } from '../context.js'
import { fieldError, formError } from '../errors.js'
import type { MessageKey } from '../i18n.js'
import type { Order, StoredMember } from '../types.js'
import { renderThreeDSecureRedirect } from '../views/three-d-secure.js'
import { alreadyPaid, checkoutForm, emitPlaced, isPayable, orderPath, refuseCheckout } from './checkout.js'

const memberRef = (m: StoredMember): MemberRef => ({ kaiinId: m.kaiinId, kaiinPass: m.kaiinPass })

/** What the shopper chose on the form. */
interface CardChoice {
  token: string
  member: StoredMember | undefined
  saveCard: boolean
  customerId: string | undefined
  maskedCard: string | undefined
  details: CardDetails & { payType: string }
}

/** A charge outcome as HTTP: the order page, or the checkout page again with the refusal (kept on the order). */
async function respond(ctx: RouterContext, req: Request, res: Response, order: Order, outcome: ChargeOutcome): Promise<void> {
  if (outcome.kind === 'charged') await emitPlaced(ctx, outcome.order as Order)
  if (outcome.kind !== 'failed') return res.redirect(303, orderPath(req, order))
  res.redirect(303, `${req.baseUrl}/checkout/${encodeURIComponent(order.id)}`)
}

export function checkoutCardRoutes(ctx: RouterContext): Router {
  return checkoutForm(ctx, 'card', async (req, res, order) => {
    const restart3ds = order.status === 'awaiting_3ds' && ctx.threeDSecure
    if (!isPayable(order) && !restart3ds) return res.redirect(303, alreadyPaid(req, order))
    const str = formText(req)
    const reject = (key: MessageKey) => refuseCheckout(ctx, req, res, order, formError(key, 'card'))

    const customer = await ctx.customerOf(req)
    // Stored cards only for the customer's own orders (follow-up operations look the member up by the order's customer).
    const owner = customer && order.customerId === customer.id ? customer : undefined
    const useMember = str('useSavedCard') === '1'
    const member = useMember && owner ? await ctx.store.members.get(owner.id) : undefined
    if (useMember && (!member || member.maskedCard === null)) return reject('badRequest')
    const token = str('token')
    if (!member && !token) return reject('tokenMissing')
    // The card is the gateway's word (1TokenSearch / the stored member), never the form's maskedCard field.
    let maskedCard: string | undefined
    let brand: CardBrand
    if (member) {
      maskedCard = member.maskedCard ?? undefined
      brand = member.brand ?? 'UNKNOWN'
    } else {
      const card = await tokenCard(ctx.escott, token)
      if (card.kind === 'failed') return refuseCheckout(ctx, req, res, order, paymentErrorOf(card.error, '1TokenSearch'))
      maskedCard = card.maskedCard
      brand = card.brand
    }
    const payType = /^\d{2}$/.test(str('payType')) ? str('payType') : '01'
    if (!isPayTypeAllowed(brand, payType, ctx.installments)) return refuseCheckout(ctx, req, res, order, fieldError('payType', 'card'))
    const saveCard = !member && owner !== undefined && str('saveCard') === '1'
    const choice: CardChoice = {
      token,
      member,
      saveCard,
      customerId: owner?.id,
      maskedCard,
      details: { payType, brand, maskedCard: safeMask(maskedCard), member: member !== undefined || saveCard, threeDSecure: ctx.threeDSecure },
    }
    if (ctx.threeDSecure) {
      const email = str('email') || owner?.email || order.email || ''
      return startThreeDSecure(ctx, req, res, order, choice, str('cardholderName').normalize('NFKC'), email)
    }
    return chargeHere(ctx, req, res, order, choice)
  })
}

/** Without 3-D Secure: claim the order, register the card first when asked, charge. */
async function chargeHere(ctx: RouterContext, req: Request, res: Response, order: Order, c: CardChoice): Promise<void> {
  const claimed = await ctx.orders.update(order.id, { status: 'processing', method: 'card', fee: 0, amount: order.subtotal, lastError: null }, PAYABLE_STATUSES)
  if (!claimed) return res.redirect(303, alreadyPaid(req, order))
  let source: { token: string } | { member: MemberRef } = { token: c.token }
  if (c.member) source = { member: memberRef(c.member) }
  else if (c.saveCard && c.customerId) {
    try {
      const saved = await registerCardWithToken(ctx.flows, {
        customerId: c.customerId,
        token: c.token,
        maskedCard: c.maskedCard,
        brand: c.details.brand,
        link: { orderId: order.id, merchantFree1: order.merchantFree1 },
      })
      source = { member: memberRef(saved) }
    } catch (err) {
      return respond(ctx, req, res, claimed, await recordAttemptFailure(ctx.flows, claimed, err, 'members.create'))
    }
  }
  await respond(ctx, req, res, claimed, await chargeCard(ctx.flows, { order: claimed, source, details: c.details, capture: ctx.capture }))
}

/** Claims the order, has escott-flows build the request and journal the trip, and sends the auto-submitting form. */
async function startThreeDSecure(ctx: RouterContext, req: Request, res: Response, order: Order, c: CardChoice, cardholderName: string, email: string): Promise<void> {
  const lang = ctx.lang(req)
  // escott-core's rules for BillingFullName / BillingEmail, checked before the order is claimed.
  if (!/^[A-Za-z][A-Za-z .'-]{0,44}$/.test(cardholderName.normalize('NFKC'))) return refuseCheckout(ctx, req, res, order, fieldError('cardholderName', 'card'))
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) return refuseCheckout(ctx, req, res, order, fieldError('email', 'card'))
  const claimed = await ctx.orders.update(
    order.id,
    { status: 'awaiting_3ds', method: 'card', fee: 0, amount: order.subtotal, lastError: null, payment: c.details },
    // A shopper who came back from an abandoned 3-D Secure page may start again: the old trip's late result is
    // recognised by its ProcNo and never applied to the order.
    [...PAYABLE_STATUSES, 'awaiting_3ds'],
  )
  if (!claimed) return res.redirect(303, alreadyPaid(req, order))
  const begun = await beginThreeDSecure(ctx.flows, {
    order: claimed,
    source: c.member ? { member: c.member } : { token: c.token },
    ...(c.saveCard && c.customerId && { saveCard: { customerId: c.customerId } }),
    details: c.details,
    cardholderName,
    email,
    redirectUrl: ctx.absoluteUrl(req, '/3ds/return'),
    postUrl: ctx.absoluteUrl(req, '/3ds/post'),
    capture: ctx.capture,
  })
  if (begun.kind !== 'redirect') return res.redirect(303, `${req.baseUrl}/checkout/${encodeURIComponent(order.id)}`)
  res
    .status(200)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(renderThreeDSecureRedirect(lang, begun.request.action, begun.request.fields))
}
