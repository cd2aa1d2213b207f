/** Shape of the response-code catalog. */

/**
 * What kind of problem a response code reports. Drives the `EscottError` subclass that is thrown.
 * - `declined`: the card issuer refused (G-codes and similar); the shopper should use another card or ask the issuer.
 * - `invalid_request`: a field the merchant's code sent was malformed or missing.
 * - `merchant_configuration`: contract or admin-console settings (3-D Secure contract, IP restriction, credentials…).
 * - `three_d_secure`: EMV 3-D Secure authentication failed or could not run.
 * - `token`: card token problems (used, expired, locked…).
 * - `member`: stored-card (card member) problems.
 * - `transaction_state`: the operation is not allowed in the transaction's current state, or the original is missing.
 * - `cvs`: online payment collection (convenience store / Pay-easy / e-money) problems.
 * - `system`: gateway or card-network trouble, usually temporary.
 */
export type CodeCategory = 'declined' | 'invalid_request' | 'merchant_configuration' | 'three_d_secure' | 'token' | 'member' | 'transaction_state' | 'cvs' | 'system'

/** Whether a card decline may succeed later on the same card (`soft`) or not (`hard`). */
export type DeclineKind = 'soft' | 'hard'

/** A text in both languages the SDK speaks. */
export interface Bilingual {
  ja: string
  en: string
}

/** One entry of the response-code catalog. */
export interface CodeEntry {
  /** The code as the gateway sends it, e.g. `K71`. */
  code: string
  category: CodeCategory
  /** True when the same request may succeed if sent again later (temporary trouble), without any change. */
  retryable: boolean
  /**
   * Set on every `declined` code, for dunning (retrying a recurring charge on a stored card later):
   * - `soft`: the same card may succeed later without the shopper changing anything (over the credit or daily limit,
   *   the issuer's decision on hold, temporary issuer or network trouble, generic refusals);
   * - `hard`: it will not (invalid, lost, stolen, expired or closed card, wrong card number or card data, a payment
   *   option the card does not offer): stop retrying and ask for another card or payment option.
   * Sources and the choice per code: https://github.com/escott-js/escott/blob/main/docs/response-codes.md, "Soft and hard declines".
   */
  declineKind?: DeclineKind
  /** The gateway's own short label (Japanese), as found in the public integrations. */
  label: string
  /** The wire field the code is about, when it is a field check (e.g. `KanaSei` for K25). */
  field?: string
  /** Safe text for the shopper: no internal detail. */
  shopper: Bilingual
  /** Cause, for the merchant or developer. */
  merchant: Bilingual
  /** What to do about it: the concrete fix (admin-console setting, support contact, code change). */
  remedy: Bilingual
  /** False only for codes the catalog does not know (synthesised by `explainCode`). */
  known: boolean
}

/** The stored form of an entry (the code is the key; `known` is implied). */
export type CodeEntryData = Omit<CodeEntry, 'code' | 'known'>
