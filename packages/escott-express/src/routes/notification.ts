/**
 * The payment-notification endpoint (入金結果通知): escott-flows' policy decides (verify, replay, apply, journal what
 * needs a person); this route hands it the raw body and the sender's address, and answers what the policy says —
 * the acknowledgement only once the notification is recorded. The sender's address is Express's `req.ip`, so the
 * app's `trust proxy` setting decides whether X-Forwarded-For counts.
 */
import express, { type Request, type Router } from 'express'
import { handleCvsNotification, notificationResponse } from 'escott-flows'
import { wrap, type RouterContext } from '../context.js'
import type { Order } from '../types.js'

export function notificationRoutes(ctx: RouterContext): Router {
  const router = express.Router()
  // The raw body: escott-core parses it itself (and needs it exactly as sent).
  const text = express.text({ type: () => true, limit: '32kb' })

  router.post(
    '/cvs/notification',
    text,
    wrap(async (req: Request, res) => {
      const outcome = await handleCvsNotification(ctx.flows, {
        body: typeof req.body === 'string' ? req.body : '',
        remoteAddress: req.ip ?? req.socket.remoteAddress,
        ...(ctx.options.notification?.allowedIps && { allowedIps: ctx.options.notification.allowedIps }),
      })
      const { status, body } = notificationResponse(outcome)
      res.status(status).type('text/plain').send(body)
      if (outcome.kind === 'applied') await ctx.emit({ type: 'paid', order: outcome.order as Order })
    }),
  )

  return router
}
