/**
 * Every hour: what reached the gateway but never finished here is reconciled with 1Search when its ProcessId is known
 * (escott-flows' recovery); the rest is logged for a person, who settles it through GET/POST /admin/escott/recovery.
 */
import type { MedusaContainer } from '@medusajs/framework/types'
import { ContainerRegistrationKeys, Modules } from '@medusajs/framework/utils'
import { reconcileOpenCases } from '../core/recovery'

export default async function escottRecovery(container: MedusaContainer): Promise<void> {
  await reconcileOpenCases(container.resolve(Modules.PAYMENT), container.resolve(ContainerRegistrationKeys.LOGGER))
}

export const config = { name: 'escott-recovery', schedule: '17 * * * *' }
