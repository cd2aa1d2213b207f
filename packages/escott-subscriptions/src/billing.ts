/**
 * `createBilling`: recurring charges on stored cards, on PostgreSQL (embedded by default) with pg-boss workers.
 */
import { CHARGES_PER_SLOT, GatewaySlots } from './charging/gateway-slots.js'
import { ClaimWriter } from './charging/claims.js'
import { SuccessRecorder } from './charging/record.js'
import type { BillingContext } from './context.js'
import { openDatabase, type Database } from './db/database.js'
import { openPostgres } from 'escott-flows/embedded-postgres'
import { migrate } from './db/migrations.js'
import { PgBossEngine } from './engine/pg-boss.js'
import { EscottBillingError } from './errors.js'
import { EventDispatcher, type EventHandler } from './events.js'
import { resolveOptions, type BillingOptions } from './options.js'
import { ChargesResource } from './resources/charges.js'
import { PlansResource } from './resources/plans.js'
import { SubscriptionsResource } from './resources/subscriptions.js'
import { runDue } from './run-due.js'
import type { BillingEventType, RunDueSummary } from './types.js'
import { startWorker, type BillingWorker } from './worker.js'

/** How long a claim or a recorded answer waits for others to share its statement (see charging/group-commit.ts). */
const GROUP_WINDOW_MS = 5

/** The billing instance returned by {@link createBilling}. */
export interface Billing {
  readonly plans: PlansResource
  readonly subscriptions: SubscriptionsResource
  readonly charges: ChargesResource
  /** One pass over everything due at `now()` in this process; resolves when its events were delivered. */
  runDue(): Promise<RunDueSummary>
  /** Starts the long-running worker (scheduled tick + job handlers). Any number of processes may run one. */
  startWorker(): Promise<BillingWorker>
  /** Subscribes to an event type; returns an unsubscribe function. Events are delivered at least once: de-duplicate on `event.id`. */
  on<T extends BillingEventType>(type: T, handler: EventHandler<T>): () => void
  /** Delivers pending events now (runDue and the worker do this on their own). */
  deliverEvents(): Promise<number>
  /** The PostgreSQL connection string in use (the embedded cluster's when no databaseUrl was given). */
  readonly databaseUrl: string
  /** Stops the worker, delivers what is pending, closes the pool (and stops the embedded cluster this call started). */
  close(): Promise<void>
}

/**
 * Opens the billing store (external `databaseUrl`, or an embedded PostgreSQL kept in `dataDir`), creates or
 * upgrades its tables, and returns the billing API.
 *
 * @example
 * import { Escott } from 'escott-core'
 * import { createBilling } from 'escott-subscriptions'
 *
 * const billing = await createBilling({ escott: new Escott({ ... }), databaseUrl: process.env.DATABASE_URL })
 * await billing.plans.create({ id: 'tea-monthly', name: '煎茶 定期便', amount: 3980, interval: 'month' })
 * const sub = await billing.subscriptions.create({ customerId: 'c-1', member: { kaiinId, kaiinPass }, planId: 'tea-monthly' })
 * billing.on('charge.succeeded', (e) => ship(e.data.subscriptionId, e.data.periodStart))
 * const worker = await billing.startWorker()
 */
export async function createBilling(options: BillingOptions): Promise<Billing> {
  const opts = resolveOptions(options)
  // The shared starter of escott-flows: the external database when given, else the embedded cluster in dataDir.
  const pgHandle = await openPostgres({ databaseUrl: opts.databaseUrl ?? '', dataDir: opts.dataDir })
  const connectionString = pgHandle.connectionString
  const db: Database = openDatabase({
    connectionString,
    schema: opts.schema,
    max: opts.poolSize ?? opts.concurrency * CHARGES_PER_SLOT + 4,
    onClose: () => pgHandle.close(),
  })
  try {
    await migrate(db)
  } catch (err) {
    await db.close().catch(() => {})
    throw err
  }

  const events = new EventDispatcher()
  let engine: PgBossEngine | undefined
  const ctx: BillingContext = {
    db,
    s: opts.schema,
    escott: opts.escott,
    now: opts.now,
    opts,
    log: opts.logger,
    slots: new GatewaySlots(opts.concurrency),
    // One statement for the claims (and one for the answers) of charges that start (end) within a few ms.
    claims: new ClaimWriter(() => ctx, { fullBatch: opts.concurrency, windowMs: GROUP_WINDOW_MS }),
    successes: new SuccessRecorder(() => ctx, { fullBatch: opts.concurrency, windowMs: GROUP_WINDOW_MS }),
    eventsWritten: () => events.poke(),
    becameDue: (id) => {
      engine?.enqueue([{ subscriptionId: id, key: `${id}:now` }]).catch(() => {})
    },
  }
  events.bind(ctx)

  let worker: BillingWorker | undefined
  let closed = false
  const assertOpen = () => {
    if (closed) throw new EscottBillingError('CLOSED', 'this billing instance is closed', 'この billing は close 済みです')
  }

  return {
    plans: new PlansResource(ctx),
    subscriptions: new SubscriptionsResource(ctx),
    charges: new ChargesResource(ctx),
    databaseUrl: connectionString,
    async runDue() {
      assertOpen()
      const summary = await runDue(ctx)
      await events.idle()
      await events.drain()
      return summary
    },
    async startWorker() {
      assertOpen()
      if (worker) return worker
      engine = new PgBossEngine({
        connectionString,
        schema: `${opts.schema}_jobs`,
        jobTimeoutSeconds: opts.jobTimeoutSeconds,
        maintenanceSeconds: opts.maintenanceSeconds,
        logger: opts.logger,
      })
      const started = await startWorker(ctx, engine, events, { tickSeconds: opts.tickSeconds })
      worker = {
        tick: () => started.tick(),
        stop: async () => {
          await started.stop()
          worker = undefined
          engine = undefined
        },
      }
      return worker
    },
    on(type, handler) {
      const off = events.on(type, handler)
      events.poke()
      return off
    },
    async deliverEvents() {
      await events.idle()
      return events.drain()
    },
    async close() {
      if (closed) return
      closed = true
      await worker?.stop()
      await events.idle()
      await db.close()
    },
  }
}
