/**
 * The data the flows read and write: payment states, the payment details of an order, charge records, journal lines
 * and stored-card members. All amounts are integer yen; instants are `Date` (shown in Asia/Tokyo by the adapters).
 */
import type { Bilingual, CardBrand, CardState, CvsState, OperateId } from 'escott-core'

/**
 * Where a payment attempt is before the gateway's answer is recorded.
 * - `pending`: payable; nothing is in flight (a refused attempt puts the order back here).
 * - `awaiting_3ds`: the shopper was sent to 3-D Secure; the browser return or the PostUrl call finishes it.
 * - `processing`: one request claimed the order and a gateway call is in flight.
 * - `needs_reconciliation`: a call was sent and its outcome is unknown. Never retried automatically.
 */
export type AttemptStatus = 'pending' | 'awaiting_3ds' | 'processing' | 'needs_reconciliation'

/** Every status an order (or a Medusa payment session, or a subscription charge) can have, as the flows see it. */
export type PaymentStatus = AttemptStatus | CardState | CvsState

/** Statuses in which the shopper may start a payment. */
export const PAYABLE_STATUSES: readonly PaymentStatus[] = Object.freeze(['pending'])

/** Statuses of an order that has not recorded a payment (yet). */
export const UNFINISHED_STATUSES: readonly PaymentStatus[] = Object.freeze(['pending', 'awaiting_3ds', 'processing', 'needs_reconciliation'])

/** Statuses of an order whose gateway call is in flight or unreconciled. */
export const IN_FLIGHT_STATUSES: readonly PaymentStatus[] = Object.freeze(['processing', 'awaiting_3ds', 'needs_reconciliation'])

/** Statuses that record a payment at the gateway: escott-core's card and convenience-store states, owned there. */
export { PAYMENT_STATES } from 'escott-core'

/** How an order is paid. */
export type PaymentMethod = 'card' | 'cvs'

/**
 * What the gateway told us about a payment. Holds no card data, no token and no member password.
 * `processPass` is kept because every follow-up operation needs it; it is never rendered or logged.
 */
export interface PaymentDetails {
  processId?: string
  processPass?: string
  transactionId?: string
  approveNo?: string
  companyCd?: string
  payType?: string
  /** Card brand as detected by escott-core, e.g. `VISA`. */
  brand?: CardBrand
  /** Masked card number, last four digits only (e.g. `************1000`). */
  maskedCard?: string
  /** True when the stored card (card member) paid: follow-up operations must send the member's credentials. */
  member?: boolean
  /** True when 3-D Secure authenticated the payment. */
  threeDSecure?: boolean
  /** `1Auth` (authorise only) or `1Gathering` (authorise and capture). */
  operateId?: '1Auth' | '1Gathering'
  /** ISO instant of the (latest) authorisation or convenience-store registration. */
  authorizedAt?: string
  capturedAt?: string
  canceledAt?: string
  /** Convenience store: payment number, payment page, deadline (ISO). */
  kessaiNumber?: string
  paymentPageUrl?: string
  payLimit?: string
  /** Convenience store: how many times amount or deadline were changed. */
  cvsChanges?: number
  /** Convenience store: payment notification data. */
  paidAt?: string
  cvsCd?: string
  cvsName?: string
  recvNum?: string
}

/** A failure to show: the shopper message for the shop front, the merchant message and remedy for logs and admin. */
export interface PaymentError {
  /** Gateway response codes (empty when the failure did not come from the gateway). */
  codes: string[]
  operation?: string | undefined
  /** The input field that was refused, when the failure was a validation of something the shopper typed. */
  field?: string | undefined
  shopper: Bilingual
  merchant: Bilingual
  remedy?: Bilingual
  /** ISO instant. */
  at: string
}

/**
 * An order as the flows see it: the adapter's own record (an Express shop order, a Medusa payment session, a
 * subscription charge) seen through its link key, amount, status and recorded payment.
 */
export interface FlowOrder {
  id: string
  /** The link key sent as `MerchantFree1` with every gateway call for this order (e-SCOTT admin console: 自由領域1). */
  merchantFree1: string
  /** The customer whose stored card may pay (null for guests). */
  customerId: string | null
  /** What the gateway is asked for, integer yen. */
  amount: number
  method: PaymentMethod | null
  status: PaymentStatus
  payment: PaymentDetails
  lastError: PaymentError | null
  updatedAt: Date
}

/** What the flows change on an order. `payment` is merged into the recorded details; `undefined` values clear a key. */
export interface FlowOrderPatch {
  status?: PaymentStatus
  /** A new amount to charge (amount change, re-authorisation), integer yen. */
  amount?: number
  method?: PaymentMethod | null
  payment?: Partial<PaymentDetails>
  lastError?: PaymentError | null
}

