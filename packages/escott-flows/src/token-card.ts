/**
 * Which card a token stands for, from the gateway (1TokenSearch) rather than from the browser: the masked number the
 * token script hands the page is a form field the shopper can rewrite, and the brand decides the installments offered
 * and what the order records.
 */
import { detectBrand, type CardBrand, type EscottClient } from 'escott-core'
import { safeMask } from './charge.js'

/** Result of {@link tokenCard}. */
export type TokenCard =
  /** The gateway's masked number (last four digits kept) and the brand detected from it. */
  | { kind: 'card'; maskedCard: string | undefined; brand: CardBrand }
  /** 1TokenSearch refused (unusable card: TokenResponseCd, expired or used token) or could not be asked. */
  | { kind: 'failed'; error: unknown }

/**
 * Looks the token up with 1TokenSearch (it does not consume the token).
 *
 * @example
 * ```ts
 * const card = await tokenCard(escott, token)
 * if (card.kind === 'failed') return showError(paymentErrorOf(card.error))
 * if (!isPayTypeAllowed(card.brand, payType)) return refuse()
 * ```
 */
export async function tokenCard(escott: Pick<EscottClient, 'tokens'>, token: string): Promise<TokenCard> {
  try {
    const info = await escott.tokens.retrieve(token)
    return { kind: 'card', maskedCard: safeMask(info.maskedCardNo), brand: info.maskedCardNo ? detectBrand(info.maskedCardNo) : 'UNKNOWN' }
  } catch (error) {
    return { kind: 'failed', error }
  }
}
