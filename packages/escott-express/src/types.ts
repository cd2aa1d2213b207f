/**
 * Public data types of escott-express: orders, the recovery journal and stored-card members.
 * All amounts are integer yen. Dates are `Date` instants; they are shown in Asia/Tokyo.
 */

/**
 * Where an order is in its life.
 * - `pending`: created, not paid yet (a declined attempt leaves the order here so the shopper can retry).
 * - `awaiting_3ds`: the shopper was sent to 3-D Secure; the browser return or the PostUrl call finishes it.
 * - `processing`: a gateway call for this order is in flight (claimed by one request; others wait).
 * - `authorized`, `captured`, `canceled` (card) and `unpaid`, `paid`, `canceled` (convenience store): the payment
 *   states of escott-core's state machine (`CardState` / `CvsState`).
 * - `needs_reconciliation`: a gateway call was sent but its outcome is unknown (timeout, crash). Never retried
 *   automatically; listed by `recover` until someone completes or cancels it.
 */
export type OrderStatus =
  | 'pending'
  | 'awaiting_3ds'
  | 'processing'
  | 'authorized'
  | 'captured'
  | 'canceled'
  | 'unpaid'
  | 'paid'
  | 'needs_reconciliation'

/** Statuses in which the shopper may still start a payment. */
export const PAYABLE_STATUSES: readonly OrderStatus[] = Object.freeze(['pending'])

/** One line of an order. */
export interface OrderItem {
  sku: string
  name: string
  /** Integer yen, tax included. */
  unitPrice: number
  quantity: number
}

/** Payment method of an order. */
export type PaymentMethod = 'card' | 'cvs'

/**
 * What the gateway told us about the payment. Holds no card data, no token and no member password.
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
  brand?: string
  /** Masked card number as returned by the token script (e.g. `400000******1000`). */
  maskedCard?: string
  /** True when the stored card (card member) paid. */
  member?: boolean
  /** True when 3-D Secure authenticated the payment. */
  threeDSecure?: boolean
  /** `1Auth` (authorise only) or `1Gathering` (authorise and capture). */
  operateId?: '1Auth' | '1Gathering'
  /** ISO instant of the (latest) authorisation or CVS registration. */
  authorizedAt?: string
  capturedAt?: string
  canceledAt?: string
  /** CVS: payment number, payment page, deadline (ISO). */
  kessaiNumber?: string
  paymentPageUrl?: string
  payLimit?: string
  /** CVS: how many times amount or deadline were changed. */
  cvsChanges?: number
  /** CVS: payment notification data. */
  paidAt?: string
  cvsCd?: string
  cvsName?: string
  recvNum?: string
  /** Choices remembered across the 3-D Secure redirect. */
  pendingSaveCard?: boolean
  pendingUseMember?: boolean
}

/** A failure to show: the shopper message for the shop front, the merchant message and remedy for logs and admin. */
export interface OrderError {
  codes: string[]
  operation?: string
  shopper: { ja: string; en: string }
  merchant: { ja: string; en: string }
  remedy?: { ja: string; en: string }
  at: string
}

/** An order as the store keeps it. */
export interface Order {
  /** Public, unguessable id: the order page URL contains it. */
  id: string
  /** The link key sent as `MerchantFree1` with every gateway call for this order (e-SCOTT admin console: 自由領域1). */
  merchantFree1: string
  customerId: string | null
  email: string | null
  items: OrderItem[]
  /** Sum of the items, integer yen. */
  subtotal: number
  /** Convenience-store fee added to the subtotal, integer yen (0 for cards). */
  fee: number
  /** What the shopper pays: subtotal + fee, integer yen. */
  amount: number
  method: PaymentMethod | null
  status: OrderStatus
  payment: PaymentDetails
  lastError: OrderError | null
  createdAt: Date
  updatedAt: Date
}

/** Input of {@link OrderStore.create}. */
export interface NewOrder {
  items: OrderItem[]
  customerId?: string | null
  email?: string | null
}

/** Fields {@link OrderStore.update} may change. `payment` is merged into the existing details. */
export interface OrderPatch {
  status?: OrderStatus
  method?: PaymentMethod | null
  fee?: number
  amount?: number
  payment?: Partial<PaymentDetails>
  lastError?: OrderError | null
}

