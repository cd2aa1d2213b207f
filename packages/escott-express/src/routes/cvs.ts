/** Convenience store / Pay-easy / e-money: register the payment (2Add) with the fee from the fee tiers. */
import type { Router } from 'express'
import { createCvsPayment, cvsProductName, PAYABLE_STATUSES } from 'escott-flows'
import { formText, type RouterContext } from '../context.js'
import { formError } from '../errors.js'
import { checkoutForm, cvsQuote, isPayable, notFound, orderPath, sendCheckout } from './checkout.js'

export function cvsRoutes(ctx: RouterContext): Router {
  return checkoutForm(ctx, 'cvs', async (req, res, order) => {
    const cvs = ctx.cvs
    if (!cvs) return notFound(ctx, req, res)
    const orderPage = orderPath(req, order)
    if (!isPayable(order)) return res.redirect(303, orderPage)
    const str = formText(req)
    const cvsForm = { nameKanji: str('nameKanji'), nameKana: str('nameKana'), telNo: str('telNo') }
    const quote = cvsQuote(ctx, order)!
    if (!quote.available) return sendCheckout(ctx, req, res, { ...order, lastError: formError('cvsUnavailable') }, 400, { method: 'cvs' })
    if (!cvsForm.nameKanji || !cvsForm.nameKana || !cvsForm.telNo) {
      return sendCheckout(ctx, req, res, { ...order, lastError: formError('badRequest') }, 400, { method: 'cvs', cvsForm })
    }
    const amount = order.subtotal + quote.fee
    const claimed = await ctx.orders.update(order.id, { status: 'processing', method: 'cvs', fee: quote.fee, amount, lastError: null }, PAYABLE_STATUSES)
    if (!claimed) return res.redirect(303, orderPage)
    const outcome = await createCvsPayment(ctx.flows, {
      order: claimed,
      params: { payLimit: cvs.payLimitDays, ...cvsForm, productName: cvsProductName(order.items.map((i) => i.name)) },
    })
    if (outcome.kind !== 'failed') return res.redirect(303, orderPage)
    // Nothing was registered: the order is payable again, without the fee.
    const reopened = (await ctx.orders.update(order.id, { fee: 0, amount: order.subtotal })) ?? claimed
    await sendCheckout(ctx, req, res, reopened, 400, { method: 'cvs', cvsForm })
  })
}
