/**
 * escott-flows: the framework-free payment flow every escott adapter shares — journaled gateway calls, failure
 * classification, charge records, 3-D Secure result application, stored-card registration, the notification policy,
 * follow-up operations and recovery — over four small storage ports, with memory stores here, Postgres stores in
 * `escott-flows/postgres`, the embedded-Postgres starter in `escott-flows/embedded-postgres` and the stores'
 * conformance suite in `escott-flows/testing`.
 * @packageDocumentation
 */
export * from './types.js'
export { silentLogger, type AttemptCount, type AttemptCounters, type AttemptRule, type FlowLogger, type JournalStore, type MemberStore, type OnceKeys, type OrderPort } from './ports.js'
export type { FlowClient } from './client.js'
export { EscottFlowError, FLOW_ERROR_CODES, defineErrorCodes, isEscottFlowError, type ErrorCodeEntry, type FlowErrorCode } from './errors.js'
export { classifyFailure, paymentErrorOf, errorSummary, type FailureClass } from './failure.js'
export { SHOPPER_FIELD_MESSAGES, shopperFieldMessage, type ShopperField } from './field-messages.js'
export { journaled, operateIdOf, type JournalIntent, type Journaled } from './journal.js'
export { cardChargeRecord, threeDSecureChargeRecord, cvsChargeRecord, chargePatch, safeMask, type CardDetails } from './charge.js'
export { runCharge, recordCharge, recordAttemptFailure, type AttemptDeps, type ChargeCall, type ChargeOutcome } from './attempt.js'
export { chargeCard, type CardChargeInput } from './card.js'
export { tokenCard, type TokenCard } from './token-card.js'
export {
  confirmCharge,
  claimProcessId,
  processIdKey,
  type ChargeConfirmation,
  type ExpectedCharge,
  type TransactionRef,
  type UnconfirmedReason,
} from './gateway-record.js'
export { createCvsPayment, cvsProductName, type CvsPaymentInput } from './cvs.js'
export {
  planMemberRegistration,
  registerCardWithToken,
  registrationRequest,
  beginCardRegistration,
  deleteStoredCard,
  findRegistrationTrip,
  finishCardRegistration,
  registrationMetadata,
  registrationOutcomeOf,
  registeredCard,
  waitForRegistration,
  type RegistrationDeps,
  type RegistrationOutcome,
  type RegistrationPlan,
  type RegistrationRequestInput,
  type StoredCardDeletionInput,
  type StoredCardDeletionOutcome,
} from './registration.js'
export {
  beginThreeDSecure,
  applyThreeDSecureResult,
  authenticatedThreeDSecure,
  threeDSecureState,
  waitForSettled,
  type PaymentTrip,
  type ThreeDSecureBegin,
  type ThreeDSecureDeps,
  type ThreeDSecureOutcome,
  type ThreeDSecureStart,
  type ThreeDSecureState,
} from './three-d-secure.js'
export {
  handleCvsNotification,
  notificationKey,
  notificationReplayKey,
  notificationResponse,
  type NotificationDeps,
  type NotificationInput,
  type NotificationOutcome,
  type NotificationRejection,
} from './notification.js'
export {
  listRecoveryCases,
  recordedCharge,
  DEFAULT_IN_FLIGHT_MS,
  THREE_DS_WINDOW_MS,
  type RecoveryCase,
  type RecoveryKind,
  type RecoveryListDeps,
  type RecoveryListOptions,
} from './recovery.js'
export { reconcileBySearch, type ChargeSearch, type ChargeSearchResult, type SearchClient } from './charge-search.js'
export {
  findRecoveryCase,
  completeRecovery,
  cancelRecovery,
  reconcileRecovery,
  type ReconcileOutcome,
  type RecoveryDeps,
  type RecoveryEvidence,
} from './recovery-actions.js'
export {
  allowedPaymentOperations,
  journalOperationOf,
  runPaymentOperation,
  type OperationDeps,
  type OperationInput,
  type OperationOutcome,
} from './operations.js'
export { isCvsExpired, memberAuthorizationDates } from './payment-rules.js'
export {
  attemptLimits,
  checkOrderCreation,
  checkPaymentAttempt,
  clientKey,
  DEFAULT_ATTEMPT_LIMITS,
  type AttemptLimits,
  type ThrottleScope,
  type ThrottleVerdict,
} from './throttle.js'
export { MemoryJournal, MemoryOnceKeys, MemoryMembers, MemoryOrders, MemoryAttemptCounters, memoryStores, type NewFlowOrder } from './memory/index.js'
