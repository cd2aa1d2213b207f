/**
 * Every error the SDK throws. One module, one base class: `EscottError`.
 *
 * - Gateway refusals (a `ResponseCd` other than `OK`) become a subclass chosen by the catalog category of the
 *   first code: `EscottCardDeclinedError`, `EscottInvalidRequestError`, `EscottMerchantConfigurationError`,
 *   `EscottThreeDSecureError`, `EscottTokenError`, `EscottMemberError`, `EscottTransactionStateError`,
 *   `EscottCvsError`, `EscottGatewayError`.
 * - `EscottValidationError`: bad input caught before anything was sent.
 * - `EscottConfigurationError`: the SDK options are incomplete or wrong.
 * - `EscottConnectionError`: the request could not be delivered; nothing can have been charged.
 * - `EscottOutcomeUnknownError`: the request was sent but no answer came back; the charge may or may not exist.
 *   Never retried automatically; carries `merchantFree1` to reconcile.
 * - `EscottUnrecordedOutcomeError`: the call may have succeeded but its result could not be recorded (thrown by
 *   the journaled flows of the adapters, built here so that every copy of escott-core recognises it).
 * - `EscottNotificationError`: a payment notification failed verification.
 *
 * Every class has a literal `name`, so the type guards of `errors/type-guards.ts` recognise an error thrown by
 * another copy of escott-core (the CommonJS build next to the ESM one) where `instanceof` fails.
 */
import type { Bilingual, CodeCategory, CodeEntry, DeclineKind } from '../codes/types.js'
import type { OperateId } from '../operations.js'
import type { CardState, CvsState, Operation } from '../state-machine.js'

/** A language the SDK writes messages in. */
export type Language = 'ja' | 'en'

const GENERIC_SHOPPER: Bilingual = {
  ja: '決済処理でエラーが発生しました。お手数ですが、しばらくしてから再度お試しいただくか、ショップまでお問い合わせください。',
  en: 'The payment could not be processed. Please try again later or contact the shop.',
}

/** What the shopper is told when a payment may exist although we could not confirm it: never "try again". */
export const OUTCOME_UNKNOWN_SHOPPER: Readonly<Bilingual> = Object.freeze({
  ja: '決済結果を確認しています。二重決済を避けるため、再度のお支払い操作はせずにショップからのご連絡をお待ちください。',
  en: 'We are confirming the payment result. To avoid a double charge, please do not pay again; the shop will contact you.',
})

/** What an `EscottError` is about: a catalog category for gateway refusals, or the SDK's own kinds. */
export type EscottErrorCategory = CodeCategory | 'validation' | 'connection' | 'outcome_unknown' | 'notification' | 'configuration'

/** Why a payment notification was rejected. */
export type NotificationRejectReason = 'hash' | 'merchant' | 'source_ip' | 'amount' | 'format'

/** The `name` of every error class, as literals: `switch (err.name)` narrows. */
export const ESCOTT_ERROR_NAMES = [
  'EscottError',
  'EscottCardDeclinedError',
  'EscottInvalidRequestError',
  'EscottMerchantConfigurationError',
  'EscottThreeDSecureError',
  'EscottTokenError',
  'EscottMemberError',
  'EscottTransactionStateError',
  'EscottCvsError',
  'EscottGatewayError',
  'EscottValidationError',
  'EscottConfigurationError',
  'EscottConnectionError',
  'EscottOutcomeUnknownError',
  'EscottUnrecordedOutcomeError',
  'EscottNotificationError',
] as const

/** The `name` of an SDK error class. */
export type EscottErrorName = (typeof ESCOTT_ERROR_NAMES)[number]

/** Constructor options shared by the error classes (internal: build errors through the classes' own constructors). */
export interface EscottErrorOptions {
  message: string
  operation?: OperateId | undefined
  codes?: string[]
  entries?: CodeEntry[]
  retryable?: boolean
  category?: EscottErrorCategory
  shopper?: Bilingual
  merchant?: Bilingual
  remedy?: Bilingual
  merchantFree1?: string | undefined
  processId?: string | undefined
  /** The HTTP status of the gateway's answer, when it was not 200. */
  httpStatus?: number | undefined
  /** Raw response fields, already stripped of secrets. */
  raw?: Record<string, string>
  cause?: unknown
}

/**
 * Base class of everything the SDK throws. `instanceof EscottError` catches them all within one copy of the
 * package; across copies (ESM and CommonJS builds loaded side by side) use {@link isEscottError}.
 */
