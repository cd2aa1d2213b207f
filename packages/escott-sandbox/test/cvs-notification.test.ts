import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Escott } from 'escott-core'
import { notificationHash, type Sandbox } from '../src/index.js'
import { client, CNV, codesOf, postForm, receiver, start, wire } from './helpers.js'

let sb: Sandbox
let escott: Escott
let merchantSide: Awaited<ReturnType<typeof receiver>>
let replies: string[] = []

const order = (extra: Record<string, unknown> = {}) => ({
  amount: 3980,
  payLimit: 7,
  nameKanji: '山田太郎',
  nameKana: 'ヤマダタロウ',
  telNo: '0312345678',
  productName: 'テスト商品',
  merchantFree1: 'cvs-order-1',
  ...extra,
})

beforeAll(async () => {
  merchantSide = await receiver(() => ({ body: replies.shift() ?? '0' }))
  sb = await start({ notificationUrl: merchantSide.url + '/escott/notify', notification: { retryDelaysMs: [50, 50, 50], timeoutMs: 2000 } })
  escott = client(sb)
})
afterEach(() => {
  replies = []
})
afterAll(async () => {
  await sb.close()
  await merchantSide.close()
})

describe('online payment (OCNV005) and the payment-place page', () => {
  it('2Add issues a payment number and a page at JLPcon where the shopper pays; the notification verifies', async () => {
    const p = await escott.cvs.create(order())
    expect(p.kessaiNumber).toMatch(/^\d+$/)
    expect(p.paymentPageUrl).toBe(`${sb.url}/JLPCT/JLPcon?code=${encodeURIComponent(p.freeArea)}&rkbn=1`)
    const page = await fetch(p.paymentPageUrl)
    const html = await page.text()
    expect(page.status).toBe(200)
    expect(html).toContain('3,980')
    expect(html).toContain('支払う (pay)')
    expect((await fetch(p.paymentPageUrlForMail)).status).toBe(200)
    expect((await fetch(`${sb.url}/JLP/JLPcon?code=${encodeURIComponent(p.freeArea)}&rkbn=2`)).status).toBe(200)
    expect((await fetch(`${sb.url}/JLPCT/JLPcon?code=${encodeURIComponent(p.freeArea)}&rkbn=3`)).status).toBe(400)

    const before = merchantSide.received.length
    const paid = await postForm(`${sb.url}/JLPCT/JLPpay`, { code: p.freeArea, cvsCd: 'LSN' })
    expect(paid.status).toBe(200)
    const [got] = (await merchantSide.waitFor(before + 1)).slice(before)
    expect(got!.path).toBe('/escott/notify')
    expect(Object.keys(got!.body)).toEqual([
      'MerchantId',
      'TransactionId',
      'TransactionDate',
      'OperateId',
      'MerchantFree1',
      'MerchantFree2',
      'MerchantFree3',
      'ProcessId',
      'ProcessPass',
      'ResponseCd',
      'Condition',
      'Amount',
      'RecvNum',
      'CvsCd',
      'TenantCd',
      'NyukinDate',
      'StampFlag',
      'MerchantName',
      'HashCd',
    ])
    expect(got!.body).toMatchObject({ OperateId: '2Add', ResponseCd: 'OK', Condition: '000', Amount: '3980', CvsCd: 'LSN', MerchantFree1: 'cvs-order-1', ProcessId: p.processId })
    expect(got!.body.TransactionId).toBe(p.transactionId)
    expect(got!.body.HashCd).toBe(notificationHash(p.processPass, got!.body.RecvNum!, sb.merchant.merchantPass))
    expect(got!.body.NyukinDate).toMatch(/^\d{14}$/)
    const n = escott.cvs.verifyNotification(got!.raw, { remoteAddress: got!.remoteAddress, allowedIps: ['127.0.0.1'] })
    expect(n).toMatchObject({ paid: true, amount: 3980, cvsCd: 'LSN', processId: p.processId })

    const info = await escott.cvs.retrieve(p)
    expect(info).toMatchObject({ paid: true, cvsCd: 'LSN', amount: 3980 })
    expect(await codesOf(escott.cvs.update({ ...p, amount: 100 }))).toEqual(['K14'])
    expect(await codesOf(escott.cvs.cancel(p))).toEqual(['K14'])
    expect(await fetch(p.paymentPageUrl).then((r) => r.text())).toContain('Already paid')
  })

  it('2Chg changes amount, deadline, KessaiNumber and FreeArea; the old number and page stop working', async () => {
    const p = await escott.cvs.create(order({ amount: 1000 }))
    const changed = await escott.cvs.update({ processId: p.processId, processPass: p.processPass, amount: 1200, payLimit: 3 })
    expect(changed.kessaiNumber).not.toBe(p.kessaiNumber)
    expect(changed.freeArea).not.toBe(p.freeArea)
    expect((await fetch(p.paymentPageUrl)).status).toBe(404)
    await expect(sb.payCvs(p.kessaiNumber)).rejects.toThrow(/No current CVS payment/)
    const paid = await sb.payCvs(changed.kessaiNumber, { cvsCd: 'FAM' })
    expect(paid).toMatchObject({ amount: 1200, cvsCd: 'FAM' })
    expect(paid.notification?.acknowledged).toBe(true)
  })

  it('2Del cancels an unpaid payment; it then cannot be paid or canceled again', async () => {
    const p = await escott.cvs.create(order())
    await escott.cvs.cancel(p)
    await expect(sb.payCvs(p.kessaiNumber)).rejects.toThrow(/canceled/)
    expect(await codesOf(escott.cvs.cancel(p))).toEqual(['K14'])
  })

  it('expires at PayLimit on the sandbox clock', async () => {
    const p = await escott.cvs.create(order({ payLimit: 0 }))
    sb.clock.advance('2d')
    try {
      await expect(sb.payCvs(p.kessaiNumber)).rejects.toThrow(/expired/)
      expect(await fetch(p.paymentPageUrl).then((r) => r.text())).toContain('deadline has passed')
      expect((await escott.cvs.retrieve(p)).paid).toBe(false)
    } finally {
      sb.clock.reset()
    }
  })

  it('field checks K23 (over 299,999 yen), K50, K51, K52, K53', async () => {
    const call = wire(sb)
    const r = await call(CNV, { OperateId: '2Add', Amount: 300000, PayLimit: '202001010000', NameKanji: '', NameKana: 'abc', TelNo: '0312345678', ShouhinName: 'x'.repeat(17) })
    expect(r.ResponseCd).toBe('K23|K50|K51|K52|K53')
  })
})

