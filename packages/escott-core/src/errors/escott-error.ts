/**
 * Every error the SDK throws. One module, one base class: `EscottError`.
 *
 * - Gateway refusals (a `ResponseCd` other than `OK`) become a subclass chosen by the catalog category of the
 *   first code: `EscottCardDeclinedError`, `EscottInvalidRequestError`, `EscottMerchantConfigurationError`,
 *   `EscottThreeDSecureError`, `EscottTokenError`, `EscottMemberError`, `EscottTransactionStateError`,
 *   `EscottCvsError`, `EscottGatewayError`.
 * - `EscottValidationError`: bad input caught before anything was sent.
 * - `EscottConnectionError`: the request could not be delivered; nothing can have been charged.
 * - `EscottOutcomeUnknownError`: the request was sent but no answer came back; the charge may or may not exist.
 *   Never retried automatically; carries `merchantFree1` to reconcile.
 * - `EscottNotificationError`: a payment notification failed verification.
 */
import type { Bilingual, CodeCategory, CodeEntry } from './codes/types.js'

/** A language the SDK writes messages in. */
export type Language = 'ja' | 'en'

const GENERIC_SHOPPER: Bilingual = {
  ja: '決済処理でエラーが発生しました。お手数ですが、しばらくしてから再度お試しいただくか、ショップまでお問い合わせください。',
  en: 'The payment could not be processed. Please try again later or contact the shop.',
}

export interface EscottErrorOptions {
  message: string
  operation?: string | undefined
  codes?: string[]
  entries?: CodeEntry[]
  retryable?: boolean
  category?: CodeCategory | 'validation' | 'connection' | 'outcome_unknown' | 'notification' | 'configuration'
  shopper?: Bilingual
  merchant?: Bilingual
  remedy?: Bilingual
  merchantFree1?: string | undefined
  processId?: string | undefined
  /** Raw response fields, already stripped of secrets. */
  raw?: Record<string, string>
  cause?: unknown
}

/** Base class of everything the SDK throws. `instanceof EscottError` catches them all. */
export class EscottError extends Error {
  override name = 'EscottError'
  /** e-SCOTT OperateId (e.g. `1Auth`) of the failed call, when there was one. */
  readonly operation: string | undefined
  /** All response codes the gateway returned (`ResponseCd` split on `|`). */
  readonly codes: string[]
  /** Catalog entries for `codes`, in the same order. */
  readonly entries: CodeEntry[]
  /** Whether sending the identical request again later may succeed. */
  readonly retryable: boolean
  readonly category: NonNullable<EscottErrorOptions['category']>
  /** The `MerchantFree1` the request carried: your order reference, for reconciliation. */
  readonly merchantFree1: string | undefined
  readonly processId: string | undefined
  /** Response fields as received (secrets removed), for debugging. */
  readonly raw: Record<string, string> | undefined
  readonly #shopper: Bilingual
  readonly #merchant: Bilingual
  readonly #remedy: Bilingual | undefined

  constructor(options: EscottErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause })
    this.operation = options.operation
    this.codes = options.codes ?? []
    this.entries = options.entries ?? []
    this.retryable = options.retryable ?? false
    this.category = options.category ?? 'system'
    this.merchantFree1 = options.merchantFree1
    this.processId = options.processId
    this.raw = options.raw
    this.#shopper = options.shopper ?? options.entries?.[0]?.shopper ?? GENERIC_SHOPPER
    this.#merchant = options.merchant ?? options.entries?.[0]?.merchant ?? { ja: options.message, en: options.message }
    this.#remedy = options.remedy ?? options.entries?.[0]?.remedy
  }

  /** The first response code, e.g. `G12`; undefined for errors that did not come from the gateway. */
  get code(): string | undefined {
    return this.codes[0]
  }

  /** A message safe to show the shopper (no internal detail). */
  shopperMessage(lang: Language = 'ja'): string {
    return this.#shopper[lang]
  }

  /** Cause and fix, for the merchant or developer (logs, admin pages). */
  merchantMessage(lang: Language = 'ja'): string {
    const remedy = this.#remedy?.[lang]
    return remedy ? `${this.#merchant[lang]} ${lang === 'ja' ? '対処: ' : 'Fix: '}${remedy}` : this.#merchant[lang]
  }

  /** The concrete remedy, when the catalog has one. */
  remedy(lang: Language = 'ja'): string | undefined {
    return this.#remedy?.[lang]
  }

  /** Serialisable view for structured logs; contains no secrets. */
  toJSON() {
    return {
      name: this.name,
      message: this.message,
      operation: this.operation,
      codes: this.codes,
      category: this.category,
      retryable: this.retryable,
      merchantFree1: this.merchantFree1,
      processId: this.processId,
    }
  }
}