export class EscottError extends Error {
  /**
   * The class's literal name. Open to the names of subclasses other packages declare
   * (`class EscottFlowError extends EscottError { override name = 'EscottFlowError' as const }`); `string & {}`
   * keeps escott-core's literals in completion and `switch` narrowing, and the guards match only the exact names
   * they know.
   */
  override name: EscottErrorName | (string & {}) = 'EscottError' as const
  /** e-SCOTT OperateId (e.g. `1Auth`) of the failed call, when there was one. */
  readonly operation: OperateId | undefined
  /** All response codes the gateway returned (`ResponseCd` split on `|`). */
  readonly codes: string[]
  /** Catalog entries for `codes`, in the same order. */
  readonly entries: CodeEntry[]
  /** Whether sending the identical request again later may succeed. */
  readonly retryable: boolean
  readonly category: EscottErrorCategory
  /** The `MerchantFree1` the request carried: your order reference, for reconciliation. */
  readonly merchantFree1: string | undefined
  readonly processId: string | undefined
  /** The HTTP status when the gateway's web server answered something other than 200 (404 from a wrong baseUrl …). */
  readonly httpStatus: number | undefined
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
    this.httpStatus = options.httpStatus
    this.raw = options.raw
    this.#shopper = options.shopper ?? options.entries?.[0]?.shopper ?? GENERIC_SHOPPER
    this.#merchant = options.merchant ?? options.entries?.[0]?.merchant ?? { ja: options.message, en: options.message }
    this.#remedy = options.remedy ?? options.entries?.[0]?.remedy
  }

  /** Always true: lets a guard recognise an error of a newer copy whose class name this copy does not know yet. */
  get isEscottError(): true {
    return true
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
      httpStatus: this.httpStatus,
    }
  }
}

/** The card issuer refused the transaction (G-codes and friends). Ask the shopper for another card. */
export class EscottCardDeclinedError extends EscottError {
  override name = 'EscottCardDeclinedError' as const
  /**
   * `soft`: the same card may succeed later (over a limit, the issuer's decision on hold, temporary trouble);
   * `hard`: it will not (invalid, lost, expired card, wrong card data): ask for another card. Taken from the first
   * declined code's catalog entry; `hard` when none says.
   */
  get declineKind(): DeclineKind {
    return this.entries.find((e) => e.category === 'declined')?.declineKind ?? 'hard'
  }
}
/** A field sent to the gateway was rejected (K-code field checks). A code fix is needed. */
export class EscottInvalidRequestError extends EscottError {
  override name = 'EscottInvalidRequestError' as const
}
/** Contract or admin-console settings prevent the operation (3-D Secure contract, IP restriction, credentials, lock-out). */
export class EscottMerchantConfigurationError extends EscottError {
  override name = 'EscottMerchantConfigurationError' as const
}
/** 3-D Secure authentication failed or could not run. */
export class EscottThreeDSecureError extends EscottError {
  override name = 'EscottThreeDSecureError' as const
}
/** The card token is invalid, used, expired or locked. */
export class EscottTokenError extends EscottError {
  override name = 'EscottTokenError' as const
}
/** Stored-card (card member) problems: unknown, invalid, locked or inconsistent members. */
export class EscottMemberError extends EscottError {
  override name = 'EscottMemberError' as const
}

/** Options of {@link EscottTransactionStateError} beyond the common ones. */
export interface TransactionStateErrorOptions extends EscottErrorOptions {
  /** The state the payment is in. */
  state?: CardState | CvsState | undefined
  /** The follow-up operation that was refused. */
  attempted?: Operation | undefined
  /** What the state allows instead. */
  allowed?: readonly Operation[] | undefined
}

/**
 * The transaction is not in a state that allows the operation, or the original transaction is missing. Thrown by
 * the gateway (K12, C14 …) and by `transition` before anything is sent; then `state`, `attempted` and `allowed`
 * say what is possible instead.
 */
export class EscottTransactionStateError extends EscottError {
  override name = 'EscottTransactionStateError' as const
  /** The payment's state, when the SDK's state machine refused the operation. */
  readonly state: CardState | CvsState | undefined
  /** The refused follow-up operation, when the SDK's state machine refused it. */
  readonly attempted: Operation | undefined
  /** The operations the state allows (empty when none; undefined for gateway refusals). */
  readonly allowed: readonly Operation[] | undefined

