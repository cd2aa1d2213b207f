/**
 * Public data types of escott-express: shop orders and the store the router needs. The payment vocabulary (states,
 * payment details, journal lines, stored-card members) is escott-flows'; these types only add what a shop order has.
 * All amounts are integer yen. Dates are `Date` instants; they are shown in Asia/Tokyo.
 */
import type { AttemptCounters, FlowOrder, FlowOrderPatch, JournalStore, MemberStore, OnceKeys, OrderPort, PaymentError, PaymentMethod, PaymentStatus } from 'escott-flows'

export type {
  JournalEntry,
  JournalFilter,
  JournalOperation,
  JournalOutcome,
  JournalStore,
  NewJournalEntry,
  PaymentDetails,
  PaymentMethod,
  StoredMember,
} from 'escott-flows'

/**
 * Where an order is in its life: escott-flows' `PaymentStatus` — `pending` (payable), `awaiting_3ds`, `processing`,
 * `needs_reconciliation`, and escott-core's card (`authorized`, `captured`, `canceled`) and convenience-store
 * (`unpaid`, `paid`, `canceled`) states.
 */
export type OrderStatus = PaymentStatus

/** A failure to show: the shopper message for the shop front, the merchant message and remedy for logs and admin. */
export type OrderError = PaymentError

/** One line of an order. */
export interface OrderItem {
  sku: string
  name: string
  /** The line's name on English pages (default `name`). */
  nameEn?: string
  /** Integer yen, tax included. */
  unitPrice: number
  quantity: number
  /** Consumption-tax rate in percent included in `unitPrice` (8 = 軽減税率, 10 = standard); kept for receipts. */
  taxRate?: number
}

/**
 * Who ordered and where it goes: shown on the admin pages, searched by the admin list, exported as CSV, and used to
 * prefill the convenience-store form (NameKanji / NameKana / TelNo). Every field is optional.
 */
export interface OrderContact {
  /** Full name as the shopper wrote it (e.g. 山田 花子). */
  name?: string
  /** Reading in katakana (ヤマダ ハナコ). */
  kana?: string
  /** Phone number as typed. */
  phone?: string
  postalCode?: string
  /** Delivery address in one line (prefecture, city, street, building). */
  address?: string
}

/** An order as the store keeps it: what the flows see (`FlowOrder`) plus the shop's own fields. */
export interface Order extends FlowOrder {
  /** Public, unguessable id: the order page URL contains it. */
  id: string
  email: string | null
  /** Customer and delivery details (`{}` when the shop collected none). */
  contact: OrderContact
  /** The shopper's language when ordering (mails and pages for them use it); null when unknown. */
  lang: 'ja' | 'en' | null
  items: OrderItem[]
  /** Sum of the items, integer yen. */
  subtotal: number
  /** Convenience-store fee added to the subtotal, integer yen (0 for cards). */
  fee: number
  /** What the shopper pays: subtotal + fee, integer yen. */
  amount: number
  method: PaymentMethod | null
  status: OrderStatus
  lastError: OrderError | null
  createdAt: Date
  updatedAt: Date
}

/** Input of {@link OrderStore.create}. */
export interface NewOrder {
  items: OrderItem[]
  customerId?: string | null
  email?: string | null
  contact?: OrderContact
  lang?: 'ja' | 'en' | null
}

/** Fields {@link OrderStore.update} may change. `payment` is merged into the existing details. */
export interface OrderPatch extends FlowOrderPatch {
  fee?: number
}

/** Filter of {@link OrderStore.list}. Every given condition must hold. */
export interface OrderFilter {
  status?: OrderStatus[]
  /** Statuses left out (the admin list hides abandoned, never-paid orders by default). */
  excludeStatus?: OrderStatus[]
  customerId?: string
  method?: PaymentMethod
  /**
   * Free text: matches the order number (link key) or, case-insensitively, part of the e-mail, name, kana or phone
   * (hyphens and spaces ignored).
   */
  query?: string
  /** Created at or after this instant. */
  from?: Date
  /** Created before this instant. */
  to?: Date
  /** Default 500. */
  limit?: number
  /** Orders to skip (paging), default 0. */
  offset?: number
}

/**
 * The shop's orders: escott-flows' `OrderPort` (find, compare-and-set update) plus creating and listing.
 * Implementations: {@link MemoryOrderStore} and {@link PostgresOrderStore}.
 */
export interface OrderStore extends OrderPort {
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
}

/**
 * Everything the router keeps: the orders and escott-flows' journal, once-keys and stored-card members. Each part
 * is one small port, so a shop can bring its own orders and keep the rest (see escott-flows/testing to check a
 * custom store). Implementations: {@link MemoryShopStore}, {@link PostgresShopStore}, {@link openShopStore}.
 */
export interface ShopStore {
  orders: OrderStore
  journal: JournalStore
  onceKeys: OnceKeys
  members: MemberStore
  /**
   * Attempt counters for throttling, kept with the orders so that every process of the shop sees the same counts.
   * Optional for stores written before it existed: the router then counts in its own memory (one process only) and
   * says so in the log.
   */
  attempts?: AttemptCounters
  close(): Promise<void>
}
