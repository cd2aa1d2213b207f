import { authenticate, defineMiddlewares, type MedusaNextFunction, type MedusaRequest, type MedusaResponse } from '@medusajs/framework/http'
import { clientOf, paymentModuleOf, sendLocked } from '../core/http'
import { escottProvider } from '../core/resolve-provider'

/**
 * Each e-SCOTT payment session a checkout creates (a new card token, a new payer) is a payment attempt: counted per
 * payment collection and per client by escott-flows' throttling, refused with 429 when over the limits.
 */
async function paymentAttemptLimit(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction): Promise<void> {
  const providerId = (req.body as { provider_id?: unknown } | undefined)?.provider_id
  const identifier = typeof providerId === 'string' ? (/^pp_(escott-card|escott-cvs)(_|$)/.exec(providerId)?.[1] as 'escott-card' | 'escott-cvs' | undefined) : undefined
  if (!identifier) return next()
  try {
    const verdict = await escottProvider(paymentModuleOf(req), providerId as string, identifier).checkPaymentAttempt(req.params.id!, clientOf(req))
    if (verdict.kind === 'locked') return sendLocked(req, res, verdict)
  } catch (err) {
    return next(err)
  }
  next()
}

export default defineMiddlewares({
  routes: [
    // Saved cards belong to a logged-in customer (session cookie or bearer token from /auth/customer/emailpass).
    { matcher: '/store/escott/payment-methods*', middlewares: [authenticate('customer', ['session', 'bearer'])] },
    { matcher: '/store/payment-collections/:id/payment-sessions', methods: ['POST'], middlewares: [paymentAttemptLimit] },
    // escott-core verifies the notification from the body exactly as the gateway sent it.
    { matcher: '/escott/cvs/notification', methods: ['POST'], bodyParser: { preserveRawBody: true, sizeLimit: '32kb' } },
  ],
})
