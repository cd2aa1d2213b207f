/**
 * POST /escott/cvs/notification — the gateway's payment notification (入金結果通知). Register
 * `<publicUrl>/escott/cvs/notification` as the notification URL in the e-SCOTT console. The notification is
 * verified and recorded before the acknowledgement is answered, then handed to Medusa's webhook pipeline, which
 * captures the payment (exactly once: the pipeline's authorize step is idempotent).
 */
import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http'
import { Modules, PaymentWebhookEvents } from '@medusajs/framework/utils'
import type { NotificationOutcome } from '../../../../services/escott-cvs'
import { allProviders } from '../../../../core/http'

export async function POST(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const body = (req.body ?? {}) as Record<string, unknown>
  const remote = req.socket.remoteAddress
  let outcome: NotificationOutcome = { status: 403, body: '1' }
  let providerId: string | undefined
  for (const { id, provider } of await allProviders(req, 'escott-cvs')) {
    if (provider.runtime.options.escott.merchantId !== body.MerchantId) continue
    outcome = await provider.receiveNotification(body, remote)
    providerId = id
    break
  }
  if (outcome.sessionId && outcome.payload && providerId) {
    const eventBus = req.scope.resolve(Modules.EVENT_BUS) as { emit(e: unknown, o?: unknown): Promise<void> }
    await eventBus.emit(
      { name: PaymentWebhookEvents.WebhookReceived, data: { provider: providerId.replace(/^pp_/, ''), payload: { data: outcome.payload, rawData: '', headers: {} } } },
      { delay: 0, attempts: 3 },
    )
  }
  res.status(outcome.status).type('text/plain').send(outcome.body)
}
