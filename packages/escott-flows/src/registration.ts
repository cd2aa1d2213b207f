/**
 * Registering and replacing a stored card (4MemAdd / 4MemChg), directly with a token or through EMV 3-D Secure
 * (OTDS010), as the e-SCOTT plugins do.
 *
 * A 3-D Secure registration without an order ("my page") has its trip as a journal line (`members.create` /
 * `members.update`, `orderId` null, `via: '3ds'`) under a fresh MerchantFree1. The browser return and the PostUrl find
 * it by that link key and the ProcNo, and the first of them claims it (a once-key), so it is applied exactly once and
 * needs no session cookie.
 */
import {
  detectBrand,
  EscottValidationError,
  isEscottConfigurationError,
  isEscottMemberError,
  newKaiinId,
  newKaiinPass,
  newMerchantFree1,
  storedCardDeletion,
  type CardBrand,
  type StoredCardDeletion,
  type MemberRef,
  type ThreeDSecureRequest,
  type ThreeDSecureResult,
} from 'escott-core'
import { safeMask } from './charge.js'
import type { FlowClient } from './client.js'
import { errorSummary } from './failure.js'
import { journaled } from './journal.js'
import { silentLogger, type FlowLogger, type JournalStore, type MemberStore, type OnceKeys } from './ports.js'
import { memberAuthorizationDates } from './payment-rules.js'
import type { FlowOrder, JournalEntry, StoredMember } from './types.js'

/** The credentials to register under, and whether the gateway already knows the member. */
export interface RegistrationPlan {
  creds: MemberRef
  /** `create`: 4MemAdd. `update`: 4MemChg (the member exists at the gateway). */
  kind: 'create' | 'update'
  /** The credentials are new: a placeholder must be stored before the shopper leaves for 3-D Secure. */
  isNew: boolean
}

/** The gateway's member-not-found refusal: K71 (会員 ID の認証エラー) for credentials it does not know. */
function isMemberNotFound(err: unknown): boolean {
  return isEscottMemberError(err) && err.codes.includes('K71')
}

function freshCredentials(): MemberRef {
  return { kaiinId: newKaiinId(), kaiinPass: newKaiinPass() }
}

/**
 * Decides between 4MemAdd and 4MemChg. A placeholder member (stored before a 3-D Secure trip whose result never
 * arrived, `maskedCard` null) is looked up at the gateway (4MemRef): if that trip did register it, replacing is the
 * only way (4MemAdd would answer K69 for the existing KaiinId). Only the member-not-found refusal (K71) means "never
 * registered"; any other failure (a timeout, a lock) is thrown, since guessing would risk K69.
 */
export async function planMemberRegistration(escott: Pick<FlowClient, 'members'>, stored: StoredMember | undefined): Promise<RegistrationPlan> {
  if (!stored) return { creds: freshCredentials(), kind: 'create', isNew: true }
  const creds = { kaiinId: stored.kaiinId, kaiinPass: stored.kaiinPass }
  if (stored.maskedCard !== null) return { creds, kind: 'update', isNew: false }
  try {
    const info = await escott.members.retrieve(creds)
    // A deleted KaiinId can never be registered again (K69): start over with new credentials.
    if (info.status === 'deleted') return { creds: freshCredentials(), kind: 'create', isNew: true }
    return { creds, kind: 'update', isNew: false }
  } catch (err) {
    if (isMemberNotFound(err)) return { creds, kind: 'create', isNew: false }
    throw err
  }
}

/** What registration needs. */
export interface RegistrationDeps {
  escott: FlowClient
  journal: JournalStore
  members: MemberStore
  log?: FlowLogger
}

/**
 * Registers (4MemAdd) or replaces (4MemChg) the customer's stored card with a token, journaled, outside 3-D Secure.
 * New credentials are generated here; the KaiinPass is stored and never shown. Without a `maskedCard` from the form,
 * the masked number is the gateway's (4MemRef). Throws what the gateway threw.
 */
