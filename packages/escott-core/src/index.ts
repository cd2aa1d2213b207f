/**
 * escott-core: the e-SCOTT Smart (Sony Payment Services) protocol client.
 * @packageDocumentation
 */
export { Escott } from './escott.js'
export { NOTIFICATION_SOURCE_IPS, PATHS, type EscottConfig, type Environment } from './config.js'
export * from './errors.js'
export { explainCode, catalogCodes } from './codes/explain.js'
export type { CodeCategory, CodeEntry, Bilingual } from './codes/types.js'
export type { Logger } from './logger.js'
export type { BaseResult } from './client.js'
export type {
  AuthorizeParams,
  AuthAssist,
  CardTransaction,
  CheckParams,
  CheckResult,
  MemberRef,
  ProcessRef,
  ProcessResult,
  RetrieveResult,
} from './resources/card.js'
export { generateKaiinPass, type CreateMemberParams, type UpdateMemberParams, type MemberCredentials, type MemberInfo, type MemberResult, type MemberStatus } from './resources/members.js'
export type { TokenInfo } from './resources/tokens.js'
export {
  autoSubmitForm,
  type CreateThreeDSecureParams,
  type SecureResult,
  type ThreeDSecureRequest,
  type ThreeDSecureResult,
} from './resources/three-d-secure.js'
export type { ThreeDSecureData } from './resources/three-d-secure-data.js'
export type { CreateCvsParams, CvsInfo, CvsPayment, CvsPaymentChange, CvsRef } from './resources/cvs.js'
export { NOTIFICATION_ACK, NOTIFICATION_NACK, type CvsNotification, type VerifyNotificationOptions } from './notification.js'
export { CVS_PAYEES } from './cvs-stores.js'
export { aesEncrypt, aesDecrypt, type AesKey } from './crypto/aes.js'
export { redactFields, maskCardNumber } from './redact.js'
export { MAX_AMOUNT, MAX_CVS_AMOUNT } from './validation.js'
export { toFullWidth, toFullWidthKatakana, toHalfWidthKatakana, toHalfWidthAscii, toHalfWidthPhone, isFullWidth, isHalfWidthKatakana } from './text.js'
export {
  detectBrand,
  installmentOptions,
  isPayTypeAllowed,
  luhnValid,
  payTypeInfo,
  PAY_TYPES,
  type CardBrand,
  type InstallmentMode,
  type PayTypeInfo,
} from './brands.js'
export {
  cvsFee,
  isCvsAvailable,
  estimateMerchantCost,
  DEFAULT_CVS_FEE,
  DEFAULT_MERCHANT_RATES,
  CVS_MAX_AMOUNT,
  type CvsFeeConfig,
  type CvsFeeTier,
  type MerchantRates,
  type MerchantCostInput,
  type MerchantCostEstimate,
} from './fees.js'
export { storedCardDeletion, STORED_CARD_HOLD_DAYS, type StoredCardDeletion } from './stored-card-rule.js'
export { allowedOperations, transition, OPERATIONS, OPERATION_WINDOW_DAYS, type CardState, type CvsState, type Operation, type StateOptions } from './state-machine.js'
export { encodeForm, parseResponse, splitCodes, type WireFields } from './wire.js'
export { tokyoDate, tokyoDateTime, tokyoEndOfDayAfter, parseTokyo } from './time.js'
