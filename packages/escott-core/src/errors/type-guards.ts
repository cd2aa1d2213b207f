/**
 * Type guards for every SDK error, after ky's `utils/type-guards.ts`: each tests `instanceof` **or** the class's
 * literal `name`, because a shop can hold two copies of escott-core (its own ESM import and the CommonJS build a
 * provider was `require()`d with), and an error thrown by one copy is not `instanceof` the other's class.
 */
import {
  ESCOTT_ERROR_NAMES,
  EscottCardDeclinedError,
  EscottConfigurationError,
  EscottConnectionError,
  EscottCvsError,
  EscottError,
  EscottGatewayError,
  EscottInvalidRequestError,
  EscottMemberError,
  EscottMerchantConfigurationError,
  EscottNotificationError,
  EscottOutcomeUnknownError,
  EscottThreeDSecureError,
  EscottTokenError,
  EscottTransactionStateError,
  EscottUnrecordedOutcomeError,
  EscottValidationError,
  type EscottErrorName,
} from './escott-error.js'

const NAMES: ReadonlySet<string> = new Set(ESCOTT_ERROR_NAMES)

function nameOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined
}

// The literal, not `Class.name`: a bundler may rename a class (EscottError2) but never a string.
function isErrorType(error: unknown, cls: abstract new (...args: never[]) => unknown, name: EscottErrorName): boolean {
  return error instanceof cls || nameOf(error) === name
}

/**
 * True for anything escott-core throws (any copy of it): `EscottError` and every subclass.
 *
 * @example
 * ```ts
 * import { isEscottError } from 'escott-core'
 * try {
 *   await escott.card.authorize({ amount: 1980, token })
 * } catch (err) {
 *   if (!isEscottError(err)) throw err // a bug of ours, not a payment problem
 *   res.status(402).send(err.shopperMessage('ja'))
 * }
 * ```
 */
export function isEscottError(error: unknown): error is EscottError {
  if (error instanceof EscottError) return true
  if (typeof error !== 'object' || error === null) return false
  const name = nameOf(error)
  return (error as { isEscottError?: unknown }).isEscottError === true || (typeof name === 'string' && NAMES.has(name))
}

/**
 * True for an `EscottCardDeclinedError`: the card issuer refused the payment.
 *
 * @example
 * ```ts
 * import { isEscottCardDeclinedError } from 'escott-core'
 * if (isEscottCardDeclinedError(err)) showAnotherCardForm(err.shopperMessage('ja'))
 * ```
 */
export function isEscottCardDeclinedError(error: unknown): error is EscottCardDeclinedError {
  return isErrorType(error, EscottCardDeclinedError, 'EscottCardDeclinedError')
}

/**
 * True for an `EscottInvalidRequestError`: the gateway rejected a field the code sent.
 *
 * @example
 * ```ts
 * import { isEscottInvalidRequestError } from 'escott-core'
 * if (isEscottInvalidRequestError(err)) logger.error({ codes: err.codes }, err.merchantMessage('en'))
 * ```
 */
export function isEscottInvalidRequestError(error: unknown): error is EscottInvalidRequestError {
  return isErrorType(error, EscottInvalidRequestError, 'EscottInvalidRequestError')
}

/**
 * True for an `EscottMerchantConfigurationError`: contract or admin-console settings prevent the operation.
 *
 * @example
 * ```ts
 * import { isEscottMerchantConfigurationError } from 'escott-core'
 * if (isEscottMerchantConfigurationError(err)) alertOps(err.remedy('en'))
 * ```
 */
export function isEscottMerchantConfigurationError(error: unknown): error is EscottMerchantConfigurationError {
  return isErrorType(error, EscottMerchantConfigurationError, 'EscottMerchantConfigurationError')
}

/**
 * True for an `EscottThreeDSecureError`: 3-D Secure failed, could not run, or its result was rejected.
 *
 * @example
 * ```ts
 * import { isEscottThreeDSecureError } from 'escott-core'
 * if (isEscottThreeDSecureError(err)) offerAnotherCard()
 * ```
 */
export function isEscottThreeDSecureError(error: unknown): error is EscottThreeDSecureError {
  return isErrorType(error, EscottThreeDSecureError, 'EscottThreeDSecureError')
}

/**
 * True for an `EscottTokenError`: the card token is invalid, used, expired or locked.
 *
 * @example
 * ```ts
 * import { isEscottTokenError } from 'escott-core'
 * if (isEscottTokenError(err)) askToReenterCard()
 * ```
 */
export function isEscottTokenError(error: unknown): error is EscottTokenError {
  return isErrorType(error, EscottTokenError, 'EscottTokenError')
}