/** The card issuer refused the transaction (G-codes and friends). Ask the shopper for another card. */
export class EscottCardDeclinedError extends EscottError {
  override name = 'EscottCardDeclinedError'
}
/** A field sent to the gateway was rejected (K-code field checks). A code fix is needed. */
export class EscottInvalidRequestError extends EscottError {
  override name = 'EscottInvalidRequestError'
}
/** Contract or admin-console settings prevent the operation (3-D Secure contract, IP restriction, credentials, lock-out). */
export class EscottMerchantConfigurationError extends EscottError {
  override name = 'EscottMerchantConfigurationError'
}
/** 3-D Secure authentication failed or could not run. */
export class EscottThreeDSecureError extends EscottError {
  override name = 'EscottThreeDSecureError'
}
/** The card token is invalid, used, expired or locked. */
export class EscottTokenError extends EscottError {
  override name = 'EscottTokenError'
}
/** Stored-card (card member) problems: unknown, invalid, locked or inconsistent members. */
export class EscottMemberError extends EscottError {
  override name = 'EscottMemberError'
}
/** The transaction is not in a state that allows the operation, or the original transaction is missing. */
export class EscottTransactionStateError extends EscottError {
  override name = 'EscottTransactionStateError'
}
/** Online payment collection (convenience store / Pay-easy / e-money) errors. */
export class EscottCvsError extends EscottError {
  override name = 'EscottCvsError'
}
/** Gateway or card-network trouble, usually temporary. */
export class EscottGatewayError extends EscottError {
  override name = 'EscottGatewayError'
}

/** One problem found in the input, with the field path and how to fix it. */
export interface ValidationIssue {
  /** Dotted path of the offending input, e.g. `amount` or `member.kaiinId`. */
  field: string
  /** What is wrong and how to fix it. */
  message: string
}

/** Input rejected before anything was sent to the gateway. */
export class EscottValidationError extends EscottError {
  override name = 'EscottValidationError'
  readonly issues: ValidationIssue[]
  /** The first offending field. */
  readonly field: string

  constructor(operation: string | undefined, issues: ValidationIssue[]) {
    const text = issues.map((i) => `${i.field}: ${i.message}`).join('; ')
    super({
      message: `Invalid input${operation ? ` for ${operation}` : ''}: ${text}`,
      operation,
      category: 'validation',
      retryable: false,
      merchant: { ja: `入力値が不正です: ${text}`, en: `Invalid input: ${text}` },
    })
    this.issues = issues
    this.field = issues[0]?.field ?? ''
  }
}

/** The SDK configuration is incomplete or wrong (missing MerchantId, AES key of the wrong length…). */
export class EscottConfigurationError extends EscottError {
  override name = 'EscottConfigurationError'
  constructor(message: string) {
    super({ message, category: 'configuration', merchant: { ja: message, en: message } })
  }
}

/** The request never reached the gateway (DNS, refused connection, TLS). Nothing was charged; safe to retry. */
export class EscottConnectionError extends EscottError {
  override name = 'EscottConnectionError'
}

/**
 * The request was sent but its result is unknown (timeout or connection lost after sending, HTTP 5xx, unreadable
 * body). The charge may exist. Do not send it again blindly: look the order up with `merchantFree1`
 * (e-SCOTT admin console, or `card.retrieve` when you hold the ProcessId) and reconcile.
 */
export class EscottOutcomeUnknownError extends EscottError {
  override name = 'EscottOutcomeUnknownError'
}

/** A payment notification failed verification (HashCd, MerchantId, source address, amount or format). */
export class EscottNotificationError extends EscottError {
  override name = 'EscottNotificationError'
  /** Machine-readable reason. */
  readonly reason: 'hash' | 'merchant' | 'source_ip' | 'amount' | 'format'

  constructor(reason: EscottNotificationError['reason'], message: string) {
    super({ message, category: 'notification', merchant: { ja: message, en: message } })
    this.reason = reason
  }
}

const CLASS_BY_CATEGORY: Record<CodeCategory, new (o: EscottErrorOptions) => EscottError> = {
  declined: EscottCardDeclinedError,
  invalid_request: EscottInvalidRequestError,
  merchant_configuration: EscottMerchantConfigurationError,
  three_d_secure: EscottThreeDSecureError,
  token: EscottTokenError,
  member: EscottMemberError,
  transaction_state: EscottTransactionStateError,
  cvs: EscottCvsError,
  system: EscottGatewayError,
}

/** Builds the right `EscottError` subclass for a gateway refusal from its catalog entries. */
export function errorFromEntries(
  entries: CodeEntry[],
  context: { operation: string; merchantFree1?: string | undefined; processId?: string | undefined; raw?: Record<string, string> },
): EscottError {
  const first = entries[0]
  const category = first?.category ?? 'system'
  const Ctor = CLASS_BY_CATEGORY[category]
  const summary = entries.map((e) => `${e.code} ${e.merchant.en}`).join(' / ')
  return new Ctor({
    message: `${context.operation} refused by e-SCOTT: ${summary}`,
    operation: context.operation,
    codes: entries.map((e) => e.code),
    entries,
    category,
    // Several codes: retry only if every one of them is temporary.
    retryable: entries.length > 0 && entries.every((e) => e.retryable),
    merchantFree1: context.merchantFree1,
    processId: context.processId,
    raw: context.raw,
  })
}
