/** The gateway's 3-D Secure answers (browser return and PostUrl) reach the session they were started for. */
import type { MedusaRequest } from '@medusajs/framework/http'
import type { ThreeDSecureOutcome } from '../services/escott-card'
import { allProviders, paymentModuleOf } from './http'

export function encryptValueOf(req: MedusaRequest): string {
  const v = (req.body as Record<string, unknown> | undefined)?.EncryptValue
  return typeof v === 'string' ? v : ''
}

/**
 * Decrypts with each configured card provider (one per e-SCOTT merchant) until one recognises the payload, then
 * writes the outcome onto Medusa's payment session so the storefront sees it.
 */
export async function applyThreeDSecureReturn(req: MedusaRequest, source: 'browser' | 'post'): Promise<ThreeDSecureOutcome> {
  const value = encryptValueOf(req)
  let outcome: ThreeDSecureOutcome = { kind: 'invalid', reason: 'rejected' }
  for (const { provider } of await allProviders(req, 'escott-card')) {
    outcome = await provider.applyThreeDSecureResult(value, source)
    if (outcome.kind !== 'invalid' || outcome.reason !== 'rejected') break
  }
  if (outcome.kind === 'applied') {
    const payment = paymentModuleOf(req)
    const session = await payment.retrievePaymentSession(outcome.record.sessionId).catch(() => undefined)
    if (session) await payment.updatePaymentSession({ id: session.id, amount: session.amount, currency_code: session.currency_code, data: session.data ?? {} })
  }
  return outcome
}
