/**
 * The job engine behind the worker, kept small so the billing does not depend on one queue library: a throttled
 * tick (one per slot across every process) and a queue of per-subscription jobs keyed by subscription + period
 * (a key already queued is not queued twice).
 */
export interface DueJob {
  subscriptionId: string
  /** `<subscriptionId>:<periodStart>` */
  key: string
}

export interface JobEngine {
  start(): Promise<void>
  /** Queues jobs; keys already waiting are dropped. */
  enqueue(jobs: DueJob[]): Promise<void>
  /**
   * Handles jobs with at most `concurrency` in flight in this process. `onFetched` sees each batch of jobs as it
   * is taken from the queue, before any of them is handled (the worker reads their subscriptions in one statement).
   */
  work(handler: (job: DueJob) => Promise<void>, concurrency: number, onFetched?: (jobs: DueJob[]) => Promise<void>): Promise<void>
  /** Runs `handler` once per `everySeconds` slot in one of the processes (and right at start). */
  tick(handler: () => Promise<void>, everySeconds: number): Promise<void>
  /** Stops taking work and waits for jobs in flight. */
  stop(): Promise<void>
}
