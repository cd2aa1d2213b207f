/**
 * The steps a card payment shares between the direct checkout and the 3-D Secure return: claiming the order,
 * running the journaled gateway call, recording the result, and turning failures into order state.
 */
import { detectBrand, type CardBrand, type CardTransaction, type MemberRef, type ThreeDSecureData } from 'escott-core'
import type { RouterContext } from './context.js'
import { isEscottError, toOrderError } from './errors.js'
import { planRegistration } from './card-registration.js'
import { journaled, OutcomeUnknown } from './journal.js'
import type { Order, OrderStatus, PaymentDetails, StoredMember } from './types.js'

/** What a charging journal line records on success; recovery applies exactly this to the order. */
export interface ChargeRecord {
  status: OrderStatus
  method: 'card' | 'cvs'
  payment: PaymentDetails
  via?: string
}

/** Only the last four digits of a masked card number are kept. */
export function safeMask(masked: string | undefined | null): string | undefined {
  if (!masked) return undefined
  const digits = masked.replace(/[^0-9*]/g, '')
  const last4 = digits.slice(-4)
  if (!/^\d{4}$/.test(last4)) return undefined
  return '*'.repeat(Math.max(digits.length - 4, 8)) + last4
}

/** The charge record of a card authorisation. */
export function cardCharge(tx: CardTransaction, extra: PaymentDetails): ChargeRecord {
  return {
    status: tx.status,
    method: 'card',
    payment: {
      ...extra,
      processId: tx.processId,
      processPass: tx.processPass,
      transactionId: tx.transactionId,
      approveNo: tx.approveNo,
      companyCd: tx.companyCd,
      payType: tx.payType ?? extra.payType,
      operateId: tx.status === 'captured' ? '1Gathering' : '1Auth',
      authorizedAt: new Date().toISOString(),
      ...(tx.status === 'captured' && { capturedAt: new Date().toISOString() }),
      pendingSaveCard: undefined,
      pendingUseMember: undefined,
    },
  }
}

/** Journal result: the charge without undefined keys (JSON drops them anyway). */
export function chargeSummary(charge: ChargeRecord): Record<string, unknown> {
  return JSON.parse(JSON.stringify(charge))
}

/** Writes a successful charge to the order. */
export async function recordCharge(ctx: RouterContext, order: Order, charge: ChargeRecord): Promise<Order> {
  const updated = await ctx.orders.update(order.id, { status: charge.status, method: charge.method, payment: charge.payment, lastError: null })
  ctx.log.info({ orderId: order.id, merchantFree1: order.merchantFree1, status: charge.status, processId: charge.payment.processId }, 'payment recorded')
  return updated ?? order
}

/**
 * Handles a failed gateway call for an order in `processing`/`awaiting_3ds`: an unknown outcome parks the order in
 * `needs_reconciliation` (never retried); anything else puts it back to `pending` with the error to show.
 */
export async function recordFailure(ctx: RouterContext, order: Order, err: unknown, operation: string): Promise<Order> {
  if (err instanceof OutcomeUnknown || !isEscottError(err)) {
    const orderError = toOrderError(err instanceof OutcomeUnknown ? err.cause : err, operation)
    ctx.log.error(
      { orderId: order.id, merchantFree1: order.merchantFree1, operation, error: orderError.merchant.en },
      'payment outcome unknown: order needs reconciliation (run recover)',
    )
    return (await ctx.orders.update(order.id, { status: 'needs_reconciliation', lastError: orderError })) ?? order
  }
  const orderError = toOrderError(err, operation)
  ctx.log.warn(
    { orderId: order.id, merchantFree1: order.merchantFree1, operation, codes: orderError.codes, error: orderError.merchant.en, remedy: orderError.remedy?.en },
    'payment refused',
  )
  return (
    (await ctx.orders.update(order.id, {
      status: 'pending',
      fee: 0,
      amount: order.subtotal,
      lastError: orderError,
      payment: { pendingSaveCard: undefined, pendingUseMember: undefined },
    })) ?? order
  )
}

/** The member credentials of a stored member. */
export function memberRef(m: StoredMember): MemberRef {
  return { kaiinId: m.kaiinId, kaiinPass: m.kaiinPass }
}

/**
 * Registers (4MemAdd) or replaces (4MemChg) the customer's stored card with a token, journaled. New credentials are
 * generated here; the KaiinPass is stored and never shown.
 */
export async function saveCardWithToken(
  ctx: RouterContext,
  customerId: string,
  token: string,
  maskedCard: string | undefined,
  link: { orderId: string | null; merchantFree1: string },
): Promise<StoredMember> {
  const { creds, kind } = await planRegistration(ctx, await ctx.orders.getMember(customerId))
  await journaled(
    ctx.orders,
    { orderId: link.orderId, merchantFree1: link.merchantFree1, operation: kind === 'update' ? 'members.update' : 'members.create' },
    () =>
      kind === 'update'
        ? ctx.escott.members.update({ ...creds, token, merchantFree1: link.merchantFree1 })
        : ctx.escott.members.create({ ...creds, token, merchantFree1: link.merchantFree1 }),
    () => ({ kaiinId: creds.kaiinId }),
  )
  return ctx.orders.saveMember({
    customerId,
    ...creds,
    maskedCard: safeMask(maskedCard) ?? null,
    brand: detectBrand(maskedCard ?? ''),
  })
}

/** Authorises (1Auth) or authorises and captures (1Gathering), journaled, and records the result on the order. */
export async function authorizeAndRecord(
  ctx: RouterContext,
  order: Order,
  source: { token: string } | { member: MemberRef },
  details: PaymentDetails & { payType: string; brand?: string },
  threeDSecure?: ThreeDSecureData,
): Promise<Order> {
  const brand = details.brand && details.brand !== 'UNKNOWN' ? (details.brand as CardBrand) : undefined
  const { result } = await journaled(
    ctx.orders,
    { orderId: order.id, merchantFree1: order.merchantFree1, operation: 'card.authorize', amount: order.subtotal },
    () =>
      ctx.escott.card.authorize({
        amount: order.subtotal,
        ...source,
        payType: details.payType,
        ...(brand && { brand }),
        capture: ctx.capture,
        merchantFree1: order.merchantFree1,
        ...(threeDSecure !== undefined && { threeDSecure }),
      }),
    (tx) => chargeSummary(cardCharge(tx, details)),
  )
  return recordCharge(ctx, order, cardCharge(result, details))
}

/** Waits until an order leaves `processing` / `awaiting_3ds` (another request is finishing it) or the time is up. */
export async function waitForSettled(ctx: RouterContext, orderId: string, ms: number): Promise<Order | undefined> {
  const deadline = Date.now() + ms
  for (;;) {
    const order = await ctx.orders.get(orderId)
    if (!order || (order.status !== 'processing' && order.status !== 'awaiting_3ds') || Date.now() >= deadline) return order
    await new Promise((r) => setTimeout(r, 100))
  }
}
