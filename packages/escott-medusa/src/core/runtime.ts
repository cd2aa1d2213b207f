/**
 * What the card and convenience-store providers of one payment module share: the gateway client (per provider
 * options), the flows' stores and the sessions (per module container, in Medusa's database), and the flows' logger.
 * Tables are created on first use with escott-flows' migrator (`escott_medusa_*`).
 */
import type { Logger } from '@medusajs/framework/types'
import { Escott } from 'escott-core'
import { memoryStores, type AttemptCounters, type FlowLogger, type JournalStore, type MemberStore, type OnceKeys } from 'escott-flows'
import { PostgresFlowStores, type PostgresPool } from 'escott-flows/postgres'
import { MemorySessionStore } from '../sessions/memory'
import { PostgresSessionStore } from '../sessions/postgres'
import type { SessionStore } from '../sessions/types'
import { knexPool, type KnexLike } from './knex-pool'
import { resolveOptions, type EscottProviderOptions, type ResolvedOptions } from './options'

/** Container key under which custom stores may be registered (tests, another database). */
export const ESCOTT_STORES_KEY = 'escottMedusaStores'

/** Prefix of the tables in Medusa's database. */
export const TABLE_PREFIX = 'escott_medusa_'

/** The stores the providers run on. */
export interface EscottStores {
  journal: JournalStore
  onceKeys: OnceKeys
  members: MemberStore
  /** Payment-attempt counters (escott-flows' throttling), next to the sessions so every Medusa process counts alike. */
  attempts: AttemptCounters
  sessions: SessionStore
  /** Creates or upgrades the tables; called once before first use. */
  migrate?: () => Promise<void>
}

/** Memory stores (lost on restart): for tests, or a Medusa without a database connection. */
export function memoryEscottStores(): EscottStores {
  return { ...memoryStores(), sessions: new MemorySessionStore() }
}

/**
 * A pool whose statements create the tables again when they find them gone (PostgreSQL's undefined_table, 42P01):
 * Medusa's database recreated under a running app — restored from a backup or a template, as Medusa's own test
 * runner does before every test — keeps working. Only the statement that found the table missing is sent again.
 */
function recreatingTables(pool: PostgresPool, migrate: () => Promise<void>): PostgresPool {
  return {
    async query(text, values) {
      try {
        return await pool.query(text, values)
      } catch (err) {
        if ((err as { code?: unknown }).code !== '42P01') throw err
        await migrate()
        return pool.query(text, values)
      }
    },
    connect: () => pool.connect(),
  }
}

/** The flows' stores and the sessions on Medusa's own connection. */
export function postgresEscottStores(knex: KnexLike): EscottStores {
  const borrowed = knexPool(knex)
  const migrate = async () => {
    await flows.migrate()
    await sessions.migrate()
  }
  const pool = recreatingTables(borrowed, migrate)
  const flows = new PostgresFlowStores({ pool, tablePrefix: TABLE_PREFIX })
  const sessions = new PostgresSessionStore(pool, TABLE_PREFIX)
  return { journal: flows.journal, onceKeys: flows.onceKeys, members: flows.members, attempts: flows.attempts, sessions, migrate }
}

/** Everything a provider instance works with. */
export interface EscottRuntime {
  escott: Escott
  options: ResolvedOptions
  stores: EscottStores
  log: FlowLogger
  logger: Logger | undefined
  /** Resolves once the tables exist. */
  ready(): Promise<void>
}

function fromCradle<T>(cradle: Record<string, unknown>, key: string): T | undefined {
  try {
    return cradle[key] as T | undefined
  } catch {
    return undefined // awilix throws for keys that are not registered
  }
}

/** The flows log objects; Medusa's logger takes lines. Only ids, codes and merchant messages reach it. */
export function flowLogger(logger: Logger | undefined): FlowLogger {
  const line = (msg: string | undefined, obj: Record<string, unknown>) => `escott: ${msg ?? ''} ${JSON.stringify(obj)}`
  return {
    info: (obj, msg) => logger?.info(line(msg, obj)),
    warn: (obj, msg) => logger?.warn(line(msg, obj)),
    error: (obj, msg) => logger?.error(line(msg, obj)),
  }
}

const storesByContainer = new WeakMap<object, { stores: EscottStores; ready: Promise<void> | undefined }>()
const clientsByOptions = new WeakMap<object, { escott: Escott; options: ResolvedOptions }>()

/** The stores of one module container: injected, on Medusa's connection, or (with a warning) in memory. */
function storesFor(cradle: Record<string, unknown>, logger: Logger | undefined) {
  let entry = storesByContainer.get(cradle)
  if (!entry) {
    const injected = fromCradle<EscottStores>(cradle, ESCOTT_STORES_KEY)
    const knex = injected ? undefined : fromCradle<KnexLike>(cradle, '__pg_connection__')
    if (!injected && !knex) logger?.warn('escott: no database connection in the payment module container; keeping payment state in memory (lost on restart)')
    entry = { stores: injected ?? (knex ? postgresEscottStores(knex) : memoryEscottStores()), ready: undefined }
    storesByContainer.set(cradle, entry)
  }
  return entry
}

/** The runtime of a provider built by Medusa with `cradle` and the provider options of medusa-config. */
export function runtimeFor(cradle: Record<string, unknown>, options: EscottProviderOptions): EscottRuntime {
  const logger = fromCradle<Logger>(cradle, 'logger')
  let client = clientsByOptions.get(options)
  if (!client) {
    const resolved = resolveOptions(options)
    client = { options: resolved, escott: new Escott(resolved.escott) }
    clientsByOptions.set(options, client)
  }
  const entry = storesFor(cradle, logger)
  return {
    ...client,
    stores: entry.stores,
    log: flowLogger(logger),
    logger,
    ready() {
      entry.ready ??= (entry.stores.migrate?.() ?? Promise.resolve()).catch((err: unknown) => {
        entry.ready = undefined // the next call tries again
        throw err
      })
      return entry.ready
    },
  }
}
