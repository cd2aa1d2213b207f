/** Delivers CVS payment notifications to the merchant's notification URL, retrying with back-off until acknowledged. */
import { createHash } from 'node:crypto'
import type { Gateway } from './gateway.js'
import type { CvsRecord, DeliveryAttempt, MerchantRecord, NotificationRecord } from './state.js'
import { randomHex } from './util.js'
import { encodeFields } from './wire.js'

/** HashCd = lowercase hex md5(ProcessPass + RecvNum + MerchantPass). */
export function notificationHash(processPass: string, recvNum: string, merchantPass: string): string {
  return createHash('md5').update(processPass + recvNum + merchantPass, 'utf8').digest('hex')
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

export class Notifier {
  #timers = new Set<NodeJS.Timeout>()
  #closed = false

  constructor(private readonly gw: Gateway) {}

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
    this.gw.store.notifications.push(rec)
    this.gw.store.touch()
    await this.attempt(rec)
    return rec
  }

  /** Re-schedules deliveries that were still pending when state was saved. */
  resume() {
    for (const rec of this.gw.store.notifications) if (!rec.acknowledged && !rec.abandoned) this.schedule(rec)
  }

  close() {
    this.#closed = true
    for (const t of this.#timers) clearTimeout(t)
    this.#timers.clear()
  }

  private schedule(rec: NotificationRecord) {
    const delays = this.gw.config.notification.retryDelaysMs
    const delay = delays[rec.attempts.length - 1]
    if (delay === undefined || this.#closed) {
      if (!this.#closed) {
        rec.abandoned = true
        this.gw.store.touch()
      }
      return
    }
    const t = setTimeout(() => {
      this.#timers.delete(t)
      void this.attempt(rec)
    }, delay)
    t.unref?.()
    this.#timers.add(t)
  }

  private async attempt(rec: NotificationRecord): Promise<void> {
    if (this.#closed) return
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
    if (!rec.acknowledged) this.schedule(rec)
  }
}
