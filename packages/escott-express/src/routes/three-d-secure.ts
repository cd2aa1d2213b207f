/**
 * EMV 3-D Secure returns: the browser return (RedirectUrl) and the server-to-server copy (PostUrl). Both hand the
 * result to escott-flows' `applyThreeDSecureResult`, which applies it exactly once whichever comes first; neither
 * needs the shopper's session cookie, so a SameSite cookie lost on the cross-site POST changes nothing.
 */
import express, { type Request, type Router } from 'express'
import { explainCode } from 'escott-core'
import { applyThreeDSecureResult, PAYABLE_STATUSES, waitForRegistration, waitForSettled, type RegistrationOutcome } from 'escott-flows'
import { wrap, type RouterContext } from '../context.js'
import { t } from '../i18n.js'
import type { Order } from '../types.js'
import { renderMessage } from '../views/message.js'
import { emitPlaced } from './checkout.js'

/** Why a registration failed, as "my page" explains it: `3ds` (authentication), `declined` (the card), `error`. */
export type RegistrationFailure = '3ds' | 'declined' | 'error'

/** The kind of a registration failure from its response codes. */
export function registrationFailure(codes: readonly string[]): RegistrationFailure {
  const categories = codes.map((c) => explainCode(c).category)
  if (categories.includes('three_d_secure')) return '3ds'
  if (categories.includes('declined')) return 'declined'
  return 'error'
}

/** Query string of "my page" after a registration: `done=saved|replaced|pending` or `failed=3ds|declined|error`. */
function registrationQuery(o: RegistrationOutcome): string {
  if (o.kind === 'failed') return `failed=${registrationFailure(o.codes)}`
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
      const outcome = await applyThreeDSecureResult(ctx.flows, encryptValueOf(req), { source: 'browser', capture: ctx.capture })
      if (outcome.kind === 'card') {
        const settled = outcome.outcome.kind === 'busy' ? await waitForRegistration(ctx.store.journal, outcome.outcome.trip, ctx.settleWaitMs) : outcome.outcome
        return res.redirect(303, `${req.baseUrl}/cards?${registrationQuery(settled)}`)
      }
      if (outcome.kind === 'invalid') {
        return ctx.page(res, req, 400, t(lang, 'threeDSecureFailed'), renderMessage(lang, t(lang, 'threeDSecureFailed'), t(lang, 'threeDSecureFailed'), ctx.shopUrl))
      }
      const order = outcome.kind === 'busy' ? ((await waitForSettled(ctx.orders, outcome.order.id, ctx.settleWaitMs)) ?? outcome.order) : outcome.order
      if (outcome.kind === 'done') await emitPlaced(ctx, order as Order)
      const id = encodeURIComponent(order.id)
      // 303 turns the POST into a top-level GET, on which SameSite=Lax cookies are sent again.
      res.redirect(303, PAYABLE_STATUSES.includes(order.status) ? `${req.baseUrl}/checkout/${id}` : `${req.baseUrl}/orders/${id}`)
    }),
  )

  // Server-to-server copy (PostUrl): finishes the order even when the browser never comes back.
  router.post(
    '/3ds/post',
    form,
    wrap(async (req, res) => {
      const outcome = await applyThreeDSecureResult(ctx.flows, encryptValueOf(req), { source: 'post', capture: ctx.capture })
      if (outcome.kind === 'invalid') return res.status(400).type('text/plain').send('NG')
      if (outcome.kind === 'done') await emitPlaced(ctx, outcome.order as Order)
      res.status(200).type('text/plain').send('OK')
    }),
  )

  return router
}
