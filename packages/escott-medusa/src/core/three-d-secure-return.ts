/** The gateway's 3-D Secure answers (browser return and PostUrl) reach the session they were started for. */
import type { MedusaRequest } from '@medusajs/framework/http'
import type { ThreeDSecureReturn } from '../services/escott-card'
import { allProviders, paymentModuleOf } from './http'

export function encryptValueOf(req: MedusaRequest): string {
  const v = (req.body as Record<string, unknown> | undefined)?.EncryptValue
  return typeof v === 'string' ? v : ''
}

/**
 * Decrypts with each configured card provider (one per e-SCOTT merchant) until one recognises the payload, then
 * writes the session's new public data onto Medusa's payment session so the storefront sees it.
 */
export async function applyThreeDSecureReturn(req: MedusaRequest, source: 'browser' | 'post'): Promise<ThreeDSecureReturn> {
  const value = encryptValueOf(req)
  let result: ThreeDSecureReturn = { kind: 'invalid', reason: 'rejected' }
  for (const { provider } of await allProviders(req, 'escott-card')) {
    result = await provider.applyThreeDSecureResult(value, source)
    if (result.kind !== 'invalid' || result.reason !== 'rejected') break
  }
  if (result.kind === 'session') {
    const payment = paymentModuleOf(req)
    const session = await payment.retrievePaymentSession(result.session.id).catch(() => undefined)
    if (session) await payment.updatePaymentSession({ id: session.id, amount: session.amount, currency_code: session.currency_code, data: session.data ?? {} })
  }
  return result
}
