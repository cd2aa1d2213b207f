/** Convenience store / Pay-easy / e-money: register the payment (2Add) with the fee from the fee tiers. */
import type { Router } from 'express'
import { createCvsPayment, cvsProductName, PAYABLE_STATUSES } from 'escott-flows'
import { formText, type RouterContext } from '../context.js'
import { fieldError, formError } from '../errors.js'
import type { Order } from '../types.js'
import { alreadyPaid, checkoutForm, cvsQuote, emitPlaced, isPayable, notFound, orderPath, refuseCheckout } from './checkout.js'

/** The longest NameKanji / NameKana escott-core accepts (refused with a message instead of cut by the browser). */
const NAME_MAX = 20

export function cvsRoutes(ctx: RouterContext): Router {
  return checkoutForm(ctx, 'cvs', async (req, res, order) => {
    const cvs = ctx.cvs
    if (!cvs) return notFound(ctx, req, res)
    if (!isPayable(order)) return res.redirect(303, alreadyPaid(req, order))
    const str = formText(req)
    const cvsForm = { nameKanji: str('nameKanji'), nameKana: str('nameKana'), telNo: str('telNo') }
    const quote = cvsQuote(ctx, order)!
    if (!quote.available) return refuseCheckout(ctx, req, res, order, formError('cvsUnavailable', 'cvs'))
    if (!cvsForm.nameKanji || [...cvsForm.nameKanji].length > NAME_MAX) return refuseCheckout(ctx, req, res, order, fieldError('nameKanji', 'cvs'))
    if (!cvsForm.nameKana || [...cvsForm.nameKana].length > NAME_MAX) return refuseCheckout(ctx, req, res, order, fieldError('nameKana', 'cvs'))
    if (!cvsForm.telNo) return refuseCheckout(ctx, req, res, order, fieldError('telNo', 'cvs'))
    const amount = order.subtotal + quote.fee
    const claimed = await ctx.orders.update(order.id, { status: 'processing', method: 'cvs', fee: quote.fee, amount, lastError: null }, PAYABLE_STATUSES)
    if (!claimed) return res.redirect(303, alreadyPaid(req, order))
    const outcome = await createCvsPayment(ctx.flows, {
      order: claimed,
      params: { payLimit: cvs.payLimitDays, ...cvsForm, productName: cvsProductName(order.items.map((i) => i.name)) },
    })
    if (outcome.kind === 'charged') await emitPlaced(ctx, outcome.order as Order)
    if (outcome.kind !== 'failed') return res.redirect(303, orderPath(req, order))
    // Nothing was registered: the order is payable again, without the fee, and shows why.
    await ctx.orders.update(order.id, { fee: 0, amount: order.subtotal })
    res.redirect(303, `${req.baseUrl}/checkout/${encodeURIComponent(order.id)}`)
  })
}
