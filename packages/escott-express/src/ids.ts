/** The shop's own ids. The protocol's (MerchantFree1, KaiinId, KaiinPass) are escott-core's. */
import { randomInt } from 'node:crypto'

const ALNUM_MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Public order id: 22 unguessable characters (the order page URL is a capability). */
export function newOrderId(): string {
  let out = ''
  for (let i = 0; i < 22; i++) out += ALNUM_MIXED[randomInt(ALNUM_MIXED.length)]
  return out
}
