/** In-memory order store for unit tests and throw-away demos. Data is lost when the process ends. */
import { newJournalId, newMerchantFree1, newOrderId } from '../ids.js'
import type {
  JournalEntry,
  JournalFilter,
  JournalOutcome,
  NewJournalEntry,
  NewOrder,
  Order,
  OrderFilter,
  OrderPatch,
  OrderStatus,
  OrderStore,
  StoredMember,
} from '../types.js'
import { checkNewOrder, checkPatch } from './validate.js'

const clone = <T>(v: T): T => structuredClone(v)

/** {@link OrderStore} kept in process memory. Every method copies, so callers can never mutate stored state. */
export class MemoryOrderStore implements OrderStore {
  readonly #orders = new Map<string, Order>()
  readonly #byLinkKey = new Map<string, string>()
  readonly #journal: JournalEntry[] = []
  readonly #notifications = new Set<string>()
  readonly #members = new Map<string, StoredMember>()

  async create(input: NewOrder): Promise<Order> {
    const { items, subtotal } = checkNewOrder(input)
    const now = new Date()
    let merchantFree1 = newMerchantFree1()
    while (this.#byLinkKey.has(merchantFree1)) merchantFree1 = newMerchantFree1()
    const order: Order = {
      id: newOrderId(),
      merchantFree1,
      customerId: input.customerId ?? null,
      email: input.email ?? null,
      items,
      subtotal,
      fee: 0,
      amount: subtotal,
      method: null,
      status: 'pending',
      payment: {},
      lastError: null,
      createdAt: now,
      updatedAt: now,
    }
    this.#orders.set(order.id, order)
    this.#byLinkKey.set(merchantFree1, order.id)
    return clone(order)
  }

  async get(id: string): Promise<Order | undefined> {
    const o = this.#orders.get(id)
    return o && clone(o)
  }

  async getByMerchantFree1(merchantFree1: string): Promise<Order | undefined> {
    const id = this.#byLinkKey.get(merchantFree1)
    return id === undefined ? undefined : this.get(id)
  }

  async update(id: string, patch: OrderPatch, expectStatus?: readonly OrderStatus[]): Promise<Order | undefined> {
    const o = this.#orders.get(id)
    if (!o) return undefined
    if (expectStatus && !expectStatus.includes(o.status)) return undefined
    checkPatch(patch)
    const next: Order = {
      ...o,
      ...(patch.status !== undefined && { status: patch.status }),
      ...(patch.method !== undefined && { method: patch.method }),
      ...(patch.fee !== undefined && { fee: patch.fee }),
      ...(patch.amount !== undefined && { amount: patch.amount }),
      ...(patch.lastError !== undefined && { lastError: clone(patch.lastError) }),
      payment: patch.payment ? dropUndefined({ ...o.payment, ...clone(patch.payment) }) : o.payment,
      updatedAt: new Date(),
    }
    this.#orders.set(id, next)
    return clone(next)
  }

  async list(filter: OrderFilter = {}): Promise<Order[]> {
    let out = [...this.#orders.values()]
    if (filter.status) out = out.filter((o) => filter.status!.includes(o.status))
    if (filter.customerId !== undefined) out = out.filter((o) => o.customerId === filter.customerId)
    if (filter.method) out = out.filter((o) => o.method === filter.method)
    out.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    return clone(out.slice(0, filter.limit ?? 500))
  }

  async appendJournal(entry: NewJournalEntry): Promise<JournalEntry> {
    const now = new Date()
    const outcome = entry.outcome ?? 'pending'
    const row: JournalEntry = {
      id: newJournalId(),
      orderId: entry.orderId,
      merchantFree1: entry.merchantFree1,
      operation: entry.operation,
      amount: entry.amount ?? null,
      outcome,
      result: entry.result ? clone(entry.result) : null,
      createdAt: now,
      completedAt: outcome === 'pending' ? null : now,
      resolution: null,
      resolvedAt: null,
    }
    this.#journal.push(row)
    return clone(row)
  }

  async completeJournal(id: string, outcome: Exclude<JournalOutcome, 'pending'>, result?: Record<string, unknown> | null): Promise<void> {
    const row = this.#journal.find((j) => j.id === id)
    if (!row) throw new Error(`journal entry ${id} not found`)
    row.outcome = outcome
    row.result = result ? { ...(row.result ?? {}), ...clone(result) } : row.result
    row.completedAt = new Date()
  }

  async resolveJournal(id: string, resolution: 'completed' | 'canceled'): Promise<void> {
    const row = this.#journal.find((j) => j.id === id)
    if (!row) throw new Error(`journal entry ${id} not found`)
    row.resolution = resolution
    row.resolvedAt = new Date()
  }

  async journal(filter: JournalFilter = {}): Promise<JournalEntry[]> {
    return clone(
      this.#journal.filter(
        (j) =>
          (filter.orderId === undefined || j.orderId === filter.orderId) &&
          (filter.merchantFree1 === undefined || j.merchantFree1 === filter.merchantFree1) &&
          (!filter.outcome || filter.outcome.includes(j.outcome)) &&
          (!filter.operation || filter.operation.includes(j.operation)) &&
          (!filter.unresolved || j.resolution === null),
      ),
    )
  }

  async recordNotification(key: string): Promise<boolean> {
    if (this.#notifications.has(key)) return false
    this.#notifications.add(key)
    return true
  }

  async hasNotification(key: string): Promise<boolean> {
    return this.#notifications.has(key)
  }

  async getMember(customerId: string): Promise<StoredMember | undefined> {
    const m = this.#members.get(customerId)
    return m && clone(m)
  }

  async saveMember(member: Omit<StoredMember, 'createdAt' | 'updatedAt'>): Promise<StoredMember> {
    const now = new Date()
    const prev = this.#members.get(member.customerId)
    const row: StoredMember = { ...member, createdAt: prev?.createdAt ?? now, updatedAt: now }
    this.#members.set(member.customerId, row)
    return clone(row)
  }

  async deleteMember(customerId: string): Promise<void> {
    this.#members.delete(customerId)
  }

  async close(): Promise<void> {}
}

/** Removes keys whose value is `undefined` (a patch uses `undefined` to clear a payment field). */
export function dropUndefined<T extends object>(value: T): T {
  const out = {} as T
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v
  return out
}
