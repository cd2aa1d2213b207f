/** POST of the card form: token or stored card, installments checked against the brand, optional "save this card". */
import type { Router } from 'express'
import { detectBrand, isPayTypeAllowed, type CardBrand } from 'escott-core'
import { formText, type RouterContext } from '../context.js'
import { t } from '../i18n.js'
import { authorizeAndRecord, memberRef, recordFailure, safeMask, saveCardWithToken } from '../payment-flow.js'
import type { OrderError, PaymentDetails } from '../types.js'
import { checkoutForm, orderPath, sendCheckout } from './checkout.js'
import { startThreeDSecure } from './three-d-secure.js'

/** A form error shown on the checkout page (no gateway call happened). */
export function formError(lang: 'ja' | 'en', key: Parameters<typeof t>[1]): OrderError {
  const text = { ja: t('ja', key), en: t('en', key) }
  return { codes: [], shopper: text, merchant: text, at: new Date().toISOString() }
}

export function cardRoutes(ctx: RouterContext): Router {
  return checkoutForm(ctx, 'card', async (req, res, order) => {
    const orderPage = orderPath(req, order)
    const restart3ds = order.status === 'awaiting_3ds' && ctx.threeDSecure
    if (order.status !== 'pending' && !restart3ds) return res.redirect(303, orderPage)
    const lang = ctx.lang(req)
    const str = formText(req)
    const reject = (key: Parameters<typeof t>[1]) =>
      sendCheckout(ctx, req, res, { ...order, lastError: formError(lang, key) }, 400)

    const customer = await ctx.customerOf(req)
    // Stored cards only for the customer's own orders (follow-up operations look the member up by the order's customer).
    const owner = customer && order.customerId === customer.id ? customer : undefined
    const useMember = str('useSavedCard') === '1'
    const member = useMember && owner ? await ctx.orders.getMember(owner.id) : undefined
    if (useMember && (!member || member.maskedCard === null)) return reject('badRequest')
    const token = str('token')
    if (!member && !token) return reject('tokenMissing')
    const maskedCard = member ? (member.maskedCard ?? undefined) : str('maskedCard') || undefined
    const brand: CardBrand = member ? ((member.brand as CardBrand | null) ?? 'UNKNOWN') : detectBrand(maskedCard ?? '')
    const payType = /^\d{2}$/.test(str('payType')) ? str('payType') : '01'
    if (!isPayTypeAllowed(brand, payType, ctx.installments)) return reject('invalidPayType')
    const saveCard = !member && owner !== undefined && str('saveCard') === '1'
    const details: PaymentDetails & { payType: string } = {
      payType,
      brand,
      maskedCard: safeMask(maskedCard),
      member: member !== undefined || saveCard,
      threeDSecure: ctx.threeDSecure,
    }

    if (ctx.threeDSecure) {
      return startThreeDSecure(ctx, req, res, order, {
        token: member ? undefined : token,
        member,
        saveCard,
        customerId: owner?.id,
        maskedCard,
        details,
        cardholderName: str('cardholderName'),
        email: str('email') || owner?.email || order.email || '',
      })
    }

    const claimed = await ctx.orders.update(order.id, { status: 'processing', method: 'card', fee: 0, amount: order.subtotal, lastError: null }, ['pending'])
    if (!claimed) return res.redirect(303, orderPage)
    try {
      let source: { token: string } | { member: ReturnType<typeof memberRef> }
      if (member) source = { member: memberRef(member) }
      else if (saveCard) {
        const saved = await saveCardWithToken(ctx, owner!.id, token, maskedCard, { orderId: order.id, merchantFree1: order.merchantFree1 })
        source = { member: memberRef(saved) }
      } else source = { token }
      await authorizeAndRecord(ctx, claimed, source, details)
      res.redirect(303, orderPage)
    } catch (err) {
      const after = await recordFailure(ctx, claimed, err, 'card.authorize')
      if (after.status !== 'pending') return res.redirect(303, orderPage)
      await sendCheckout(ctx, req, res, after, 402)
    }
  })
}