/** Gateway operations the journal records. */
export type JournalOperation =
  | 'card.authorize'
  | 'card.capture'
  | 'card.cancel'
  | 'card.changeAmount'
  | 'card.reauthorize'
  | 'cvs.create'
  | 'cvs.cancel'
  | 'cvs.update'
  | 'cvs.notification'
  | 'members.create'
  | 'members.update'
  | 'members.delete'

/**
 * - `pending`: the intent was written, no result yet (in flight, or the process died during the call).
 * - `ok`: the gateway accepted.
 * - `failed`: the gateway refused or the request never left (nothing happened at the gateway).
 * - `unknown`: sent, no answer: the outcome must be reconciled by a human.
 */
export type JournalOutcome = 'pending' | 'ok' | 'failed' | 'unknown'

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
  result: Record<string, unknown> | null
  createdAt: Date
  completedAt: Date | null
  /** Set by recovery: `completed` or `canceled`, with the time. */
  resolution: 'completed' | 'canceled' | null
  resolvedAt: Date | null
}

/** Input of {@link OrderStore.appendJournal}. */
export interface NewJournalEntry {
  orderId: string | null
  merchantFree1: string
  operation: JournalOperation
  amount?: number | null
  /** Some entries are complete when written (e.g. a rejected notification). */
  outcome?: JournalOutcome
  result?: Record<string, unknown> | null
}

/** A shopper's stored card at e-SCOTT (card member). `kaiinPass` is generated server-side and never shown. */
export interface StoredMember {
  customerId: string
  kaiinId: string
  kaiinPass: string
  /** Masked number for display, e.g. `************1000`. */
  maskedCard: string | null
  brand: string | null
  createdAt: Date
  updatedAt: Date
}

/** Filter of {@link OrderStore.list}. */
export interface OrderFilter {
  status?: OrderStatus[]
  customerId?: string
  method?: PaymentMethod
  limit?: number
}

/** Filter of {@link OrderStore.journal}. */
export interface JournalFilter {
  orderId?: string
  /** Lines of one link key (e.g. a stored-card registration, which has no order). */
  merchantFree1?: string
  outcome?: JournalOutcome[]
  /** Only entries recovery has not resolved yet. */
  unresolved?: boolean
  operation?: JournalOperation[]
}

/**
 * Persistence used by the router: orders, the recovery journal, processed notifications and card members.
 * Implementations: {@link MemoryOrderStore} (tests) and {@link PostgresOrderStore}.
 * Every method must be safe under concurrent calls from several requests.
 */
export interface OrderStore {
  create(input: NewOrder): Promise<Order>
  get(id: string): Promise<Order | undefined>
  getByMerchantFree1(merchantFree1: string): Promise<Order | undefined>
  /**
   * Applies `patch` atomically. With `expectStatus`, only when the current status is one of them (compare-and-set):
   * returns `undefined` when the order does not exist or its status did not match.
   */
  update(id: string, patch: OrderPatch, expectStatus?: readonly OrderStatus[]): Promise<Order | undefined>
  /** Newest first. */
  list(filter?: OrderFilter): Promise<Order[]>

  appendJournal(entry: NewJournalEntry): Promise<JournalEntry>
  /** Records the outcome; `result` is merged into what the intent line already holds. */
  completeJournal(id: string, outcome: Exclude<JournalOutcome, 'pending'>, result?: Record<string, unknown> | null): Promise<void>
  resolveJournal(id: string, resolution: 'completed' | 'canceled'): Promise<void>
  /** Oldest first. */
  journal(filter?: JournalFilter): Promise<JournalEntry[]>

  /**
   * Records an idempotency key once: `false` when `key` was already recorded. Used for processed notifications
   * (replays) and to claim a 3-D Secure card-registration result.
   */
  recordNotification(key: string, orderId: string | null): Promise<boolean>
  hasNotification(key: string): Promise<boolean>

  getMember(customerId: string): Promise<StoredMember | undefined>
  saveMember(member: Omit<StoredMember, 'createdAt' | 'updatedAt'>): Promise<StoredMember>
  deleteMember(customerId: string): Promise<void>

  close(): Promise<void>
}
