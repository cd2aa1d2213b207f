/** Convenience store / Pay-easy / e-money: register the payment (2Add) with the fee from the fee tiers. */
import type { Router } from 'express'
import type { CvsPayment } from 'escott-core'
import { formText, type RouterContext } from '../context.js'
import { journaled } from '../journal.js'
import { chargeSummary, recordCharge, recordFailure, type ChargeRecord } from '../payment-flow.js'
import type { Order } from '../types.js'
import { formError } from './card.js'
import { checkoutForm, cvsQuote, notFound, orderPath, sendCheckout } from './checkout.js'

/** ShouhinName (≤ 16 characters): the first item's name, with 他 when there are more. */
export function productNameOf(order: Order): string {
  const first = order.items[0]?.name ?? 'ご注文'
  const suffix = order.items.length > 1 ? ' 他' : ''
  return Array.from(first).slice(0, 16 - suffix.length).join('') + suffix
}

function cvsCharge(p: CvsPayment): ChargeRecord {
  return {
    status: 'unpaid',
    method: 'cvs',
    payment: {
      processId: p.processId,
      processPass: p.processPass,
      transactionId: p.transactionId,
      kessaiNumber: p.kessaiNumber,
      paymentPageUrl: p.paymentPageUrl,
      payLimit: p.payLimit.toISOString(),
      authorizedAt: new Date().toISOString(),
      cvsChanges: 0,
    },
  }
}

export function cvsRoutes(ctx: RouterContext): Router {
  return checkoutForm(ctx, 'cvs', async (req, res, order) => {
    if (!ctx.cvs) return notFound(ctx, req, res)
    const orderPage = orderPath(req, order)
    if (order.status !== 'pending') return res.redirect(303, orderPage)
    const lang = ctx.lang(req)
    const str = formText(req)
    const cvsForm = { nameKanji: str('nameKanji'), nameKana: str('nameKana'), telNo: str('telNo') }
    const quote = cvsQuote(ctx, order)!
    if (!quote.available) return sendCheckout(ctx, req, res, { ...order, lastError: formError(lang, 'cvsUnavailable') }, 400, { method: 'cvs' })
    if (!cvsForm.nameKanji || !cvsForm.nameKana || !cvsForm.telNo) {
      return sendCheckout(ctx, req, res, { ...order, lastError: formError(lang, 'badRequest') }, 400, { method: 'cvs', cvsForm })
    }
    const amount = order.subtotal + quote.fee
    const claimed = await ctx.orders.update(order.id, { status: 'processing', method: 'cvs', fee: quote.fee, amount, lastError: null }, ['pending'])
    if (!claimed) return res.redirect(303, orderPage)
    try {
      const { result } = await journaled(
        ctx.orders,
        { orderId: order.id, merchantFree1: order.merchantFree1, operation: 'cvs.create', amount },
        () =>
          ctx.escott.cvs.create({
            amount,
            payLimit: ctx.cvs!.payLimitDays,
            ...cvsForm,
            productName: productNameOf(order),
            merchantFree1: order.merchantFree1,
          }),
        (p) => chargeSummary(cvsCharge(p)),
      )
      await recordCharge(ctx, claimed, cvsCharge(result))
      res.redirect(303, orderPage)
    } catch (err) {
      const after = await recordFailure(ctx, claimed, err, 'cvs.create')
      if (after.status !== 'pending') return res.redirect(303, orderPage)
      await sendCheckout(ctx, req, res, after, 400, { method: 'cvs', cvsForm })
    }
  })
}