export async function registerCardWithToken(
  deps: RegistrationDeps,
  input: {
    customerId: string
    token: string
    maskedCard: string | undefined
    /** The brand the gateway gave for the token ({@link tokenCard}); default: detected from `maskedCard`. */
    brand?: CardBrand | undefined
    link: { orderId: string | null; merchantFree1: string }
  },
): Promise<StoredMember> {
  const { creds, kind } = await planMemberRegistration(deps.escott, await deps.members.get(input.customerId))
  const { link, token } = input
  await journaled(
    deps.journal,
    { orderId: link.orderId, merchantFree1: link.merchantFree1, operation: kind === 'update' ? 'members.update' : 'members.create' },
    () => (kind === 'update' ? deps.escott.members.update({ ...creds, token, merchantFree1: link.merchantFree1 }) : deps.escott.members.create({ ...creds, token, merchantFree1: link.merchantFree1 })),
    () => ({ kaiinId: creds.kaiinId }),
  )
  // The card as the gateway now holds it (4MemRef) when the caller does not know it (e.g. Medusa's savePaymentMethod):
  // a registered card is never left looking like a placeholder (null), even when the gateway could not be asked.
  const given = safeMask(input.maskedCard)
  const shown = given ? { masked: given, brand: input.brand ?? detectBrand(input.maskedCard ?? '') } : await registeredCard(deps.escott, creds, null)
  return deps.members.save({ customerId: input.customerId, ...creds, maskedCard: shown?.masked ?? '****', brand: shown?.brand ?? null })
}

/** What a 3-D Secure registration request needs. */
export interface RegistrationRequestInput {
  customerId: string
  token: string
  cardholderName: string
  email: string
  redirectUrl: string
  postUrl: string
  merchantFree1: string
  /** Brand kept on a placeholder member. */
  brand?: CardBrand | undefined
}

/**
 * The OTDS010 request that registers or replaces the customer's card, with the plan it follows. A placeholder member
 * is stored before the redirect (the return may arrive without any session); it is shown only once registered.
 * Throws `EscottConfigurationError` when the client has no 3-D Secure keys.
 */
export async function registrationRequest(
  deps: Pick<RegistrationDeps, 'escott' | 'members'>,
  input: RegistrationRequestInput,
): Promise<{ request: ThreeDSecureRequest; plan: RegistrationPlan; stored: StoredMember | undefined }> {
  const stored = await deps.members.get(input.customerId)
  const plan = await planMemberRegistration(deps.escott, stored)
  const request = deps.escott.threeDSecure.createRequest({
    token: input.token,
    member: plan.creds,
    registerMember: plan.kind,
    cardholderName: input.cardholderName,
    email: input.email,
    redirectUrl: input.redirectUrl,
    postUrl: input.postUrl,
    merchantFree1: input.merchantFree1,
  })
  if (plan.isNew) await deps.members.save({ customerId: input.customerId, ...plan.creds, maskedCard: null, brand: input.brand ?? null })
  return { request, plan, stored }
}

/** What a "my page" registration trip line remembers (no card data beyond the masked number). */
interface RegistrationTrip {
  via: '3ds'
  procNo: string
  customerId: string
  kaiinId: string
  newMember: boolean
  /** A visible card is being replaced (the shopper sees "replaced" rather than "saved"). */
  replacing: boolean
  maskedCard?: string | undefined
  brand?: CardBrand | undefined
  metadata?: Record<string, string> | undefined
}

/**
 * Starts a "my page" registration through 3-D Secure: returns the request to auto-post, or undefined when the client
 * has no 3-D Secure keys (then register with {@link registerCardWithToken}).
 */
export async function beginCardRegistration(
  deps: RegistrationDeps,
  input: Omit<RegistrationRequestInput, 'merchantFree1' | 'brand'> & {
    maskedCard: string | undefined
    /** The brand the gateway gave for the token ({@link tokenCard}); default: detected from `maskedCard`. */
    brand?: CardBrand | undefined
    /**
     * Your own fields, kept on the trip's journal line until the result comes back, whichever process receives it
     * (the plan picked at sign-up, a return page): up to 20 string values of at most 200 characters, never secrets.
     * Read them back with {@link registrationMetadata}.
     */
    metadata?: Record<string, string> | undefined
  },
): Promise<ThreeDSecureRequest | undefined> {
  checkMetadata(input.metadata)
  const merchantFree1 = newMerchantFree1()
  let prepared
  try {
    prepared = await registrationRequest(deps, { ...input, merchantFree1 })
  } catch (err) {
    if (isEscottConfigurationError(err)) return undefined
    throw err
  }
  const { request, plan, stored } = prepared
  const trip: RegistrationTrip = {
    via: '3ds',
    procNo: request.procNo,
    customerId: input.customerId,
    kaiinId: plan.creds.kaiinId,
    newMember: plan.kind === 'create',
    replacing: stored !== undefined && stored.maskedCard !== null,
    maskedCard: safeMask(input.maskedCard),
    brand: input.brand ?? (input.maskedCard ? detectBrand(input.maskedCard) : undefined),
    ...(input.metadata && { metadata: { ...input.metadata } }),
  }
  await deps.journal.append({
    orderId: null,
    merchantFree1,
    operation: plan.kind === 'create' ? 'members.create' : 'members.update',
    result: { ...trip },
  })
  ;(deps.log ?? silentLogger).info({ customerId: input.customerId, merchantFree1, operation: request.operation }, '3-D Secure card registration started')
  return request
}

