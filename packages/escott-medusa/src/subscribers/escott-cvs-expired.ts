/**
 * An expired convenience-store payment cancels its order (when one was placed and nothing was fulfilled), through
 * Medusa's own cancel-order workflow.
 */
import type { SubscriberArgs, SubscriberConfig } from '@medusajs/framework'
import { ContainerRegistrationKeys, Modules } from '@medusajs/framework/utils'

export default async function escottCvsExpired({ event, container }: SubscriberArgs<{ payment_session_id: string }>): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: 'payment_session',
    fields: ['id', 'payment_collection.id', 'payment_collection.order.id', 'payment_collection.order.status'],
    filters: { id: event.data.payment_session_id },
  })
  const order = (data[0] as any)?.payment_collection?.order
  if (!order?.id || order.status === 'canceled') return
  try {
    const engine = container.resolve(Modules.WORKFLOW_ENGINE)
    await engine.run('cancel-order', { input: { order_id: order.id } })
    logger.info(`escott: order ${order.id} cancelled: its convenience-store payment expired unpaid`)
  } catch (err) {
    logger.warn(`escott: order ${order.id} keeps its place although its convenience-store payment expired: ${(err as Error).message}`)
  }
}

export const config: SubscriberConfig = { event: 'escott.cvs_payment.expired', context: { subscriberId: 'escott-cvs-expired' } }
