/** Fault injection for the gateway endpoints (`/online/...`): latency, HTTP errors, resets, malformed bodies, maintenance. */
import { tokyoWeekday } from './util.js'

/** What a fault does to one request. */
export type FaultType =
  /** Waits `ms` before answering (the request is processed normally). */
  | 'latency'
  /** Answers HTTP `status` (default 500) with an HTML error page; nothing is processed. */
  | 'http-error'
  /** Destroys the connection before anything is processed: nothing happened at the gateway. */
  | 'reset-before-processing'
  /** Processes and commits the request, then destroys the connection: the outcome is unknown to the client. */
  | 'reset-after-commit'
  /** Answers HTTP 200 with a body that is not the key=value format; nothing is processed. */
  | 'malformed-body'
  /** Answers as the maintenance window does (see {@link SandboxFaults.maintenance}); nothing is processed. */
  | 'maintenance'

/** A fault queued with {@link SandboxFaults.next}. */
export interface FaultSpec {
  type: FaultType
  /** For `latency`: milliseconds to wait. */
  ms?: number
  /** For `http-error`: the status code (default 500). */
  status?: number
  /** Only requests with this OperateId (e.g. `'1Auth'`) trigger the fault. */
  operateId?: string
  /** Only requests to this path (e.g. `'/online/aut/OAUT002.do'`) trigger the fault. */
  path?: string
  /** How many matching requests it applies to (default 1). */
  times?: number
}

/** Standing settings applied to every gateway request. */
export interface FaultSettings {
  /** Added delay for every gateway request, in ms. */
  latencyMs?: number
  /** Random extra delay up to this many ms. */
  jitterMs?: number
}

/** How the maintenance window answers: an HTTP 503 page (default) or an HTTP 200 body with `ResponseCd=K97`. */
export type MaintenanceMode = 'http' | 'k97'

/** Controls faults. Reach it as `sb.faults` or through `POST /_sandbox/faults/...`. */
export class SandboxFaults {
  #queue: Array<FaultSpec & { left: number }> = []
  #settings: Required<FaultSettings> = { latencyMs: 0, jitterMs: 0 }
  #maintenance: boolean | 'wednesday' = false
  #maintenanceMode: MaintenanceMode = 'http'
  /** @internal */
  active = false

  /**
   * Queues a fault for the next matching gateway request(s), in order.
   * @example sb.faults.next({ type: 'reset-after-commit', operateId: '1Auth' })
   */
  next(spec: FaultSpec): this {
    this.#queue.push({ ...spec, left: Math.max(1, spec.times ?? 1) })
    this.#refresh()
    return this
  }

  /** Queues several faults, applied to successive matching requests. */
  script(specs: FaultSpec[]): this {
    for (const s of specs) this.next(s)
    return this
  }

  /** Standing latency (and jitter) on every gateway request. `set({ latencyMs: 0 })` turns it off. */
  set(settings: FaultSettings): this {
    if (settings.latencyMs !== undefined) this.#settings.latencyMs = Math.max(0, settings.latencyMs)
    if (settings.jitterMs !== undefined) this.#settings.jitterMs = Math.max(0, settings.jitterMs)
    this.#refresh()
    return this
  }

  /**
   * Maintenance window: `true` = now, `'wednesday'` = every Wednesday (Japan time, sandbox clock) like the real test
   * environment, `false` = off. `mode` picks an HTTP 503 page (default) or `ResponseCd=K97`.
   */
  maintenance(on: boolean | 'wednesday', mode: MaintenanceMode = 'http'): this {
    this.#maintenance = on
    this.#maintenanceMode = mode
    this.#refresh()
    return this
  }

  /** Removes queued faults, latency and maintenance. */
  clear(): this {
    this.#queue = []
    this.#settings = { latencyMs: 0, jitterMs: 0 }
    this.#maintenance = false
    this.#refresh()
    return this
  }

  /** Queued faults not yet used. */
  pending(): FaultSpec[] {
    return this.#queue.map(({ left, ...s }) => ({ ...s, times: left }))
  }

  /** Current standing settings. */
  get settings(): Readonly<Required<FaultSettings>> & { maintenance: boolean | 'wednesday'; maintenanceMode: MaintenanceMode } {
    return { ...this.#settings, maintenance: this.#maintenance, maintenanceMode: this.#maintenanceMode }
  }

  /** @internal Takes the first queued fault matching this request. */
  take(path: string, operateId: string | undefined): FaultSpec | undefined {
    for (let i = 0; i < this.#queue.length; i++) {
      const f = this.#queue[i]!
      if (f.path && f.path !== path) continue
      if (f.operateId && f.operateId !== operateId) continue
      if (--f.left <= 0) this.#queue.splice(i, 1)
      this.#refresh()
      return f
    }
    return undefined
  }

  /** @internal Delay to add to this request. */
  delayMs(): number {
    const { latencyMs, jitterMs } = this.#settings
    return latencyMs + (jitterMs ? Math.floor(Math.random() * jitterMs) : 0)
  }

  /** @internal Whether the maintenance window is open at this sandbox instant. */
  inMaintenance(nowMs: number): MaintenanceMode | undefined {
    if (this.#maintenance === true) return this.#maintenanceMode
    if (this.#maintenance === 'wednesday' && tokyoWeekday(nowMs) === 3) return this.#maintenanceMode
    return undefined
  }

  #refresh() {
    this.active = this.#queue.length > 0 || this.#settings.latencyMs > 0 || this.#settings.jitterMs > 0 || this.#maintenance !== false
  }
}
