/**
 * `billing.startWorker()`: the long-running side. One tick per slot (across all processes) fans out one job per
 * due subscription, keyed by subscription + period; every worker process handles jobs with `concurrency` in flight.
 */
import { sendCardNotices } from './charging/card-expiry.js'
import { CHARGES_PER_SLOT } from './charging/gateway-slots.js'
import { loadDueRows, processSubscription, type DueRow } from './charging/process.js'
import type { BillingContext } from './context.js'
import type { JobEngine } from './engine/engine.js'
import type { EventDispatcher } from './events.js'
import { queueDue } from './store/queries.js'

/** A running worker. */
export interface BillingWorker {
  /** Fans out everything due now (what the scheduled tick does), e.g. right after moving a test clock. */
  tick(): Promise<number>
  /** Stops taking jobs, waits for the ones in flight, stops the engine. */
  stop(): Promise<void>
}

const PAGE = 500

/** Queues one job per due subscription. Returns how many were offered (keys already waiting are dropped). */
export async function fanOut(ctx: BillingContext, engine: JobEngine): Promise<number> {
  await sendCardNotices(ctx)
  const now = ctx.now()
  const lease = Math.max(120, ctx.opts.jobTimeoutSeconds * 4)
  let offered = 0
  for (;;) {
    const page = await queueDue(ctx.db.query, ctx.s, now, PAGE, lease)
    if (!page.length) return offered
    await engine.enqueue(page.map((r) => ({ subscriptionId: r.id, key: `${r.id}:${r.next_period_start ?? ''}` })))
    offered += page.length
  }
}

export async function startWorker(ctx: BillingContext, engine: JobEngine, events: EventDispatcher, options: { tickSeconds: number }): Promise<BillingWorker> {
  await engine.start()
  // Twice as many jobs as gateway slots: while `concurrency` charges wait for the gateway, the others read their
  // subscription or record their answer (ctx.slots bounds the calls). Each fetched batch of jobs has its
  // subscriptions read in one statement; a job uses that row only if nothing changed it since.
  const preloaded = new Map<string, DueRow>()
  await engine.work(
    async (job) => {
      const row = preloaded.get(job.subscriptionId)
      preloaded.delete(job.subscriptionId)
      await processSubscription(ctx, job.subscriptionId, row)
    },
    ctx.opts.concurrency * CHARGES_PER_SLOT,
    async (jobs) => {
      for (const row of await loadDueRows(
        ctx,
        jobs.map((j) => j.subscriptionId),
      ))
        preloaded.set(row.id, row)
    },
  )
  await engine.tick(async () => {
    const n = await fanOut(ctx, engine)
    if (n) ctx.log.debug({ offered: n }, 'escott-subscriptions: tick fanned out due subscriptions')
  }, options.tickSeconds)
  events.startPolling(1000)
  let stopped: Promise<void> | undefined
  return {
    tick: () => fanOut(ctx, engine),
    stop() {
      stopped ??= (async () => {
        events.stopPolling()
        await engine.stop()
        await events.idle()
      })()
      return stopped
    },
  }
}
