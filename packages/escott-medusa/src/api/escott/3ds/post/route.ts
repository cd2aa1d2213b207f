/** POST /escott/3ds/post — the gateway's server-to-server copy of the 3-D Secure result (PostUrl). */
import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http'
import { applyThreeDSecureReturn } from '../../../../core/three-d-secure-return'

export async function POST(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const outcome = await applyThreeDSecureReturn(req, 'post')
  res
    .status(outcome.kind === 'invalid' ? 400 : 200)
    .type('text/plain')
    .send(outcome.kind === 'invalid' ? 'NG' : 'OK')
}