/** A status an order has once the gateway accepted a charge or registered a payment slip. */
export type ChargedStatus = 'authorized' | 'captured' | 'unpaid'

/**
 * What a charging journal line records on success. Built once per charge: the journal line and the order get the
 * same object, and recovery applies exactly this to an order that never recorded it.
 */
export interface ChargeRecord {
  status: ChargedStatus
  method: PaymentMethod
  payment: PaymentDetails
  /** `3ds` when the charge came back from a 3-D Secure round trip. */
  via?: '3ds'
}

/**
 * The operations the journal records (`resource.method` of escott-core's client), each tied to the OperateId it
 * sends (escott-core's `OPERATE_IDS`). `card.authorize` sends `1Gathering` instead when it captures at once;
 * `cvs.notification` is received, not sent; `threeDSecure.authenticate` is a 3-D Secure trip that charges nothing.
 */
export const JOURNAL_OPERATIONS = Object.freeze({
  'card.authorize': '1Auth',
  'card.capture': '1Capture',
  'card.cancel': '1Delete',
  'card.changeAmount': '1Change',
  'card.reauthorize': '1ReAuth',
  'cvs.create': '2Add',
  'cvs.cancel': '2Del',
  'cvs.update': '2Chg',
  'cvs.notification': null,
  'members.create': '4MemAdd',
  'members.update': '4MemChg',
  'members.delete': '4MemDel',
  'threeDSecure.authenticate': '3Secure',
} as const satisfies Record<string, OperateId | null>)

/** Gateway operations the journal records. */
export type JournalOperation = keyof typeof JOURNAL_OPERATIONS

/** Journal operations that send something to the gateway. */
export type SentOperation = { [K in JournalOperation]: (typeof JOURNAL_OPERATIONS)[K] extends null ? never : K }[JournalOperation]

/** Journal operations that create a charge (or a payment slip) at the gateway. */
export const CHARGING_OPERATIONS: readonly JournalOperation[] = Object.freeze(['card.authorize', 'cvs.create'])

/**
 * - `pending`: the intent was written, no result yet (in flight, or the process died during the call).
 * - `ok`: the gateway accepted.
 * - `failed`: the gateway refused or the request never left (nothing happened at the gateway).
 * - `unknown`: sent, no answer: the outcome must be reconciled.
 */
export type JournalOutcome = 'pending' | 'ok' | 'failed' | 'unknown'

/** How recovery closed a line. */
export type JournalResolution = 'completed' | 'canceled'

/** JSON-compatible data a journal line carries. Stores drop keys whose value is `undefined`. */
export type JournalData = Record<string, unknown>

/** One journal line: written before a gateway call, completed after it. */
export interface JournalEntry {
  id: string
  orderId: string | null
  /** The link key sent as `MerchantFree1`. */
  merchantFree1: string
  operation: JournalOperation
  amount: number | null
  outcome: JournalOutcome
  /** Safe result fields (ids, codes, status); never card data, tokens or passwords except `processPass`. */
  result: JournalData | null
  createdAt: Date
  completedAt: Date | null
  /** Set by recovery. */
  resolution: JournalResolution | null
  resolvedAt: Date | null
}

/** Input of {@link JournalStore.append}. */
export interface NewJournalEntry {
  orderId: string | null
  merchantFree1: string
  operation: JournalOperation
  amount?: number | null
  /** Some lines are complete when written (e.g. a rejected notification). Default `pending`. */
  outcome?: JournalOutcome
  result?: JournalData | null
}

/** Filter of {@link JournalStore.list}. */
export interface JournalFilter {
  orderId?: string
  /** Lines of one link key (e.g. a stored-card registration, which has no order). */
  merchantFree1?: string
  outcome?: readonly JournalOutcome[]
  /** Only lines recovery has not resolved yet. */
  unresolved?: boolean
  operation?: readonly JournalOperation[]
}

/** A customer's stored card at e-SCOTT (card member). `kaiinPass` is generated server-side and never shown. */
export interface StoredMember {
  customerId: string
  kaiinId: string
  kaiinPass: string
  /** Masked number for display, e.g. `************1000`; null for a placeholder kept during a 3-D Secure trip. */
  maskedCard: string | null
  brand: CardBrand | null
  createdAt: Date
  updatedAt: Date
}

/** Input of {@link MemberStore.save}. */
export type NewStoredMember = Omit<StoredMember, 'createdAt' | 'updatedAt'>
