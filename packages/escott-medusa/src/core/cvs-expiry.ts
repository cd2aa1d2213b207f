/**
 * Cancels convenience-store payments left unpaid past their deadline: at the gateway (2Del, so the slip stops
 * working) and in Medusa (the session becomes `canceled`). Medusa's webhook pipeline drops canceled events, so the
 * plugin's scheduled job runs this.
 */
import type { IPaymentModuleService, Logger } from '@medusajs/framework/types'
import { PaymentSessionStatus } from '@medusajs/framework/utils'
import { escottProvider, escottProviderIds } from './resolve-provider'

export async function expireCvsPayments(paymentModule: IPaymentModuleService, logger?: Logger, now = new Date()): Promise<string[]> {
  const expired: string[] = []
  for (const providerId of await escottProviderIds(paymentModule, 'escott-cvs')) {
    const provider = escottProvider(paymentModule, providerId, 'escott-cvs')
    for (const s of await provider.expireDue(now)) {
      const session = await paymentModule.retrievePaymentSession(s.id).catch(() => undefined)
      if (session) {
        await paymentModule.updatePaymentSession({ id: session.id, amount: session.amount, currency_code: session.currency_code, data: session.data ?? {}, status: PaymentSessionStatus.CANCELED })
      }
      expired.push(s.id)
      logger?.info(`escott: convenience-store payment ${s.merchantFree1} expired unpaid and was canceled`)
    }
  }
  return expired
}
