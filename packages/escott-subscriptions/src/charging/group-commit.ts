/**
 * Group commit: requests that arrive while a statement is being written, or within a short gathering window, are
 * written together by one statement. Each caller waits for the statement that carries its own request, so nothing
 * is acknowledged before it is committed. The window costs a charge nothing while its lane has slack: a charge
 * holds a gateway slot only during its call, and `CHARGES_PER_SLOT` charges per slot are worked on, so the claim
 * and the record of one charge wait beside another charge's call (bench:subscriptions: one statement per charge
 * was most of PostgreSQL's CPU per charge).
 */
export interface GroupCommitOptions<I, O> {
  /** Writes a batch; returns one result per item, in order. Rejecting fails every item of the batch. */
  write: (items: I[]) => Promise<O[]>
  /** A batch this large is written at once. */
  fullBatch: number
  /** The largest batch one statement carries. */
  maxBatch: number
  /** How long the first request of a batch waits for others (ms). */
  windowMs: number
  /** Items that must not share a statement (e.g. two requests for one row): the later waits for the next one. */
  keyOf?: (item: I) => string
}

interface Entry<I, O> {
  item: I
  /** When it was queued (performance.now()). */
  at: number
  resolve: (result: O) => void
  reject: (err: unknown) => void
}

export class GroupCommit<I, O> {
  readonly #o: GroupCommitOptions<I, O>
  #queue: Array<Entry<I, O>> = []
  #writing = false
  #timer: NodeJS.Timeout | undefined

  constructor(options: GroupCommitOptions<I, O>) {
    this.#o = options
  }

  /** Queues `item`; resolves with its result once the statement carrying it has been written. */
  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, at: performance.now(), resolve, reject })
      this.#schedule()
    })
  }

  #schedule(): void {
    if (this.#writing || !this.#queue.length) return
    if (this.#queue.length >= this.#o.fullBatch || this.#o.windowMs <= 0) {
      this.#startWrite()
      return
    }
    // Requests that queued while a statement was written have waited already: only the rest of the window is left.
    const left = this.#o.windowMs - (performance.now() - this.#queue[0]!.at)
    if (left <= 0) this.#startWrite()
    else this.#timer ??= setTimeout(() => this.#startWrite(), left)
  }

  #take(): Array<Entry<I, O>> {
    const batch: Array<Entry<I, O>> = []
    const rest: Array<Entry<I, O>> = []
    const keys = new Set<string>()
    for (const entry of this.#queue) {
      const key = this.#o.keyOf?.(entry.item)
      if (batch.length >= this.#o.maxBatch || (key !== undefined && keys.has(key))) rest.push(entry)
      else {
        if (key !== undefined) keys.add(key)
        batch.push(entry)
      }
    }
    this.#queue = rest
    return batch
  }

  #startWrite(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#writing || !this.#queue.length) return
    this.#writing = true
    const batch = this.#take()
    this.#o
      .write(batch.map((b) => b.item))
      .then(
        (results) => {
          for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]!)
        },
        (err: unknown) => {
          for (const b of batch) b.reject(err)
        },
      )
      .finally(() => {
        this.#writing = false
        this.#schedule()
      })
  }
}