/**
 * True for an `EscottMemberError`: a stored card (card member) cannot be used.
 *
 * @example
 * ```ts
 * import { isEscottMemberError } from 'escott-core'
 * if (isEscottMemberError(err) && err.code === 'K71') registerCardAgain()
 * ```
 */
export function isEscottMemberError(error: unknown): error is EscottMemberError {
  return isErrorType(error, EscottMemberError, 'EscottMemberError')
}

/**
 * True for an `EscottTransactionStateError`: the payment is not in a state that allows the operation.
 *
 * @example
 * ```ts
 * import { isEscottTransactionStateError } from 'escott-core'
 * if (isEscottTransactionStateError(err)) console.log(err.allowed) // e.g. ['cancel', 'changeAmount']
 * ```
 */
export function isEscottTransactionStateError(error: unknown): error is EscottTransactionStateError {
  return isErrorType(error, EscottTransactionStateError, 'EscottTransactionStateError')
}

/**
 * True for an `EscottCvsError`: a convenience-store / Pay-easy / e-money payment failed.
 *
 * @example
 * ```ts
 * import { isEscottCvsError } from 'escott-core'
 * if (isEscottCvsError(err)) offerCardPayment()
 * ```
 */
export function isEscottCvsError(error: unknown): error is EscottCvsError {
  return isErrorType(error, EscottCvsError, 'EscottCvsError')
}

/**
 * True for an `EscottGatewayError`: gateway or card-network trouble (or an HTTP 4xx from the gateway).
 *
 * @example
 * ```ts
 * import { isEscottGatewayError } from 'escott-core'
 * if (isEscottGatewayError(err) && err.retryable) retryLater()
 * ```
 */
export function isEscottGatewayError(error: unknown): error is EscottGatewayError {
  return isErrorType(error, EscottGatewayError, 'EscottGatewayError')
}

/**
 * True for an `EscottValidationError`: input was rejected before anything was sent.
 *
 * @example
 * ```ts
 * import { isEscottValidationError } from 'escott-core'
 * if (isEscottValidationError(err)) res.status(400).json({ field: err.field, issues: err.issues })
 * ```
 */
export function isEscottValidationError(error: unknown): error is EscottValidationError {
  return isErrorType(error, EscottValidationError, 'EscottValidationError')
}

/**
 * True for an `EscottConfigurationError`: the SDK configuration is incomplete or wrong.
 *
 * @example
 * ```ts
 * import { isEscottConfigurationError } from 'escott-core'
 * if (isEscottConfigurationError(err)) process.exit(1)
 * ```
 */
export function isEscottConfigurationError(error: unknown): error is EscottConfigurationError {
  return isErrorType(error, EscottConfigurationError, 'EscottConfigurationError')
}

/**
 * True for an `EscottConnectionError`: the request never reached the gateway (nothing was charged).
 *
 * @example
 * ```ts
 * import { isEscottConnectionError } from 'escott-core'
 * if (isEscottConnectionError(err)) retryLater()
 * ```
 */
export function isEscottConnectionError(error: unknown): error is EscottConnectionError {
  return isErrorType(error, EscottConnectionError, 'EscottConnectionError')
}

/**
 * True for an `EscottOutcomeUnknownError`: the request was sent but its outcome is unknown: the charge may exist, never re-send it.
 *
 * @example
 * ```ts
 * import { isEscottOutcomeUnknownError } from 'escott-core'
 * if (isEscottOutcomeUnknownError(err)) await markForReconciliation(err.merchantFree1)
 * ```
 */
export function isEscottOutcomeUnknownError(error: unknown): error is EscottOutcomeUnknownError {
  return isErrorType(error, EscottOutcomeUnknownError, 'EscottOutcomeUnknownError')
}

/**
 * True for an `EscottUnrecordedOutcomeError`: the call may have succeeded but its result could not be recorded.
 *
 * @example
 * ```ts
 * import { isEscottUnrecordedOutcomeError } from 'escott-core'
 * if (isEscottUnrecordedOutcomeError(err)) await markForReconciliation(err.merchantFree1, err.journalEntryId)
 * ```
 */
export function isEscottUnrecordedOutcomeError(error: unknown): error is EscottUnrecordedOutcomeError {
  return isErrorType(error, EscottUnrecordedOutcomeError, 'EscottUnrecordedOutcomeError')
}

/**
 * True for an `EscottNotificationError`: a payment notification failed verification.
 *
 * @example
 * ```ts
 * import { isEscottNotificationError } from 'escott-core'
 * if (isEscottNotificationError(err)) res.status(err.reason === 'format' ? 400 : 403).end()
 * ```
 */
export function isEscottNotificationError(error: unknown): error is EscottNotificationError {
  return isErrorType(error, EscottNotificationError, 'EscottNotificationError')
}