function checkMetadata(metadata: Record<string, string> | undefined): void {
  if (metadata === undefined) return
  const entries = typeof metadata === 'object' && metadata !== null ? Object.entries(metadata) : undefined
  const bad = !entries || entries.length > 20 || entries.some(([k, v]) => typeof v !== 'string' || v.length > 200 || k.length > 40)
  if (bad) {
    throw new EscottValidationError(undefined, [{ field: 'beginCardRegistration: metadata', message: 'must be an object of at most 20 string values (keys ≤ 40, values ≤ 200 characters)' }])
  }
}

/** The `metadata` given to {@link beginCardRegistration} for this trip (empty when none was). */
export function registrationMetadata(trip: JournalEntry): Record<string, string> {
  const m = (trip.result as Partial<RegistrationTrip> | null)?.metadata
  return m && typeof m === 'object' ? { ...m } : {}
}

/** How a registration ended, for the browser return. */
export type RegistrationOutcome = { kind: 'saved' | 'replaced' } | { kind: 'failed'; codes: string[] } | { kind: 'busy'; trip: JournalEntry }

/** The "my page" registration trip a 3-D Secure result belongs to (no order has this link key). */
export async function findRegistrationTrip(journal: JournalStore, merchantFree1: string, procNo: string | undefined): Promise<JournalEntry | undefined> {
  const lines = await journal.list({ merchantFree1, operation: ['members.create', 'members.update'] })
  return lines.find((l) => {
    const trip = l.result as Partial<RegistrationTrip> | null
    return l.orderId === null && trip?.via === '3ds' && trip.procNo === procNo
  })
}

/** The outcome a trip line records. */
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
export async function finishCardRegistration(deps: RegistrationDeps & { onceKeys: OnceKeys }, trip: JournalEntry, result: ThreeDSecureResult): Promise<RegistrationOutcome> {
  if (trip.outcome !== 'pending') return registrationOutcomeOf(trip)
  const log = deps.log ?? silentLogger
  const t = trip.result as unknown as RegistrationTrip
  if (!(await deps.onceKeys.claim(`3ds:${trip.merchantFree1}:${t.procNo}`, null))) return { kind: 'busy', trip }
  const expected = trip.operation === 'members.create' ? '4MemAdd' : '4MemChg'
  const wrong = result.operation !== expected || (result.kaiinId !== undefined && result.kaiinId !== t.kaiinId)
  if (!result.passed || wrong) {
    const summary = wrong ? { error: 'unexpected result', operation: result.operation } : errorSummary(result.error)
    await deps.journal.complete(trip.id, 'failed', summary)
    // A placeholder member stays: its KaiinId is reused by the next attempt.
    log.warn({ customerId: t.customerId, merchantFree1: trip.merchantFree1, ...summary }, 'stored card not registered (3-D Secure)')
    return { kind: 'failed', codes: Array.isArray(summary.codes) ? (summary.codes as string[]) : [] }
  }
  const member = await deps.members.get(t.customerId)
  if (!member || member.kaiinId !== t.kaiinId) {
    await deps.journal.complete(trip.id, 'failed', { error: 'stored-card credentials disappeared during 3-D Secure' })
    return { kind: 'failed', codes: [] }
  }
  const onFile = await registeredCard(deps.escott, member, t.maskedCard ?? null)
  if (!onFile) {
    // The result says registered, the gateway does not: never show a card that is not there.
    await deps.journal.complete(trip.id, 'failed', { error: 'unconfirmed', reason: 'member_not_registered' })
    log.warn({ customerId: t.customerId, merchantFree1: trip.merchantFree1 }, '3-D Secure registration result not confirmed by 4MemRef: refused')
    return { kind: 'failed', codes: [] }
  }
  await deps.members.save({ ...member, maskedCard: onFile.masked, brand: onFile.brand ?? t.brand ?? null })
  await deps.journal.complete(trip.id, 'ok', { kaiinId: member.kaiinId })
  log.info({ customerId: t.customerId, merchantFree1: trip.merchantFree1, operation: result.operation }, 'stored card registered (3-D Secure)')
  return { kind: t.replacing ? 'replaced' : 'saved' }
}

