/**
 * The pg-boss 10 engine. Charge jobs live in a `short` queue (one waiting job per key) whose jobs expire after
 * `jobTimeoutSeconds`: a worker that dies holding jobs gives them back at the next maintenance run, so they are
 * picked up again within about a minute instead of pg-boss's 15-minute default. Exactly-once side effects do not
 * come from here (pg-boss runs a handler at least once); they come from the charge rows.
 */
import pg from 'pg'
import PgBoss from 'pg-boss'
import type { Logger } from 'escott-core'
import type { DueJob, JobEngine } from './engine.js'

const CHARGE_QUEUE = 'escott-billing-due'
const TICK_QUEUE = 'escott-billing-tick'

export interface PgBossEngineOptions {
  connectionString: string
  schema: string
  jobTimeoutSeconds: number
  maintenanceSeconds: number
  pollMs?: number
  logger: Logger
}

export class PgBossEngine implements JobEngine {
  readonly #boss: PgBoss
  readonly #o: PgBossEngineOptions
  #stopping = false
  #loop: Promise<void> | undefined
  #wakeFetcher: (() => void) | undefined
  #ticker: NodeJS.Timeout | undefined
  #lanes: Promise<void>[] = []
  #laneWaiters: Array<() => void> = []
  #flush: (() => Promise<void>) | undefined

