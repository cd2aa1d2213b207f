/**
 * The storage the flows need, as four small ports. An adapter implements `OrderPort` over its own records and
 * usually takes the journal, once-keys and member stores from this package (memory, or `escott-flows/postgres`).
 * Every method must be safe under concurrent calls from several requests and processes; the conformance suite in
 * `escott-flows/testing` checks that.
 */
import type {
  FlowOrder,
  FlowOrderPatch,
  JournalData,
  JournalEntry,
  JournalFilter,
  JournalOutcome,
  JournalResolution,
  NewJournalEntry,
  NewStoredMember,
  PaymentStatus,
  StoredMember,
} from './types.js'

/** The recovery journal: one line per gateway call, written before the call and completed after it. */
export interface JournalStore {
  append(entry: NewJournalEntry): Promise<JournalEntry>
  /** Records the outcome; `result` is merged into what the intent line already holds. Throws for an unknown id. */
  complete(id: string, outcome: Exclude<JournalOutcome, 'pending'>, result?: JournalData | null): Promise<void>
  /** Marks a line as handled by recovery. Throws for an unknown id. */
  resolve(id: string, resolution: JournalResolution): Promise<void>
  /** Oldest first. */
  list(filter?: JournalFilter): Promise<JournalEntry[]>
}

/**
 * Insert-once keys: processed notifications (replays), a claimed 3-D Secure registration result. `claim` must be
 * atomic: of any number of concurrent claims of one key, exactly one gets `true`.
 */
export interface OnceKeys {
  /** `true` the first time `key` is claimed, `false` ever after. `ref` (e.g. an order id) is kept for people. */
  claim(key: string, ref?: string | null): Promise<boolean>
  has(key: string): Promise<boolean>
}

/** Stored-card members, one per customer. */
export interface MemberStore {
  get(customerId: string): Promise<StoredMember | undefined>
  /** Inserts or replaces the customer's member. */
  save(member: NewStoredMember): Promise<StoredMember>
  delete(customerId: string): Promise<void>
}

/**
 * Orders as the adapter sees them. `update` is the one write: it must apply the patch atomically and, with
 * `expectStatus`, only when the current status is one of them (compare-and-set), so that exactly one of several
 * concurrent requests claims an order.
 */
export interface OrderPort {
  get(id: string): Promise<FlowOrder | undefined>
  getByMerchantFree1(merchantFree1: string): Promise<FlowOrder | undefined>
  /** Undefined when the order does not exist or (with `expectStatus`) its status did not match. */
  update(id: string, patch: FlowOrderPatch, expectStatus?: readonly PaymentStatus[]): Promise<FlowOrder | undefined>
}

/** Structured logger (pino-compatible subset). The flows pass only ids, codes and merchant messages to it. */
export interface FlowLogger {
  info(obj: Record<string, unknown>, msg?: string): void
  warn(obj: Record<string, unknown>, msg?: string): void
  error(obj: Record<string, unknown>, msg?: string): void
}

/** A logger that drops everything (the default). */
export const silentLogger: FlowLogger = Object.freeze({ info() {}, warn() {}, error() {} })
