/**
 * What both e-SCOTT providers share, like payment-stripe's StripeBase: options, the gateway client, the
 * server-side store, the journal around every gateway call, and turning records into the public session data.
 * The card and convenience-store services are thin subclasses that decide what to send.
 */
import type { Logger, ProviderWebhookPayload, WebhookActionResult } from '@medusajs/framework/types'
import { AbstractPaymentProvider, MedusaError, PaymentActions } from '@medusajs/framework/utils'
import { Escott } from 'escott-core'
import { resolveOptions, type EscottProviderOptions, type ResolvedOptions } from './options'
import { isEscott, isOutcomeUnknown, storedError, toMedusaError } from './errors'
import { MemoryEscottStore } from '../store/memory'
import { knexQueryable, PostgresEscottStore } from '../store/postgres'
import type { EscottMedusaStore, SessionRecord } from '../store/types'

/** Container key under which a custom {@link EscottMedusaStore} may be registered (tests, custom storage). */
export const ESCOTT_STORE_KEY = 'escottMedusaStore'

const stores = new WeakMap<object, EscottMedusaStore>()
const clients = new WeakMap<object, { escott: Escott; options: ResolvedOptions }>()

function fromCradle<T>(cradle: Record<string, unknown>, key: string): T | undefined {
  try {
    return cradle[key] as T | undefined
  } catch {
    return undefined // awilix throws for keys that are not registered
  }
}

/** One store per database connection, shared by the card and CVS services and the plugin routes. */
function storeFor(cradle: Record<string, unknown>, logger: Logger | undefined): EscottMedusaStore {
  const injected = fromCradle<EscottMedusaStore>(cradle, ESCOTT_STORE_KEY)
  if (injected) return injected
  const knex = fromCradle<object & Parameters<typeof knexQueryable>[0]>(cradle, '__pg_connection__')
  if (!knex) {
    logger?.warn('escott: no database connection in the payment module container; keeping payment state in memory (lost on restart)')
    return new MemoryEscottStore()
  }
  let store = stores.get(knex)
  if (!store) {
    store = new PostgresEscottStore(knexQueryable(knex))
    stores.set(knex, store)
  }
  return store
}

/** The id used as MerchantFree1 (≤ 32 printable ASCII): the payment session's ULID. */
export function merchantFree1For(sessionId: string): string {
  const id = sessionId.replace(/^payses_/, '')
  return `MD${id}`.slice(0, 32)
}

export abstract class EscottBase extends AbstractPaymentProvider<EscottProviderOptions> {
  protected readonly options_: ResolvedOptions
  protected readonly escott: Escott
  protected readonly store: EscottMedusaStore
  protected readonly logger: Logger | undefined

  /** Called by Medusa once per service at boot with the provider options: bad options stop the boot. */
  static override validateOptions(options: Record<string, unknown>): void {
    resolveOptions(options)
  }

  constructor(cradle: Record<string, unknown>, options: EscottProviderOptions) {
    super(cradle, options)
    this.logger = fromCradle<Logger>(cradle, 'logger')
    let shared = clients.get(options)
    if (!shared) {
      const resolved = resolveOptions(options)
      shared = { options: resolved, escott: new Escott(resolved.escott) }
      clients.set(options, shared)
    }
    this.options_ = shared.options
    this.escott = shared.escott
    this.store = storeFor(cradle, this.logger)
  }

  /** Exposed to the plugin's routes, which reach this instance through the payment module. */
  get runtime() {
    return { escott: this.escott, store: this.store, options: this.options_, logger: this.logger }
  }

  protected sessionIdOf(input: { data?: Record<string, unknown>; context?: { idempotency_key?: string } }): string {
    const id = input.data?.session_id ?? input.context?.idempotency_key
    if (typeof id !== 'string' || !id) throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: the payment data has no session_id')
    return id
  }

  protected async recordOf(input: { data?: Record<string, unknown>; context?: { idempotency_key?: string } }): Promise<SessionRecord> {
    const id = this.sessionIdOf(input)
    const rec = await this.store.getSession(id)
    if (!rec) throw new MedusaError(MedusaError.Types.NOT_FOUND, `escott: no e-SCOTT record for payment session ${id}`)
    return rec
  }

  /**
   * Runs one gateway call with its journal line written first, so a call whose answer is lost can always be found
   * (by its MerchantFree1) and reconciled. A lost answer is never retried here.
   */
  protected async journaled<T>(
    rec: Pick<SessionRecord, 'sessionId' | 'merchantFree1'>,
    operation: string,
    amount: number | undefined,
    call: () => Promise<T>,
    summary: (result: T) => Record<string, unknown>,
  ): Promise<T> {
    const line = await this.store.appendJournal({ sessionId: rec.sessionId, merchantFree1: rec.merchantFree1, operation, amount })
    try {
      const result = await call()
      await this.store.completeJournal(line.id, 'ok', summary(result))
      return result
    } catch (err) {
      await this.store.completeJournal(line.id, isOutcomeUnknown(err) || !isEscott(err) ? 'unknown' : 'failed', { error: storedError(err) })
      throw err
    }
  }

  protected fail(err: unknown, operation: string, rec?: Pick<SessionRecord, 'merchantFree1'>): never {
    throw toMedusaError(err, { logger: this.logger, operation, merchantFree1: rec?.merchantFree1, language: this.options_.language })
  }

  /** The storefront-readable view of a record: no token, ProcessPass or KaiinPass. */
  protected abstract publicData(rec: SessionRecord): Record<string, unknown>

  /** Merges the public view into Medusa's data: returned data replaces what Medusa stored. */
  protected dataOf(input: Record<string, unknown> | undefined, rec: SessionRecord): Record<string, unknown> {
    const { token: _token, ...rest } = input ?? {}
    return { ...rest, session_id: rec.sessionId, token: undefined, escott: this.publicData(rec) }
  }

  async getWebhookActionAndData(_payload: ProviderWebhookPayload['payload']): Promise<WebhookActionResult> {
    return { action: PaymentActions.NOT_SUPPORTED }
  }
}
