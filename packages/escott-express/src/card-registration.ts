/**
 * Registering and replacing a stored card (4MemAdd / 4MemChg). "My page" sends them through EMV 3-D Secure (OTDS010),
 * as the e-SCOTT plugins do; only a client without `threeDSecure` keys falls back to the direct member messages.
 *
 * A 3-D Secure registration has no order: its trip is a journal line (`members.create` / `members.update`, `orderId`
 * null, `via: '3ds'`) under a fresh MerchantFree1. The browser return and the PostUrl find it by that link key and
 * the ProcNo, and the first of them claims it (an insert-once key in the store), so it is applied exactly once and
 * needs no session cookie.
 */
import { detectBrand, type MemberRef, type ThreeDSecureRequest, type ThreeDSecureResult } from 'escott-core'
import type { RouterContext } from './context.js'
import { errorSummary } from './errors.js'
import { newKaiinId, newKaiinPass, newMerchantFree1 } from './ids.js'
import { safeMask } from './payment-flow.js'
import type { JournalEntry, StoredMember } from './types.js'

/** The credentials to register under, and whether the gateway already knows the member. */
export interface RegistrationPlan {
  creds: MemberRef
  kind: 'create' | 'update'
  /** No row yet: a placeholder must be stored before the shopper leaves for 3-D Secure. */
  isNew: boolean
}

/**
 * Decides between 4MemAdd and 4MemChg. A placeholder member (stored before a 3-D Secure trip whose result never
 * arrived, `maskedCard` null) is looked up at the gateway: if that trip did register it, replacing is the only way
 * (4MemAdd would answer K69 for the existing KaiinId).
 */
export async function planRegistration(ctx: RouterContext, stored: StoredMember | undefined): Promise<RegistrationPlan> {
  if (!stored) return { creds: { kaiinId: newKaiinId(), kaiinPass: newKaiinPass() }, kind: 'create', isNew: true }
  const creds = { kaiinId: stored.kaiinId, kaiinPass: stored.kaiinPass }
  if (stored.maskedCard !== null) return { creds, kind: 'update', isNew: false }
  try {
    const info = await ctx.escott.members.retrieve(creds)
    return { creds, kind: info.status === 'deleted' ? 'create' : 'update', isNew: false }
  } catch {
    return { creds, kind: 'create', isNew: false } // unknown at the gateway (K71): never registered
  }
}

/** What a registration trip line remembers (no card data beyond the masked number). */
interface RegistrationTrip {
  via: '3ds'
  procNo: string
  customerId: string
  kaiinId: string
  newMember: boolean
  /** A visible card is being replaced (the shopper sees "replaced" rather than "saved"). */
  replacing: boolean
  maskedCard?: string | undefined
  brand?: string | undefined
}

/** Starts a "my page" registration through 3-D Secure. Undefined when the client has no 3-D Secure keys. */
export async function startCardRegistration(
  ctx: RouterContext,
  input: {
    customerId: string
    token: string
    maskedCard: string | undefined
    cardholderName: string
    email: string
    redirectUrl: string
    postUrl: string
  },
): Promise<ThreeDSecureRequest | undefined> {
  const stored = await ctx.orders.getMember(input.customerId)
  const plan = await planRegistration(ctx, stored)
  const merchantFree1 = newMerchantFree1()
  let request: ThreeDSecureRequest
  try {
    request = ctx.escott.threeDSecure.createRequest({
      token: input.token,
      member: plan.creds,
      registerMember: plan.kind,
      cardholderName: input.cardholderName,
      email: input.email,
      redirectUrl: input.redirectUrl,
      postUrl: input.postUrl,
      merchantFree1,
    })
  } catch (err) {
    if ((err as { name?: unknown } | null)?.name === 'EscottConfigurationError') return undefined
    throw err
  }
  // Kept before the redirect (the return may arrive without any session); shown only once registered.
  if (plan.isNew) await ctx.orders.saveMember({ customerId: input.customerId, ...plan.creds, maskedCard: null, brand: null })
  const trip: RegistrationTrip = {
    via: '3ds',
    procNo: request.procNo,
    customerId: input.customerId,
    kaiinId: plan.creds.kaiinId,
    newMember: plan.kind === 'create',
    replacing: stored !== undefined && stored.maskedCard !== null,
    maskedCard: safeMask(input.maskedCard),
    brand: input.maskedCard ? detectBrand(input.maskedCard) : undefined,
  }
  await ctx.orders.appendJournal({
    orderId: null,
    merchantFree1,
    operation: plan.kind === 'create' ? 'members.create' : 'members.update',
    result: JSON.parse(JSON.stringify(trip)),
  })
  ctx.log.info({ customerId: input.customerId, merchantFree1, operation: request.operation }, '3-D Secure card registration started')
  return request
}

