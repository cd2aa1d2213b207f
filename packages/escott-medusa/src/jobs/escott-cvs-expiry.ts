/** Every 15 minutes: convenience-store payments still unpaid past their deadline are cancelled (gateway and Medusa). */
import type { MedusaContainer } from '@medusajs/framework/types'
import { ContainerRegistrationKeys, Modules } from '@medusajs/framework/utils'
import { expireCvsPayments } from '../core/cvs-expiry'

export const ESCOTT_CVS_EXPIRED_EVENT = 'escott.cvs_payment.expired'

export default async function escottCvsExpiry(container: MedusaContainer): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const expired = await expireCvsPayments(container.resolve(Modules.PAYMENT), logger)
  if (expired.length) {
    const eventBus = container.resolve(Modules.EVENT_BUS)
    await eventBus.emit(expired.map((id) => ({ name: ESCOTT_CVS_EXPIRED_EVENT, data: { payment_session_id: id } })))
  }
}

export const config = { name: 'escott-cvs-expiry', schedule: '*/15 * * * *' }
