/**
 * A reference {@link OrderPort} in memory, for the flows' own tests and as the shape an adapter implements. Real
 * adapters keep their own records (shop orders, payment sessions, subscription charges) and implement the port.
 */
import { EscottFlowError } from '../errors.js'
import { newMerchantFree1 } from 'escott-core'
import type { OrderPort } from '../ports.js'
import type { FlowOrder, FlowOrderPatch, PaymentStatus } from '../types.js'
import { requireYen } from '../validate.js'
import { clone, dropUndefined, jsonCopy } from './clone.js'

/** Input of {@link MemoryOrders.create}. */
export interface NewFlowOrder {
  amount: number
  customerId?: string | null
  merchantFree1?: string
  id?: string
  status?: PaymentStatus
}

/**
 * {@link OrderPort} in memory, with `create` to add orders.
 *
 * @example
 * ```ts
 * const orders = new MemoryOrders()
 * const order = await orders.create({ amount: 1980 })
 * const claimed = await orders.update(order.id, { status: 'processing', method: 'card' }, ['pending']) // undefined if another request won
 * ```
 */
export class MemoryOrders implements OrderPort {
  readonly #orders = new Map<string, FlowOrder>()
  #seq = 0

  async create(input: NewFlowOrder): Promise<FlowOrder> {
    requireYen('amount', input.amount)
    const merchantFree1 = input.merchantFree1 ?? newMerchantFree1()
    if ([...this.#orders.values()].some((o) => o.merchantFree1 === merchantFree1)) {
      throw new EscottFlowError('STORE_INPUT_INVALID', { detail: `merchantFree1 ${merchantFree1} is taken` })
    }
    const order: FlowOrder = {
      id: input.id ?? `order-${++this.#seq}-${merchantFree1}`,
      merchantFree1,
      customerId: input.customerId ?? null,
      amount: input.amount,
      method: null,
      status: input.status ?? 'pending',
      payment: {},
      lastError: null,
      updatedAt: new Date(),
    }
    this.#orders.set(order.id, order)
    return clone(order)
  }

  async get(id: string): Promise<FlowOrder | undefined> {
    const o = this.#orders.get(id)
    return o && clone(o)
  }

  async getByMerchantFree1(merchantFree1: string): Promise<FlowOrder | undefined> {
    for (const o of this.#orders.values()) if (o.merchantFree1 === merchantFree1) return clone(o)
    return undefined
  }

  async update(id: string, patch: FlowOrderPatch, expectStatus?: readonly PaymentStatus[]): Promise<FlowOrder | undefined> {
    const o = this.#orders.get(id)
    if (!o || (expectStatus && !expectStatus.includes(o.status))) return undefined
    if (patch.amount !== undefined) requireYen('amount', patch.amount)
    const next: FlowOrder = {
      ...o,
      ...(patch.status !== undefined && { status: patch.status }),
      ...(patch.method !== undefined && { method: patch.method }),
      ...(patch.amount !== undefined && { amount: patch.amount }),
      ...(patch.lastError !== undefined && { lastError: patch.lastError === null ? null : jsonCopy(patch.lastError) }),
      payment: patch.payment ? dropUndefined({ ...o.payment, ...patch.payment }) : o.payment,
      updatedAt: new Date(),
    }
    this.#orders.set(id, jsonPayment(next))
    return clone(next)
  }
}

function jsonPayment(o: FlowOrder): FlowOrder {
  return { ...o, payment: jsonCopy(o.payment) }
}