/** Outcome of a registration result, for the browser return. */
export type RegistrationOutcome = { kind: 'saved' | 'replaced' } | { kind: 'failed'; codes: string[] } | { kind: 'busy'; trip: JournalEntry }

/** The registration trip a 3-D Secure result belongs to (no order has this link key). */
export async function findRegistrationTrip(ctx: RouterContext, merchantFree1: string, procNo: string | undefined): Promise<JournalEntry | undefined> {
  const lines = await ctx.orders.journal({ merchantFree1, operation: ['members.create', 'members.update'] })
  return lines.find((l) => {
    const trip = l.result as Partial<RegistrationTrip> | null
    return l.merchantFree1 === merchantFree1 && l.orderId === null && trip?.via === '3ds' && trip.procNo === procNo
  })
}

/** The outcome a finished trip line records. */
export function registrationOutcomeOf(trip: JournalEntry): RegistrationOutcome {
  if (trip.outcome === 'pending') return { kind: 'busy', trip }
  if (trip.outcome === 'ok') return { kind: (trip.result as Partial<RegistrationTrip> | null)?.replacing ? 'replaced' : 'saved' }
  const codes = (trip.result as { codes?: unknown } | null)?.codes
  return { kind: 'failed', codes: Array.isArray(codes) ? codes.map(String) : [] }
}

/**
 * Applies a registration result once. Any number of calls, concurrent or repeated, from the browser return and the
 * PostUrl: the first claims the trip, the others get `busy` (still running) or the recorded outcome.
 */
export async function finishCardRegistration(ctx: RouterContext, trip: JournalEntry, result: ThreeDSecureResult): Promise<RegistrationOutcome> {
  if (trip.outcome !== 'pending') return registrationOutcomeOf(trip)
  const t = trip.result as unknown as RegistrationTrip
  if (!(await ctx.orders.recordNotification(`3ds:${trip.merchantFree1}:${t.procNo}`, null))) return { kind: 'busy', trip }
  const expected = trip.operation === 'members.create' ? '4MemAdd' : '4MemChg'
  const wrong = result.operation !== expected || (result.kaiinId !== undefined && result.kaiinId !== t.kaiinId)
  if (!result.passed || wrong) {
    const summary = wrong ? { error: 'unexpected result', operation: result.operation } : errorSummary(result.error)
    await ctx.orders.completeJournal(trip.id, 'failed', summary)
    // A placeholder member stays: its KaiinId is reused by the next attempt.
    ctx.log.warn({ customerId: t.customerId, merchantFree1: trip.merchantFree1, ...summary }, 'stored card not registered (3-D Secure)')
    return { kind: 'failed', codes: Array.isArray(summary.codes) ? (summary.codes as string[]) : [] }
  }
  const member = await ctx.orders.getMember(t.customerId)
  if (!member || member.kaiinId !== t.kaiinId) {
    await ctx.orders.completeJournal(trip.id, 'failed', { error: 'stored-card credentials disappeared during 3-D Secure' })
    return { kind: 'failed', codes: [] }
  }
  // What the gateway now holds is the truth (an older trip may have finished in between); the form's mask is the fallback.
  let masked = t.maskedCard ?? null
  let brand = t.brand ?? null
  try {
    const info = await ctx.escott.members.retrieve({ kaiinId: member.kaiinId, kaiinPass: member.kaiinPass })
    if (info.maskedCardNo) {
      masked = safeMask(info.maskedCardNo) ?? masked
      const detected = detectBrand(info.maskedCardNo)
      if (detected !== 'UNKNOWN') brand = detected
    }
  } catch {}
  await ctx.orders.saveMember({ ...member, maskedCard: masked ?? '****', brand })
  await ctx.orders.completeJournal(trip.id, 'ok', { kaiinId: member.kaiinId })
  ctx.log.info({ customerId: t.customerId, merchantFree1: trip.merchantFree1, operation: result.operation }, 'stored card registered (3-D Secure)')
  return { kind: t.replacing ? 'replaced' : 'saved' }
}

/** Waits until a claimed registration trip is finished by the other request, or the time is up. */
export async function waitForRegistration(ctx: RouterContext, trip: JournalEntry, ms: number): Promise<RegistrationOutcome> {
  const deadline = Date.now() + ms
  for (;;) {
    const line = (await ctx.orders.journal({ merchantFree1: trip.merchantFree1 })).find((l) => l.id === trip.id) ?? trip
    const outcome = registrationOutcomeOf(line)
    if (outcome.kind !== 'busy' || Date.now() >= deadline) return outcome
    await new Promise((r) => setTimeout(r, 100))
  }
}