/**
 * The card the gateway holds for a member (4MemRef), when the member is registered and valid — and, when the card the
 * shopper registered is known, carries the same last four digits. A 3-D Secure registration result is believed only
 * through this: the payload itself can be altered. Undefined when the gateway does not show it (or cannot be asked).
 */
export async function registeredCard(escott: Pick<FlowClient, 'members'>, member: MemberRef, expectedMask: string | null): Promise<{ masked: string; brand: CardBrand | null } | undefined> {
  let info
  try {
    info = await escott.members.retrieve({ kaiinId: member.kaiinId, kaiinPass: member.kaiinPass })
  } catch {
    return undefined
  }
  if (info.status !== 'valid') return undefined
  const masked = safeMask(info.maskedCardNo)
  if (!masked) return undefined
  const expected = safeMask(expectedMask)
  if (expected && expected.slice(-4) !== masked.slice(-4)) return undefined
  const detected = detectBrand(info.maskedCardNo ?? '')
  return { masked, brand: detected !== 'UNKNOWN' ? detected : null }
}

/** Waits until a registration trip has an outcome (the other return is finishing it) or the time is up. */
export async function waitForRegistration(journal: JournalStore, trip: JournalEntry, ms: number): Promise<RegistrationOutcome> {
  const deadline = Date.now() + ms
  for (;;) {
    const line = (await journal.list({ merchantFree1: trip.merchantFree1 })).find((l) => l.id === trip.id) ?? trip
    const outcome = registrationOutcomeOf(line)
    if (outcome.kind !== 'busy' || Date.now() >= deadline) return outcome
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** How {@link deleteStoredCard} ended. */
export type StoredCardDeletionOutcome =
  /** Invalidated and deleted at the gateway (4MemInval, 4MemDel) and removed from the member store. */
  | { kind: 'deleted'; member: StoredMember }
  /** The customer has no stored card. */
  | { kind: 'not_found' }
  /** The manuals' rule keeps it (an authorisation in the last 90 days, or an active subscription); nothing was sent. */
  | { kind: 'not_allowed'; verdict: Exclude<StoredCardDeletion, { allowed: true }> }

/** Input of {@link deleteStoredCard}. */
export interface StoredCardDeletionInput {
  customerId: string
  /** The customer's card orders (any state): the deletion rule counts their authorisations with the stored card. */
  orders: readonly Pick<FlowOrder, 'method' | 'status' | 'payment' | 'updatedAt'>[]
  hasActiveSubscription?: boolean
  /** Link key of the journal line; default a fresh MerchantFree1. */
  merchantFree1?: string
  now?: Date
}

/**
 * Deletes the customer's stored card when the manuals' rule allows it: invalidated first, then deleted (the plugins'
 * order: an interrupted delete leaves an unusable member, never a usable orphan), journaled, then removed from the
 * member store. A deleted KaiinId is never reused. Throws what the gateway threw.
 *
 * @example
 * ```ts
 * const outcome = await deleteStoredCard(deps, { customerId, orders: await myOrders.listByCustomer(customerId) })
 * if (outcome.kind === 'not_allowed') showError(`deletable from ${outcome.verdict.reason}`)
 * ```
 */
export async function deleteStoredCard(deps: RegistrationDeps, input: StoredCardDeletionInput): Promise<StoredCardDeletionOutcome> {
  const member = await deps.members.get(input.customerId)
  if (!member) return { kind: 'not_found' }
  const verdict = storedCardDeletion({
    authorizations: memberAuthorizationDates(input.orders),
    hasActiveSubscription: input.hasActiveSubscription ?? false,
    ...(input.now && { now: input.now }),
  })
  if (!verdict.allowed) return { kind: 'not_allowed', verdict }
  const creds = { kaiinId: member.kaiinId, kaiinPass: member.kaiinPass }
  // A placeholder was never registered at the gateway (or its trip's answer never came): nothing to delete there.
  const atGateway = member.maskedCard !== null || (await registeredCard(deps.escott, creds, null)) !== undefined
  if (atGateway) {
    await journaled(
      deps.journal,
      { orderId: null, merchantFree1: input.merchantFree1 ?? newMerchantFree1(), operation: 'members.delete' },
      async () => {
        await deps.escott.members.invalidate(creds)
        return deps.escott.members.delete(creds)
      },
      () => ({ kaiinId: member.kaiinId }),
    )
  }
  await deps.members.delete(input.customerId)
  ;(deps.log ?? silentLogger).info({ customerId: input.customerId, kaiinId: member.kaiinId }, 'stored card deleted')
  return { kind: 'deleted', member }
}