  constructor(options: TransactionStateErrorOptions) {
    super(options)
    this.state = options.state
    this.attempted = options.attempted
    this.allowed = options.allowed === undefined ? undefined : Object.freeze([...options.allowed])
  }
}
/** Online payment collection (convenience store / Pay-easy / e-money) errors. */
export class EscottCvsError extends EscottError {
  override name = 'EscottCvsError' as const
}
/** Gateway or card-network trouble, usually temporary; also a request the gateway's web server refused (HTTP 4xx). */
export class EscottGatewayError extends EscottError {
  override name = 'EscottGatewayError' as const
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
  override name = 'EscottValidationError' as const
  readonly issues: ValidationIssue[]
  /** The first offending field. */
  readonly field: string

  constructor(operation: OperateId | undefined, issues: ValidationIssue[]) {
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

/** One `EscottValidationError` for one field (internal shorthand; not exported from the package). */
export function invalidInput(field: string, message: string, operation?: OperateId): EscottValidationError {
  return new EscottValidationError(operation, [{ field, message }])
}

/** The SDK configuration is incomplete or wrong (missing MerchantId, AES key of the wrong length…). */
export class EscottConfigurationError extends EscottError {
  override name = 'EscottConfigurationError' as const
  constructor(message: string) {
    super({ message, category: 'configuration', merchant: { ja: message, en: message } })
  }
}

/** The request never reached the gateway (DNS, refused connection, TLS, aborted before sending). Nothing was charged. */
export class EscottConnectionError extends EscottError {
  override name = 'EscottConnectionError' as const
}

/**
 * The request was sent but its result is unknown (timeout or connection lost after sending, HTTP 5xx, unreadable
 * body). The charge may exist. Do not send it again blindly: look the order up with `merchantFree1`
 * (e-SCOTT admin console, or `card.retrieve` when you hold the ProcessId) and reconcile.
 */
export class EscottOutcomeUnknownError extends EscottError {
  override name = 'EscottOutcomeUnknownError' as const
}

/** What {@link EscottUnrecordedOutcomeError} needs to know. */
export interface UnrecordedOutcomeErrorOptions {
  /** The OperateId of the call whose result was lost. */
  operation: OperateId
  /** The call's MerchantFree1: the key to find the payment at the gateway. */
  merchantFree1: string
  /** The journal line left open, when there is one. */
  journalEntryId?: string | undefined
  /** What went wrong, for the merchant, e.g. `the journal could not be written`. */
  reason?: string | undefined
  /** The error that made the outcome unrecordable (a store failure, an `EscottOutcomeUnknownError` …). */
  cause?: unknown
}

/**
 * The gateway call may have succeeded but its result could not be recorded: the journal could not be completed,
 * the gateway's answer was lost, or something unexpected failed mid-call. Nothing is re-sent. The shopper is told
 * not to pay again (the shop will check); the merchant reconciles with `merchantFree1` (and `journalEntryId`).
 *
 * @example
 * ```ts
 * throw new EscottUnrecordedOutcomeError({ operation: '1Auth', merchantFree1: 'order-42', journalEntryId: entry.id, cause: err })
 * ```
 */
export class EscottUnrecordedOutcomeError extends EscottError {
  override name = 'EscottUnrecordedOutcomeError' as const
  declare readonly operation: OperateId
  declare readonly merchantFree1: string
  /** The journal line that stays open until the payment is reconciled. */
  readonly journalEntryId: string | undefined

  constructor(options: UnrecordedOutcomeErrorOptions) {
    const why = options.reason ?? 'its result could not be recorded'
    const ref = `MerchantFree1=${options.merchantFree1}${options.journalEntryId ? `, journal entry ${options.journalEntryId}` : ''}`
    super({
      message: `${options.operation}: the gateway may have processed it, but ${why}. It was not sent again; reconcile with ${ref}.`,
      operation: options.operation,
      category: 'outcome_unknown',
      retryable: false,
      merchantFree1: options.merchantFree1,
      shopper: OUTCOME_UNKNOWN_SHOPPER,
      merchant: {
        ja: `${options.operation} は処理された可能性がありますが、結果を記録できませんでした（${why}）。再送はしていません。${ref} で e-SCOTT 管理画面の取引を確認し、注文と照合してください。`,
        en: `${options.operation} may have been processed, but ${why}. It was not re-sent. Check ${ref} in the e-SCOTT admin console and reconcile the order.`,
      },
      cause: options.cause,
    })
    this.journalEntryId = options.journalEntryId
  }
}

/** A payment notification failed verification (HashCd, MerchantId, source address, amount or format). */
export class EscottNotificationError extends EscottError {
  override name = 'EscottNotificationError' as const
  /** Machine-readable reason. */
  readonly reason: NotificationRejectReason

  constructor(reason: NotificationRejectReason, message: string) {
    super({ message, category: 'notification', merchant: { ja: message, en: message } })
    this.reason = reason
  }
}
