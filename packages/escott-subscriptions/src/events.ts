/**
 * Delivering the outbox to `billing.on(...)` handlers, at least once. Events are leased (other processes skip
 * them) and marked delivered only after every handler of this process for that type returned; a handler that
 * throws gets the event again later with back-off. A process only takes the types it has handlers for.
 */
import type { BillingContext } from './context.js'
import { leaseEvents, markDelivered, markFailed, type EventRow } from './store/events-store.js'
import type { BillingEvent, BillingEventType } from './types.js'

export type EventHandler<T extends BillingEventType = BillingEventType> = (event: BillingEvent<T>) => void | Promise<void>

const LEASE_SECONDS = 60
const BATCH = 200

export class EventDispatcher {
  readonly #handlers = new Map<BillingEventType, Set<EventHandler>>()
  #ctx: BillingContext | undefined
  #running: Promise<void> | undefined
  #again = false
  #timer: NodeJS.Timeout | undefined

  bind(ctx: BillingContext): void {
    this.#ctx = ctx
  }

  on<T extends BillingEventType>(type: T, handler: EventHandler<T>): () => void {
    let set = this.#handlers.get(type)
    if (!set) this.#handlers.set(type, (set = new Set()))
    set.add(handler as EventHandler)
    return () => set.delete(handler as EventHandler)
  }

  get hasHandlers(): boolean {
    for (const set of this.#handlers.values()) if (set.size) return true
    return false
  }

  /** Delivers soon (coalesced): called whenever events were written in this process. */
  poke(): void {
    if (!this.hasHandlers) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = this.drain()
      .then(() => {})
      .finally(() => {
        this.#running = undefined
        if (this.#again) {
          this.#again = false
          this.poke()
        }
      })
  }

  /** Polls the outbox every `ms` (events written by other processes). */
  startPolling(ms: number): void {
    this.stopPolling()
    this.#timer = setInterval(() => this.poke(), ms)
    this.#timer.unref()
  }

  stopPolling(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
  }

  /** Waits for a delivery in progress. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running
  }

  /** Delivers everything deliverable now. Returns how many events were delivered. */
  async drain(): Promise<number> {
    const ctx = this.#ctx
    if (!ctx) return 0
    const types = [...this.#handlers].filter(([, set]) => set.size > 0).map(([type]) => type)
    if (!types.length) return 0
    let delivered = 0
    for (;;) {
      let rows: EventRow[]
      try {
        rows = await leaseEvents(ctx.db.query, ctx.s, types, BATCH, LEASE_SECONDS)
      } catch (err) {
        ctx.log.warn({ err: String(err) }, 'escott-subscriptions: could not read the events outbox')
        return delivered
      }
      if (!rows.length) return delivered
      for (const row of rows) {
        const event: BillingEvent = { id: row.id, type: row.type, createdAt: row.created_at, data: row.data as never }
        try {
          for (const handler of this.#handlers.get(row.type) ?? []) await handler(event)
          await markDelivered(ctx.db.query, ctx.s, row.seq)
          delivered++
        } catch (err) {
          const wait = Math.min(3600, 2 ** Math.min(12, row.attempts))
          ctx.log.warn({ eventId: row.id, type: row.type, err: String((err as Error)?.message ?? err) }, `escott-subscriptions: event handler failed; redelivered in ${wait} s`)
          await markFailed(ctx.db.query, ctx.s, row.seq, String((err as Error)?.message ?? err), wait).catch(() => {})
        }
      }
    }
  }
}
