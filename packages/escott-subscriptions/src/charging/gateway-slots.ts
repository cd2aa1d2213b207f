/**
 * At most `concurrency` gateway calls in flight per process. A charge takes a slot once its claim is committed and
 * gives it back as soon as the gateway has answered, so the statements before (reading the subscription, writing
 * the claim) and after (recording the answer) of other charges run beside the calls instead of between them. The
 * claims a process that dies leaves for reconciliation are bounded by the charges it works on at once
 * (`CHARGES_PER_SLOT × concurrency`).
 */
/** Charges worked on per gateway slot: one in its call, one reading or recording beside it. */
export const CHARGES_PER_SLOT = 2

export class GatewaySlots {
  #free: number
  readonly #waiting: Array<() => void> = []

  constructor(size: number) {
    this.#free = size
  }

  /** Waits for a free slot; the returned function gives it back (calling it again does nothing). */
  async acquire(): Promise<() => void> {
    if (this.#free > 0) this.#free--
    else await new Promise<void>((resolve) => this.#waiting.push(resolve))
    let held = true
    return () => {
      if (!held) return
      held = false
      const next = this.#waiting.shift()
      if (next) next()
      else this.#free++
    }
  }
}
