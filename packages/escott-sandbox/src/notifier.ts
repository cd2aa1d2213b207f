/** Delivers CVS payment notifications to the merchant's notification URL, retrying with back-off until acknowledged. */
import { createHash } from 'node:crypto'
import type { Gateway } from './gateway.js'
import type { CvsRecord, DeliveryAttempt, MerchantRecord, NotificationRecord } from './state.js'
import { randomHex } from './util.js'
import { encodeFields } from './wire.js'

/** HashCd = lowercase hex md5(ProcessPass + RecvNum + MerchantPass). */
export function notificationHash(processPass: string, recvNum: string, merchantPass: string): string {
  return createHash('md5')
    .update(processPass + recvNum + merchantPass, 'utf8')
    .digest('hex')
}

/** The notification fields for a paid CVS payment. */
export function notificationFields(c: CvsRecord, m: MerchantRecord): Record<string, string> {
  return {
    MerchantId: m.merchantId,
    TransactionId: c.transactionId,
    TransactionDate: c.transactionDate,
    OperateId: '2Add',
    MerchantFree1: c.merchantFree1 ?? '',
    MerchantFree2: c.merchantFree2 ?? '',
    MerchantFree3: c.merchantFree3 ?? '',
    ProcessId: c.processId,
    ProcessPass: c.processPass,
    ResponseCd: 'OK',
    Condition: '000',
    Amount: String(c.amount),
    RecvNum: c.recvNum ?? '',
    CvsCd: c.cvsCd ?? '',
    TenantCd: c.tenantCd ?? '',
    NyukinDate: c.nyukinDate ?? '',
    StampFlag: c.stampFlag,
    MerchantName: m.merchantName,
    HashCd: notificationHash(c.processPass, c.recvNum ?? '', m.merchantPass),
  }
}

/**
 * Sends notifications and retries them on the sandbox clock: each pending notification has a `nextAttemptAt` in
 * sandbox time, armed as a real timer; moving the clock re-arms them, so `clock.advance('1h')` delivers due retries
 * at once, and `flush()` delivers every pending one now.
 */
export class Notifier {
  #timers = new Map<string, NodeJS.Timeout>()
  #inFlight = new Map<string, Promise<void>>()
  #closed = false

  constructor(private readonly gw: Gateway) {
    gw.clock.onChange(() => {
      for (const rec of this.pending()) this.arm(rec)
    })
  }

  /** Records and sends a notification; resolves after the first attempt. */
  async notify(c: CvsRecord, m: MerchantRecord): Promise<NotificationRecord | undefined> {
    if (!m.notificationUrl) return undefined
    const rec: NotificationRecord = {
      id: randomHex(8),
      processId: c.processId,
      kessaiNumber: c.kessaiNumber,
      url: m.notificationUrl,
      body: encodeFields(notificationFields(c, m)),
      attempts: [],
      acknowledged: false,
      abandoned: false,
    }
    this.gw.store.addNotification(rec)
    this.gw.store.touch()
    await this.attempt(rec)
    return rec
  }

  /** Re-arms deliveries that were still pending when state was saved. */
  resume() {
    for (const rec of this.pending()) {
      if (rec.nextAttemptAt === undefined) this.plan(rec)
      else this.arm(rec)
    }
  }

  /** Delivers every pending notification now (one attempt each, counted as the next retry); resolves when done. */
  async flush(): Promise<NotificationRecord[]> {
    const due = this.pending()
    await Promise.all(due.map((rec) => this.attempt(rec)))
    return due
  }

  close() {
    this.#closed = true
    for (const t of this.#timers.values()) clearTimeout(t)
    this.#timers.clear()
  }

  private pending(): NotificationRecord[] {
    return this.gw.store.notifications.filter((rec) => !rec.acknowledged && !rec.abandoned)
  }

  /** After an unacknowledged attempt: the next retry time, or give up after the last configured delay. */
  private plan(rec: NotificationRecord) {
    if (this.#closed) return
    const delay = this.gw.config.notification.retryDelaysMs[rec.attempts.length - 1]
    if (delay === undefined) {
      rec.abandoned = true
      delete rec.nextAttemptAt
    } else {
      const last = rec.attempts[rec.attempts.length - 1]?.at ?? this.gw.clock.nowMs()
      rec.nextAttemptAt = last + delay
    }
    this.gw.store.touch()
    this.arm(rec)
  }

  /** A real timer for the time left until `nextAttemptAt` on the sandbox clock (now when already due). */
  private arm(rec: NotificationRecord) {
    const old = this.#timers.get(rec.id)
    if (old) clearTimeout(old)
    this.#timers.delete(rec.id)
    if (this.#closed || rec.nextAttemptAt === undefined || this.#inFlight.has(rec.id)) return
    const wait = rec.nextAttemptAt - this.gw.clock.nowMs()
    if (wait <= 0) {
      void this.attempt(rec)
      return
    }
    const t = setTimeout(() => {
      this.#timers.delete(rec.id)
      void this.attempt(rec)
    }, wait)
    t.unref?.()
    this.#timers.set(rec.id, t)
  }

  private attempt(rec: NotificationRecord): Promise<void> {
    const running = this.#inFlight.get(rec.id)
    if (running) return running
    if (this.#closed || rec.acknowledged) return Promise.resolve()
    const t = this.#timers.get(rec.id)
    if (t) clearTimeout(t)
    this.#timers.delete(rec.id)
    delete rec.nextAttemptAt
    const p = this.send(rec).finally(() => {
      this.#inFlight.delete(rec.id)
      if (!rec.acknowledged) this.plan(rec)
    })
    this.#inFlight.set(rec.id, p)
    return p
  }

  private async send(rec: NotificationRecord): Promise<void> {
    const a: DeliveryAttempt = { at: this.gw.clock.nowMs(), acknowledged: false }
    try {
      const res = await fetch(rec.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        body: rec.body,
        signal: AbortSignal.timeout(this.gw.config.notification.timeoutMs),
      })
      a.status = res.status
      const text = await res.text()
      a.body = text.slice(0, 200)
      // Acknowledged: HTTP 2xx and a body that is not "1" (the gateway's own modules answer "0", or "1" on error).
      a.acknowledged = res.status >= 200 && res.status < 300 && text.trim() !== '1'
    } catch (e) {
      a.error = (e as Error).message
    }
    rec.attempts.push(a)
    if (a.acknowledged) rec.acknowledged = true
    this.gw.store.touch()
  }
}
