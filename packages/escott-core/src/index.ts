/**
 * escott-core: the e-SCOTT Smart (Sony Payment Services) protocol client.
 *
 * Every export is listed here on purpose: each is a semver promise. The low-level wire helpers (form codec, AES,
 * redaction, Tokyo dates) live in the `escott-core/wire` subpath.
 *
 * @example
 * ```ts
 * import { Escott, isEscottError } from 'escott-core'
 * const escott = new Escott({ merchantId: 'M000001', merchantPass: process.env.ESCOTT_MERCHANT_PASS! })
 * const tx = await escott.card.authorize({ amount: 1980, token, merchantFree1: 'order-123' })
 * ```
 * @packageDocumentation
 */

// The client, its configuration and the seam adapters type against
export { Escott } from './escott.js'
export type { EscottClient } from './escott-client.js'
export type { RequestOptions } from './transport.js'
export {
  CONFIG_ENV_VARS,
  CONFIG_OPTIONS,
  DEFAULT_ACCEPTED_SECURE_RESULTS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  INITIAL_RETRY_DELAY_MS,
  MAX_RETRY_DELAY_MS,
  NOTIFICATION_SOURCE_IPS,
  configFromEnv,
  type EscottConfig,
  type Environment,
} from './config.js'
export type { Logger } from './logger.js'

// Errors and their type guards
export {
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
  OUTCOME_UNKNOWN_SHOPPER,
  type EscottErrorCategory,
  type EscottErrorName,
  type Language,
  type NotificationRejectReason,
  type TransactionStateErrorOptions,
  type UnrecordedOutcomeErrorOptions,
  type ValidationIssue,
} from './errors/escott-error.js'
export {
  isEscottCardDeclinedError,
  isEscottConfigurationError,
  isEscottConnectionError,
  isEscottCvsError,
  isEscottError,
  isEscottGatewayError,
  isEscottInvalidRequestError,
  isEscottMemberError,
  isEscottMerchantConfigurationError,
  isEscottNotificationError,
  isEscottOutcomeUnknownError,
  isEscottThreeDSecureError,
  isEscottTokenError,
  isEscottTransactionStateError,
  isEscottUnrecordedOutcomeError,
  isEscottValidationError,
} from './errors/type-guards.js'

// Operations and payment states
export { OPERATE_IDS, PATHS, isOperateId, operateIdFor, type OperateId, type OperationResource, type OperationSpec } from './operations.js'
export {
  OPERATIONS,
  OPERATION_WINDOW_DAYS,
  PAYMENT_STATES,
  allowedOperations,
  daysSinceAuthorization,
  transition,
  type CardState,
  type CvsState,
  type Operation,
  type StateOptions,
} from './state-machine.js'

// Response codes
export { catalogCodes, explainCode } from './codes/explain.js'
export type { Bilingual, CodeCategory, CodeEntry, DeclineKind } from './codes/types.js'

// Results and parameters of the resources
export type { BaseResult } from './client.js'
export type {
  AuthAssist,
  AuthorizeParams,
  CardTransaction,
  CheckParams,
  CheckResult,
  MemberRef,
  ProcessRef,
  ProcessResult,
  RetrieveResult,
} from './resources/card.js'
export type { CreateMemberParams, MemberCredentials, MemberInfo, MemberResult, MemberStatus, UpdateMemberParams } from './resources/members.js'
export type { TokenInfo } from './resources/tokens.js'
export {
  autoSubmitForm,
  type CreateThreeDSecureParams,
  type SecureResult,
  type ThreeDSecureOperateId,
  type ThreeDSecureRequest,
  type ThreeDSecureResult,
} from './resources/three-d-secure.js'
export type { ThreeDSecureData } from './resources/three-d-secure-data.js'
export { CVS_MAX_PAY_LIMIT_DAYS, type CreateCvsParams, type CvsInfo, type CvsPayment, type CvsPaymentChange, type CvsRef } from './resources/cvs.js'
export { CVS_PAYEES } from './cvs-stores.js'

// Payment notifications
export { NOTIFICATION_ACK, NOTIFICATION_NACK, type CvsNotification, type VerifyNotificationOptions } from './notification.js'

// Money, ids and text rules
export { MAX_AMOUNT, MAX_CVS_AMOUNT, assertYen, isYen } from './money.js'
export { newKaiinId, newKaiinPass, newMerchantFree1 } from './ids.js'
export { toFullWidth, toFullWidthKatakana, toHalfWidthKatakana, toHalfWidthAscii, toHalfWidthPhone, isFullWidth, isHalfWidthKatakana } from './text.js'
export { maskCardNumber } from './redact.js'
export { escapeHtml } from './html.js'

// Cards: brands, instalments
export {
  CARD_BRANDS,
  CARD_BRAND_ALIASES,
  PAY_TYPES,
  detectBrand,
  installmentOptions,
  isPayTypeAllowed,
  luhnValid,
  parseCardBrand,
  payTypeInfo,
  type CardBrand,
  type InstallmentMode,
  type PayTypeInfo,
  type PayTypeKind,
} from './brands.js'

// Convenience-store fees and merchant costs
export {
  DEFAULT_CVS_FEE,
  DEFAULT_MERCHANT_RATES,
  SEED_002_LISTED_RATES,
  cvsFee,
  cvsQuote,
  estimateMerchantCost,
  isCvsAvailable,
  type CvsFeeConfig,
  type CvsFeeTier,
  type CvsQuote,
  type MerchantCostEstimate,
  type MerchantCostInput,
  type MerchantRates,
  type Rounding,
} from './fees.js'

// Stored cards
export { STORED_CARD_HOLD_DAYS, storedCardDeletion, type StoredCardDeletion } from './stored-card-rule.js'
