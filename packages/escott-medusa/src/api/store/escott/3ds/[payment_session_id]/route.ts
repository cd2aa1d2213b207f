/**
 * POST /store/escott/3ds/:payment_session_id — starts EMV 3-D Secure for a card payment session.
 * Body: `{ cardholderName, email, return_url? }`. Answer: `{ action, fields }`, to auto-post from the browser.
 */
import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http'
import { MedusaError } from '@medusajs/framework/utils'
import { checkReturnUrl, clientOf, paymentModuleOf, sendLocked } from '../../../../../core/http'
import { escottProvider } from '../../../../../core/resolve-provider'

export async function POST(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const id = req.params.payment_session_id!
  const body = (req.body ?? {}) as Record<string, unknown>
  const payment = paymentModuleOf(req)
  const session = await payment.retrievePaymentSession(id).catch(() => undefined)
  if (!session || !session.provider_id.startsWith('pp_escott-card')) throw new MedusaError(MedusaError.Types.NOT_FOUND, `escott: no e-SCOTT card payment session ${id}`)
  const provider = escottProvider(payment, session.provider_id, 'escott-card')
  const { options } = provider.runtime
  // Every new card on this checkout counts (escott-flows' throttling): card testing meets 429 before the gateway.
  const verdict = await provider.checkPaymentAttempt(session.payment_collection_id, clientOf(req))
  if (verdict.kind === 'locked') return sendLocked(req, res, verdict)
  const cardholderName = typeof body.cardholderName === 'string' ? body.cardholderName.trim() : ''
  const email = typeof body.email === 'string' ? body.email.trim() : ''
  if (!/^[A-Za-z][A-Za-z .'-]{0,44}$/.test(cardholderName)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: cardholderName is required: the name as printed on the card, in roman letters (カード名義をローマ字で入力してください)')
  }
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: email is required (メールアドレスを入力してください)')
  const returnUrl = checkReturnUrl(req, body.return_url, options.storefrontUrl)
  const request = await provider.startThreeDSecure(id, {
    cardholderName: cardholderName.toUpperCase(),
    email,
    redirectUrl: `${options.publicUrl}/escott/3ds/return`,
    postUrl: `${options.publicUrl}/escott/3ds/post`,
    returnUrl,
  })
  res.status(200).json({ action: request.action, fields: request.fields })
}
