/**
 * Sessions in memory: escott-flows' reference `MemoryOrders` for the order view (its compare-and-set), plus the
 * extras. For unit tests and a Medusa without a database connection; state is lost on restart.
 */
import { MemoryOrders, type FlowOrder, type FlowOrderPatch, type PaymentStatus } from 'escott-flows'
import type { NewPaymentSession, PaymentSessionRecord, SessionExtras, SessionStore } from './types'

export class MemorySessionStore implements SessionStore {
  readonly #orders = new MemoryOrders()
  readonly #extras = new Map<string, { extras: SessionExtras; createdAt: Date }>()

  #with(order: FlowOrder | undefined): PaymentSessionRecord | undefined {
    const kept = order && this.#extras.get(order.id)
    return kept && { ...order, extras: structuredClone(kept.extras), createdAt: kept.createdAt }
  }

  async get(id: string) {
    return this.#with(await this.#orders.get(id))
  }

  async getByMerchantFree1(merchantFree1: string) {
    return this.#with(await this.#orders.getByMerchantFree1(merchantFree1))
  }

  async update(id: string, patch: FlowOrderPatch, expectStatus?: readonly PaymentStatus[]) {
    return this.#with(await this.#orders.update(id, patch, expectStatus))
  }

  async create(session: NewPaymentSession): Promise<PaymentSessionRecord> {
    const existing = await this.get(session.id)
    if (existing) return existing
    const { id, merchantFree1, customerId, amount, method, extras } = session
    await this.#orders.create({ id, merchantFree1, customerId, amount })
    this.#extras.set(id, { extras: structuredClone(extras), createdAt: new Date() })
    return (await this.update(id, method ? { method } : {}))!
  }

  async setExtras(id: string, extras: Partial<SessionExtras>) {
    const kept = this.#extras.get(id)
    if (!kept) return undefined
    const next = { ...kept.extras, ...structuredClone(extras) } as Record<string, unknown>
    for (const [k, v] of Object.entries(next)) if (v === undefined) delete next[k]
    kept.extras = next as unknown as SessionExtras
    return this.get(id)
  }

  async #all(): Promise<PaymentSessionRecord[]> {
    const all: PaymentSessionRecord[] = []
    for (const id of this.#extras.keys()) {
      const s = await this.get(id)
      if (s) all.push(s)
    }
    return all
  }

  async listByCustomer(customerId: string) {
    return (await this.#all()).filter((s) => s.customerId === customerId).reverse()
  }

  async listUnpaidCvs() {
    return (await this.#all()).filter((s) => s.method === 'cvs' && s.status === 'unpaid')
  }
}
