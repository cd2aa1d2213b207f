/**
 * POST /escott/3ds/return — the gateway returns the shopper's browser here (RedirectUrl). A cross-site POST, usually
 * without any cookie: the session is found from the encrypted result itself. Answers 303 to the storefront.
 */
import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http'
import { allProviders, withOutcome } from '../../../../core/http'
import { applyThreeDSecureReturn } from '../../../../core/three-d-secure-return'

export async function POST(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const result = await applyThreeDSecureReturn(req, 'browser')
  const providers = await allProviders(req, 'escott-card')
  const fallback = providers[0]?.provider.runtime.options.storefrontUrl
  if (result.kind === 'invalid') {
    if (fallback) return res.redirect(303, withOutcome(fallback, { escott_3ds: 'invalid' }))
    res.status(400).type('text/plain').send('3-D Secure result rejected / 3Dセキュアの結果を受け付けられませんでした')
    return
  }
  const target = result.session.extras.returnUrl ?? fallback
  if (!target) {
    res
      .status(200)
      .type('text/plain')
      .send(result.outcome === 'passed' ? '3-D Secure passed / 本人認証が完了しました' : '3-D Secure did not pass / 本人認証ができませんでした')
    return
  }
  res.redirect(303, withOutcome(target, { escott_3ds: result.outcome, payment_session_id: result.session.id }))
}
