/**
 * What both e-SCOTT providers share, like payment-stripe's StripeBase: options, the runtime (gateway client, the
 * flows' stores, the sessions), reaching a session from Medusa's input, and the public session data. The card and
 * convenience-store services are thin subclasses that call escott-flows and map its outcomes to Medusa.
 */
import type { CancelPaymentInput, CancelPaymentOutput, DeletePaymentInput, DeletePaymentOutput, Logger, ProviderWebhookPayload, WebhookActionResult } from '@medusajs/framework/types'
import { AbstractPaymentProvider, MedusaError, PaymentActions } from '@medusajs/framework/utils'
import { checkPaymentAttempt, waitForSettled, type FlowLogger, type JournalStore, type MemberStore, type OnceKeys, type ThrottleVerdict } from 'escott-flows'
import type { Escott } from 'escott-core'
import type { PaymentSessionRecord, SessionStore } from '../sessions/types'
import { outcomeUnknownError, toMedusaError } from './errors'
import { resolveOptions, type EscottProviderOptions, type ResolvedOptions } from './options'
import { runtimeFor, type EscottRuntime } from './runtime'

/** The dependencies every escott-flows call of the providers gets: the sessions are the flows' orders. */
export interface FlowDeps {
  escott: Escott
  orders: SessionStore
  journal: JournalStore
  members: MemberStore
  onceKeys: OnceKeys
  log: FlowLogger
}

/** MerchantFree1 (≤ 32 printable ASCII, searchable in the e-SCOTT console): `MD` + the payment session's ULID. */
export function merchantFree1For(sessionId: string): string {
  return `MD${sessionId.replace(/^payses_/, '')}`.slice(0, 32)
}

/** How long a request waits for another one that is charging the same session (Medusa re-entry). */
const SETTLE_WAIT_MS = 15_000

export abstract class EscottBase extends AbstractPaymentProvider<EscottProviderOptions> {
  readonly #runtime: EscottRuntime

  /** Called by Medusa once per service at boot with the provider options: bad options stop the boot. */
  static override validateOptions(options: Record<string, unknown>): void {
    resolveOptions(options)
  }

  constructor(cradle: Record<string, unknown>, options: EscottProviderOptions) {
    super(cradle, options)
    this.#runtime = runtimeFor(cradle, options)
  }

  /** For the plugin's routes and jobs, which reach this instance through the payment module. */
  get runtime(): EscottRuntime {
    return this.#runtime
  }

  protected get options_(): ResolvedOptions {
    return this.#runtime.options
  }

  protected get logger(): Logger | undefined {
    return this.#runtime.logger
  }

  protected get sessions(): SessionStore {
    return this.#runtime.stores.sessions
  }

  /** Resolves once the tables exist (created on first use). */
  ready(): Promise<void> {
    return this.#runtime.ready()
  }

  /** The flows' dependencies for recovery (the plugin's job and admin routes). */
  recoveryDeps(): Promise<FlowDeps> {
    return this.flows()
  }

  /**
   * Counts one payment attempt (escott-flows' throttling) for a payment collection — Medusa replaces the session on
   * every new card or payer, the collection stays — from a client address; the plugin's store routes answer a
   * `locked` verdict with 429.
   */
  async checkPaymentAttempt(paymentCollectionId: string, client: string | undefined): Promise<ThrottleVerdict> {
    const limits = this.options_.limits
    if (!limits) return { kind: 'allowed' }
    await this.ready()
    return checkPaymentAttempt(this.#runtime.stores.attempts, { orderId: paymentCollectionId, client }, limits)
  }

  /** Whether a session belongs to this provider's merchant (several merchants may share Medusa's database). */
  async ownsSession(id: string): Promise<boolean> {
    await this.ready()
    const merchantId = (await this.sessions.get(id))?.extras.merchantId
    return merchantId === undefined || merchantId === this.options_.escott.merchantId
  }

  /** The flows' dependencies, once the tables exist. */
  protected async flows(): Promise<FlowDeps> {
    await this.ready()
    const { escott, stores, log } = this.#runtime
    return { escott, orders: stores.sessions, journal: stores.journal, members: stores.members, onceKeys: stores.onceKeys, log }
  }

  protected sessionIdOf(input: { data?: Record<string, unknown>; context?: { idempotency_key?: string } }): string {
    const id = input.data?.session_id ?? input.context?.idempotency_key
    if (typeof id !== 'string' || !id) throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: the payment data has no session_id')
    return id
  }

  /** The session of Medusa's input, once no other request is charging it. */
  protected async sessionOf(input: { data?: Record<string, unknown>; context?: { idempotency_key?: string } }): Promise<PaymentSessionRecord> {
    const id = this.sessionIdOf(input)
    await this.ready()
    const found = await this.sessions.get(id)
    if (!found) throw new MedusaError(MedusaError.Types.NOT_FOUND, `escott: no e-SCOTT record for payment session ${id}`)
    if (found.status !== 'processing') return found
    const settled = (await waitForSettled(this.sessions, id, SETTLE_WAIT_MS)) as PaymentSessionRecord | undefined
    if (!settled || settled.status === 'processing') {
      throw new MedusaError(MedusaError.Types.CONFLICT, 'escott: this payment is being processed by another request; try again in a moment')
    }
    return settled
  }

  /** Throws the Medusa error for a failure thrown by the gateway or a store. */
  protected fail(err: unknown, operation: string, s?: Pick<PaymentSessionRecord, 'merchantFree1'>): never {
    throw toMedusaError(err, { logger: this.logger, operation, merchantFree1: s?.merchantFree1, language: this.options_.language })
  }

  /** A session whose charge may exist: never charged again, recovery settles it. */
  protected unreconciled(s: Pick<PaymentSessionRecord, 'merchantFree1'>): never {
    throw outcomeUnknownError(s.merchantFree1, this.options_.language)
  }

  /** The storefront-readable view of a session. */
  protected abstract view(s: PaymentSessionRecord): Promise<Record<string, unknown>>

  /**
   * Medusa's data for a session. Returned data replaces what Medusa stored, so the storefront's keys are kept — but
   * not the token: at initiatePayment Medusa merges this over the storefront's data, so `token: undefined` erases it.
   */
  protected async dataOf(input: Record<string, unknown> | undefined, s: PaymentSessionRecord): Promise<Record<string, unknown>> {
    return { ...input, token: undefined, session_id: s.id, escott: await this.view(s) }
  }

  /**
   * Closes a session the way its payment method needs (void a reserved card charge, 2Del an unpaid slip). `deleting`
   * is Medusa's cart-change cleanup: it never throws for what recovery must settle and never undoes moved money.
   */
  protected abstract close(s: PaymentSessionRecord, deleting: boolean): Promise<PaymentSessionRecord>

  /** Cancels the payment (a card's 1Delete, a slip's 2Del); a session never charged is simply closed. */
  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: await this.dataOf(input.data, await this.close(await this.sessionOf(input), false)) }
  }

  /** Medusa deletes sessions on every cart change: void what is reserved; never throw for what recovery must settle. */
  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const id = input.data?.session_id
    await this.ready()
    const s = typeof id === 'string' ? await this.sessions.get(id) : undefined
    if (!s) return { data: input.data ?? {} }
    return { data: await this.dataOf(input.data, await this.close(s, true)) }
  }

  async getWebhookActionAndData(_payload: ProviderWebhookPayload['payload']): Promise<WebhookActionResult> {
    return { action: PaymentActions.NOT_SUPPORTED }
  }
}
