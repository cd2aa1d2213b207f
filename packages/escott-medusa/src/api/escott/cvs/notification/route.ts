/**
 * POST /escott/cvs/notification — the gateway's payment notification (入金結果通知). Register
 * `<publicUrl>/escott/cvs/notification` as the notification URL in the e-SCOTT console. escott-flows' policy verifies
 * and records it before the acknowledgement is answered; the first verified payment is then handed to Medusa's
 * webhook pipeline, which captures the payment (exactly once: the pipeline's authorize step is idempotent).
 */
import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http'
import { Modules, PaymentWebhookEvents } from '@medusajs/framework/utils'
import { NOTIFICATION_NACK } from 'escott-core'
import { allProviders } from '../../../../core/http'

/** The body as the gateway sent it (the middleware keeps it); a re-encoding of the parsed form otherwise. */
function rawBodyOf(req: MedusaRequest): string {
  const raw = (req as { rawBody?: unknown }).rawBody
  if (Buffer.isBuffer(raw)) return raw.toString('utf8')
  if (typeof raw === 'string') return raw
  const fields = new URLSearchParams()
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) fields.append(k, String(v))
  return fields.toString()
}

export async function POST(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const raw = rawBodyOf(req)
  const merchantId = new URLSearchParams(raw).get('MerchantId')
  const found = (await allProviders(req, 'escott-cvs')).find(({ provider }) => provider.runtime.options.escott.merchantId === merchantId)
  if (!found) {
    res.status(403).type('text/plain').send(NOTIFICATION_NACK)
    return
  }
  const receipt = await found.provider.receiveNotification(raw, req.socket.remoteAddress)
  if (receipt.webhook) {
    const eventBus = req.scope.resolve(Modules.EVENT_BUS) as { emit(e: unknown, o?: unknown): Promise<void> }
    await eventBus.emit(
      { name: PaymentWebhookEvents.WebhookReceived, data: { provider: found.id.replace(/^pp_/, ''), payload: { data: receipt.webhook, rawData: '', headers: {} } } },
      { delay: 0, attempts: 3 },
    )
  }
  res.status(receipt.status).type('text/plain').send(receipt.body)
}
