/**
 * escott-core: the e-SCOTT Smart (Sony Payment Services) protocol client.
 * @packageDocumentation
 */
export { Escott } from './escott.js'
export type { EscottClient } from './escott-client.js'
export type { RequestOptions } from './transport.js'
export { NOTIFICATION_SOURCE_IPS, type EscottConfig, type Environment } from './config.js'
export * from './errors/index.js'
export { OPERATE_IDS, PATHS, isOperateId, operateIdFor, type OperateId, type OperationSpec, type OperationResource } from './operations.js'
export { explainCode, catalogCodes } from './codes/explain.js'
export type { CodeCategory, CodeEntry, Bilingual, DeclineKind } from './codes/types.js'
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
export type { CreateMemberParams, UpdateMemberParams, MemberCredentials, MemberInfo, MemberResult, MemberStatus } from './resources/members.js'
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
export { toFullWidthKatakana } from './validation.js'
export { MAX_AMOUNT, MAX_CVS_AMOUNT, assertYen, isYen } from './money.js'
export { newKaiinId, newKaiinPass, newMerchantFree1 } from './ids.js'
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
  cvsQuote,
  isCvsAvailable,
  estimateMerchantCost,
  DEFAULT_CVS_FEE,
  DEFAULT_MERCHANT_RATES,
  type CvsFeeConfig,
  type CvsFeeTier,
  type CvsQuote,
  type MerchantRates,
  type MerchantCostInput,
  type MerchantCostEstimate,
} from './fees.js'
export { storedCardDeletion, STORED_CARD_HOLD_DAYS, type StoredCardDeletion } from './stored-card-rule.js'
export { allowedOperations, transition, OPERATIONS, PAYMENT_STATES, OPERATION_WINDOW_DAYS, type CardState, type CvsState, type Operation, type StateOptions } from './state-machine.js'
export { encodeForm, parseResponse, splitCodes, type WireFields } from './wire.js'
export { tokyoDate, tokyoDateTime, tokyoEndOfDayAfter, parseTokyo } from './time.js'
