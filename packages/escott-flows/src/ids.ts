/** Journal line ids. The protocol's ids (MerchantFree1, KaiinId, KaiinPass) are escott-core's. */
import { randomInt } from 'node:crypto'

const ALNUM_MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A journal line id: 20 random letters and digits. */
export function newJournalId(): string {
  let out = ''
  for (let i = 0; i < 20; i++) out += ALNUM_MIXED[randomInt(ALNUM_MIXED.length)]
  return out
}