  constructor(options: PgBossEngineOptions) {
    this.#o = options
    this.#boss = new PgBoss({
      connectionString: options.connectionString,
      schema: options.schema,
      max: 4,
      supervise: true,
      schedule: false,
      maintenanceIntervalSeconds: options.maintenanceSeconds,
      application_name: 'escott-subscriptions',
    })
    this.#boss.on('error', (err: Error) => options.logger.warn({ err: err.message }, 'escott-subscriptions: pg-boss error'))
  }

  async start(): Promise<void> {
    // pg-boss's createQueue deadlocks when several processes create the same queue at once (its partition DDL), so
    // process start-up is serialised with an advisory lock: any number of workers may boot together.
    const lock = new pg.Client({ connectionString: this.#o.connectionString })
    await lock.connect()
    try {
      await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`escott-subscriptions:${this.#o.schema}:start`])
      await this.#boss.start()
      if (!(await this.#boss.getQueue(CHARGE_QUEUE))) await this.#createQueues()
    } finally {
      await lock.end().catch(() => {})
    }
  }

  async #createQueues(): Promise<void> {
    await this.#boss.createQueue(CHARGE_QUEUE, {
      name: CHARGE_QUEUE,
      policy: 'short',
      expireInSeconds: this.#o.jobTimeoutSeconds,
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
      retentionMinutes: 60 * 24,
    })
    await this.#boss.createQueue(TICK_QUEUE, { name: TICK_QUEUE, policy: 'standard', expireInSeconds: 600, retryLimit: 0 })
  }

  async enqueue(jobs: DueJob[]): Promise<void> {
    if (!jobs.length) return
    await this.#boss.insert(jobs.map((j) => ({ name: CHARGE_QUEUE, data: { subscriptionId: j.subscriptionId }, singletonKey: j.key })))
    this.#wakeFetcher?.()
  }

  async work(handler: (job: DueJob) => Promise<void>, concurrency: number, onFetched?: (jobs: DueJob[]) => Promise<void>): Promise<void> {
    const pollMs = this.#o.pollMs ?? 1000
    // The fetcher keeps up to 2 × `concurrency` jobs waiting and tops the buffer up once it has drained to a
    // quarter of that, so each fetch takes a batch of at least 1.5 × `concurrency` jobs and a lane that finishes
    // still finds its next job waiting. Batches matter: pg-boss's fetch sorts every waiting job of the queue
    // (its index does not match the ORDER BY), so its cost is per call, not per job — at 10,000 queued jobs a call
    // with ~5 jobs cost more database time than the charge itself (bench:subscriptions, BENCH_PROFILE=1).
    const capacity = 2 * concurrency
    const lowWater = Math.max(1, Math.floor(capacity / 4))
    const buffer: Array<PgBoss.Job<{ subscriptionId: string }>> = []
    const done: string[] = []
    let flushing: Promise<void> | undefined
    let flushTimer: NodeJS.Timeout | undefined
    // Completions are written in batches, one statement per `capacity` jobs or every 250 ms: like the fetch, pg-boss's
    // complete costs per call. A completion lost with its process only means the job runs again, and finds its
    // charge row already written.
    const flush = () => {
      if (flushTimer) clearTimeout(flushTimer)
      flushTimer = undefined
      if (flushing || !done.length) return
      const ids = done.splice(0, done.length)
      flushing = this.#boss
        .complete(CHARGE_QUEUE, ids)
        .then(() => undefined)
        .catch((err: unknown) => this.#o.logger.warn({ err: String(err) }, 'escott-subscriptions: could not complete jobs'))
        .finally(() => {
          flushing = undefined
          if (done.length >= capacity) flush()
          else if (done.length) flushTimer ??= setTimeout(flush, 250)
        })
    }
    this.#flush = async () => {
      flush()
      while (flushing) {
        await flushing
        flush()
      }
    }
    const lane = async () => {
      while (!this.#stopping || buffer.length) {
        const job = buffer.shift()
        if (!job) {
          if (this.#stopping) return
          await new Promise<void>((r) => this.#laneWaiters.push(r))
          continue
        }
        if (buffer.length <= lowWater) this.#wakeFetcher?.()
        try {
          await handler({ subscriptionId: job.data.subscriptionId, key: '' })
          done.push(job.id)
          if (done.length >= capacity) flush()
          else flushTimer ??= setTimeout(flush, 250)
        } catch (err) {
          await this.#boss.fail(CHARGE_QUEUE, job.id, { message: String((err as Error)?.message ?? err) }).catch(() => {})
        }
      }
    }
    for (let i = 0; i < concurrency; i++) this.#lanes.push(lane())
    // One fetcher keeps jobs waiting beside the ones running (boss.work() would wait for a whole batch, then for the
    // polling interval).
    this.#loop = (async () => {
      while (!this.#stopping) {
        const want = capacity - buffer.length
        let fetched = 0
        if (want > 0) {
          try {
            // No priorities are used: ordering by created_on alone is cheaper.
            const jobs = (await this.#boss.fetch<{ subscriptionId: string }>(CHARGE_QUEUE, { batchSize: want, priority: false })) ?? []
            fetched = jobs.length
            if (jobs.length && onFetched) {
              await onFetched(jobs.map((j) => ({ subscriptionId: j.data.subscriptionId, key: '' }))).catch((err: unknown) =>
                this.#o.logger.warn({ err: String(err) }, 'escott-subscriptions: reading a batch of due subscriptions failed; each is read on its own'),
              )
            }
            buffer.push(...jobs)
            for (const w of this.#laneWaiters.splice(0, jobs.length)) w()
          } catch (err) {
            this.#o.logger.warn({ err: String(err) }, 'escott-subscriptions: fetching jobs failed')
          }
        }
        if (this.#stopping) break
        if (fetched === 0 || buffer.length > lowWater) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(wake, fetched === 0 ? pollMs : 60_000)
            function wake() {
              clearTimeout(t)
              resolve()
            }
            this.#wakeFetcher = wake
          })
          this.#wakeFetcher = undefined
        }
      }
    })()
  }

  async tick(handler: () => Promise<void>, everySeconds: number): Promise<void> {
    const send = () =>
      this.#boss
        .send(TICK_QUEUE, {}, { singletonKey: 'tick', singletonSeconds: everySeconds })
        .catch((err: unknown) => this.#o.logger.warn({ err: String(err) }, 'escott-subscriptions: could not send the tick'))
    await this.#boss.work(TICK_QUEUE, { pollingIntervalSeconds: Math.min(5, Math.max(0.5, everySeconds / 4)) }, async () => {
      await handler()
    })
    // Every process offers a tick twice per slot; the slot key lets exactly one of them through.
    await send()
    this.#ticker = setInterval(send, Math.max(500, (everySeconds * 1000) / 2))
    this.#ticker.unref()
  }

  async stop(): Promise<void> {
    this.#stopping = true
    if (this.#ticker) clearInterval(this.#ticker)
    this.#wakeFetcher?.()
    await this.#loop
    for (const w of this.#laneWaiters.splice(0)) w()
    await Promise.allSettled(this.#lanes) // jobs already fetched are finished, not dropped
    await this.#flush?.()
    await this.#boss.stop({ graceful: true, wait: true, timeout: 30_000 })
  }
}
