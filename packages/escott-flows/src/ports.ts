/**
 * The storage the flows need, as four small ports. An adapter implements `OrderPort` over its own records and
 * usually takes the journal, once-keys and member stores from this package (memory, or `escott-flows/postgres`).
 * Every method must be safe under concurrent calls from several requests and processes; the conformance suite in
 * `escott-flows/testing` checks that.
 */
import type { FlowOrder, FlowOrderPatch, JournalData, JournalEntry, JournalFilter, JournalOutcome, JournalResolution, NewJournalEntry, NewStoredMember, PaymentStatus, StoredMember } from './types.js'

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
  /** `true` the first time `key` is claimed, `false` ever after. `ref` (e.g. an order id) is kept with it. */
  claim(key: string, ref?: string | null): Promise<boolean>
  has(key: string): Promise<boolean>
  /**
   * The `ref` the key was claimed with (`null` when claimed without one), `undefined` when it was never claimed. Lets a
   * flow tell "this order already holds that ProcessId" (a retry) from "another order does" (a spliced result).
   */
  owner(key: string): Promise<string | null | undefined>
}

/** One counting rule: at most `limit` hits within `windowMs`; the hit over the limit locks the key for `lockMs`. */
export interface AttemptRule {
  limit: number
  windowMs: number
  lockMs: number
}

/** What {@link AttemptCounters.hit} reports. */
export interface AttemptCount {
  /** Hits in the current window, this one included (the limit + 1 when this hit locked the key). */
  count: number
  /** Set while the key is locked: hits are refused (and not counted) until then. */
  lockedUntil: Date | null
}

/**
 * Attempt counters for throttling (card testing, order floods), kept where the orders live so that every process of
 * a shop sees the same counts. `hit` must be atomic: of N concurrent hits on one key, each sees a different count.
 */
export interface AttemptCounters {
  /**
   * Counts one attempt under `key` by `rule` at `now`: a fixed window opens at the first hit and lasts `windowMs`; the
   * hit that exceeds `limit` locks the key until `now + lockMs`. While locked, hits are not counted.
   */
  hit(key: string, rule: AttemptRule, now?: Date): Promise<AttemptCount>
  /** Forgets a key (e.g. after a successful payment, or when a person lifts a lock). */
  clear(key: string): Promise<void>
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
