/** The in-memory store for unit tests and throw-away demos. Data is lost when the process ends. */
import { newMerchantFree1 } from 'escott-core'
import { memoryStores, type AttemptCounters, type JournalStore, type MemberStore, type OnceKeys } from 'escott-flows'
import { newOrderId } from '../ids.js'
import type { NewOrder, Order, OrderFilter, OrderPatch, OrderStatus, OrderStore, ShopStore } from '../types.js'
import { checkNewOrder, checkPatch, searchText, searchable } from './validate.js'

const clone = <T>(v: T): T => structuredClone(v)

/** {@link OrderStore} kept in process memory. Every method copies, so callers can never mutate stored state. */
export class MemoryOrderStore implements OrderStore {
  readonly #orders = new Map<string, Order>()
  readonly #byLinkKey = new Map<string, string>()
  readonly #search = new Map<string, string>()
  #sequence = 0

  async create(input: NewOrder): Promise<Order> {
    const { items, subtotal, contact } = checkNewOrder(input)
    // Strictly increasing, so that "newest first" is stable for orders created within one millisecond.
    const now = new Date(Math.max(Date.now(), this.#sequence + 1))
    this.#sequence = now.getTime()
    let merchantFree1 = newMerchantFree1()
    while (this.#byLinkKey.has(merchantFree1)) merchantFree1 = newMerchantFree1()
    const order: Order = {
      id: newOrderId(),
      merchantFree1,
      customerId: input.customerId ?? null,
      email: input.email ?? null,
      contact,
      lang: input.lang ?? null,
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
    this.#search.set(order.id, searchText(merchantFree1, order.email, contact))
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
    if (filter.excludeStatus) out = out.filter((o) => !filter.excludeStatus!.includes(o.status))
    const query = filter.query ? searchable(filter.query) : ''
    if (query) out = out.filter((o) => (this.#search.get(o.id) ?? '').includes(query))
    if (filter.from) out = out.filter((o) => o.createdAt >= filter.from!)
    if (filter.to) out = out.filter((o) => o.createdAt < filter.to!)
    out.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1))
    const offset = filter.offset ?? 0
    return clone(out.slice(offset, offset + (filter.limit ?? 500)))
  }
}

/** Removes keys whose value is `undefined` (a patch uses `undefined` to clear a payment field). */
function dropUndefined<T extends object>(value: T): T {
  const out = {} as T
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v
  return out
}

/** {@link ShopStore} in memory: the orders here, the journal, once-keys and members from escott-flows. */
export class MemoryShopStore implements ShopStore {
  readonly orders = new MemoryOrderStore()
  readonly journal: JournalStore
  readonly onceKeys: OnceKeys
  readonly members: MemberStore
  readonly attempts: AttemptCounters

  constructor() {
    const stores = memoryStores()
    this.journal = stores.journal
    this.onceKeys = stores.onceKeys
    this.members = stores.members
    this.attempts = stores.attempts
  }

  async close(): Promise<void> {}
}
