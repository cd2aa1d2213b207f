/**
 * The pg-boss 10 engine. Charge jobs live in a `short` queue (one waiting job per key) whose jobs expire after
 * `jobTimeoutSeconds`: a worker that dies holding jobs gives them back at the next maintenance run, so they are
 * picked up again within about a minute instead of pg-boss's 15-minute default. Exactly-once side effects do not
 * come from here (pg-boss runs a handler at least once); they come from the charge rows.
 */
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
  #wake: (() => void) | undefined
  #ticker: NodeJS.Timeout | undefined
  #inflight = new Set<Promise<void>>()

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
    await this.#boss.start()
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
    this.#wake?.()
  }

  async work(handler: (job: DueJob) => Promise<void>, concurrency: number): Promise<void> {
    const pollMs = this.#o.pollMs ?? 1000
    const run = (job: PgBoss.Job<{ subscriptionId: string }>) => {
      const p = handler({ subscriptionId: job.data.subscriptionId, key: '' })
        .then(
          () => this.#boss.complete(CHARGE_QUEUE, job.id),
          (err: unknown) => this.#boss.fail(CHARGE_QUEUE, job.id, { message: String((err as Error)?.message ?? err) }),
        )
        .catch((err: unknown) => this.#o.logger.warn({ err: String(err) }, 'escott-subscriptions: could not complete a job'))
        .then(() => {
          this.#inflight.delete(p)
          this.#wake?.()
        })
      this.#inflight.add(p)
    }
    // Our own fetch loop instead of boss.work(): it keeps `concurrency` jobs in flight continuously (boss.work
    // waits for a whole batch and then for the polling interval).
    this.#loop = (async () => {
      while (!this.#stopping) {
        const free = concurrency - this.#inflight.size
        let fetched = 0
        if (free > 0) {
          try {
            const jobs = (await this.#boss.fetch<{ subscriptionId: string }>(CHARGE_QUEUE, { batchSize: free })) ?? []
            fetched = jobs.length
            for (const job of jobs) run(job)
          } catch (err) {
            this.#o.logger.warn({ err: String(err) }, 'escott-subscriptions: fetching jobs failed')
          }
        }
        if (this.#stopping) break
        if (fetched === 0 || this.#inflight.size >= concurrency) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(done, fetched === 0 ? pollMs : 60_000)
            function done() {
              clearTimeout(t)
              resolve()
            }
            this.#wake = done
          })
          this.#wake = undefined
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
    this.#wake?.()
    await this.#loop
    await Promise.allSettled([...this.#inflight])
    await this.#boss.stop({ graceful: true, wait: true, timeout: 30_000 })
  }
}
