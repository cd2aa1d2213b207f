/**
 * POST /escott/3ds/return — the gateway returns the shopper's browser here (RedirectUrl). A cross-site POST, usually
 * without any cookie: the session is found from the encrypted result itself. Answers 303 to the storefront.
 */
import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http'
import { allProviders, withOutcome } from '../../../../core/http'
import { applyThreeDSecureReturn } from '../../../../core/three-d-secure-return'

export async function POST(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const outcome = await applyThreeDSecureReturn(req, 'browser')
  const providers = await allProviders(req, 'escott-card')
  const fallback = providers[0]?.provider.runtime.options.storefrontUrl
  if (outcome.kind === 'invalid') {
    if (fallback) return res.redirect(303, withOutcome(fallback, { escott_3ds: 'invalid' }))
    res.status(400).type('text/plain').send('3-D Secure result rejected / 3Dセキュアの結果を受け付けられませんでした')
    return
  }
  const record = outcome.record
  const trip = record.trips?.[record.trips.length - 1]
  const passed = outcome.kind === 'stale' ? undefined : outcome.passed
  const target = trip?.returnUrl ?? fallback
  const status = passed === undefined ? 'stale' : passed ? 'passed' : 'failed'
  if (!target) {
    res.status(200).type('text/plain').send(passed ? '3-D Secure passed / 本人認証が完了しました' : '3-D Secure did not pass / 本人認証ができませんでした')
    return
  }
  res.redirect(303, withOutcome(target, { escott_3ds: status, payment_session_id: record.sessionId }))
}