describe('notification delivery', () => {
  it('retries while the merchant answers 1, until acknowledged; the log shows every attempt', async () => {
    const p = await escott.cvs.create(order())
    replies = ['1', '1', '0']
    const paid = await sb.payCvs(p.kessaiNumber, { cvsCd: 'SEV' })
    expect(paid.notification?.acknowledged).toBe(false)
    await expect.poll(() => paid.notification?.acknowledged, { timeout: 5000 }).toBe(true)
    expect(paid.notification!.attempts.map((a) => a.body)).toEqual(['1', '1', '0'])
    expect(sb.notifications()).toContain(paid.notification)
    const viaHttp = (await fetch(`${sb.url}/_sandbox/notifications`).then((r) => r.json())) as Array<{ id: string; acknowledged: boolean }>
    expect(viaHttp.find((n) => n.id === paid.notification!.id)?.acknowledged).toBe(true)
  })

  it('gives up after the configured retries', async () => {
    const p = await escott.cvs.create(order())
    replies = ['1', '1', '1', '1', '1']
    const paid = await sb.payCvs(p.kessaiNumber)
    await expect.poll(() => paid.notification?.abandoned, { timeout: 5000 }).toBe(true)
    expect(paid.notification!.attempts).toHaveLength(4)
  })

  it('the admin route pays too (for a separate process such as the demo store)', async () => {
    const p = await escott.cvs.create(order())
    const res = await fetch(`${sb.url}/_sandbox/cvs/pay`, { method: 'POST', body: JSON.stringify({ kessaiNumber: p.kessaiNumber, cvsCd: 'MNS' }) })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ cvsCd: 'MNS', amount: 3980 })
  })
})

describe('notification retries on the sandbox clock', () => {
  it('retries fall due on the sandbox clock: clock.advance delivers them at once, flush() delivers pending ones now', async () => {
    let answers: string[] = []
    const shop = await receiver(() => ({ body: answers.shift() ?? '0' }))
    const slow = await start({ notificationUrl: shop.url + '/notify', notification: { retryDelaysMs: [3_600_000, 3_600_000] } })
    try {
      const e = client(slow)
      answers = ['1']
      const first = await slow.payCvs((await e.cvs.create(order())).kessaiNumber)
      expect(first.notification).toMatchObject({ acknowledged: false, abandoned: false })
      expect(first.notification!.nextAttemptAt! - slow.clock.nowMs()).toBeGreaterThan(3_500_000)
      slow.clock.advance('59m')
      await new Promise((r) => setTimeout(r, 50))
      expect(first.notification!.attempts).toHaveLength(1)
      slow.clock.advance('1m')
      await expect.poll(() => first.notification!.acknowledged).toBe(true)
      expect(first.notification!.attempts).toHaveLength(2)

      answers = ['1']
      const second = await slow.payCvs((await e.cvs.create(order())).kessaiNumber)
      expect(second.notification!.acknowledged).toBe(false)
      const flushed = await slow.notifications.flush()
      expect(flushed).toEqual([second.notification])
      expect(second.notification!.acknowledged).toBe(true)
      expect(second.notification!.nextAttemptAt).toBeUndefined()

      // the admin route, for another process; after the last retry the notification is given up at once
      answers = ['1', '1', '1']
      const third = await slow.payCvs((await e.cvs.create(order())).kessaiNumber)
      const viaHttp = (await fetch(`${slow.url}/_sandbox/notifications/flush`, { method: 'POST' }).then((r) => r.json())) as Array<{ id: string }>
      expect(viaHttp.map((n) => n.id)).toEqual([third.notification!.id])
      await slow.notifications.flush()
      expect(third.notification).toMatchObject({ abandoned: true, acknowledged: false })
      expect(third.notification!.attempts).toHaveLength(3)
      expect(await slow.notifications.flush()).toEqual([])
    } finally {
      await slow.close()
      await shop.close()
    }
  })
})
