/**
 * issue 11 finding 2: HashCd = md5(ProcessPass + RecvNum + MerchantPass) covers neither MerchantFree1, Amount nor
 * ProcessId. One genuine notification (taken from the sandbox, as the gateway sent it) re-addressed to other orders must
 * mark none of them paid, and sent against a card order must change nothing. Real sandbox over HTTP, memory stores.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { NOTIFICATION_ACK } from 'escott-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chargeCard, createCvsPayment, handleCvsNotification, listRecoveryCases, notificationResponse, type FlowOrder } from '../src/index.js'
import { startGateway, type Gateway } from './helpers.js'

describe('a payment notification counts only for the order that stores its ProcessId and ProcessPass', () => {
  let gw: Gateway
  let sink: Server
  beforeAll(async () => {
    sink = createServer((_req, res) => res.end(NOTIFICATION_ACK))
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))
    gw = await startGateway({ sandbox: { notificationUrl: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/n` } })
  })
  afterAll(async () => {
    await gw.close()
    await new Promise((r) => sink.close(r))
  })

  async function unpaid(amount: number): Promise<FlowOrder> {
    const order = await gw.claimedOrder(amount)
    const outcome = await createCvsPayment(gw, { order, params: { payLimit: 7, nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678', productName: '煎茶' } })
    if (outcome.kind !== 'charged') throw new Error(outcome.kind)
    return outcome.order
  }
  const deliver = (body: string) => handleCvsNotification(gw, { body, remoteAddress: '127.0.0.1' })
  /** The same genuine body with unprotected fields rewritten (HashCd still verifies). */
  const readdress = (body: string, fields: Record<string, string>) => {
    const f = new URLSearchParams(body)
    for (const [k, v] of Object.entries(fields)) f.set(k, v)
    return f.toString()
  }

  it('marks none of four other orders paid with one genuine 864-yen notification re-addressed to each', async () => {
    const paidOne = await unpaid(864)
    const others = [await unpaid(5830), await unpaid(12000), await unpaid(864), await unpaid(299_999)]
    const receipt = await gw.sb.payCvs(paidOne.payment.kessaiNumber!)
    const body = receipt.notification!.body
    expect(new URLSearchParams(body).get('HashCd')).toMatch(/^[0-9a-f]{32}$/)
    for (const [i, victim] of others.entries()) {
      // MerchantFree1 and Amount rewritten; the ProcessId too (a new one each time, so no replay key repeats).
      const forged = readdress(body, { MerchantFree1: victim.merchantFree1, Amount: String(victim.amount), ProcessId: `${'A'.repeat(31)}${i}` })
      const outcome = await deliver(forged)
      expect(outcome).toEqual({ kind: 'rejected', reason: 'binding' })
      expect(notificationResponse(outcome).status).toBe(403)
      // With the victim's own ProcessId (were it known), still not: the ProcessPass is the paid order's.
      expect(await deliver(readdress(body, { MerchantFree1: victim.merchantFree1, Amount: String(victim.amount), ProcessId: victim.payment.processId! }))).toMatchObject({
        kind: 'rejected',
      })
    }
    for (const victim of others) expect(await gw.orders.get(victim.id)).toMatchObject({ status: 'unpaid', lastError: null })
    // The genuine one still applies to its own order (the re-addressed copies did not burn its replay key).
    expect(await deliver(body)).toMatchObject({ kind: 'applied', order: { id: paidOne.id, status: 'paid' } })
    // Nothing for recovery points at a victim: the one journaled copy names no order.
    const cases = await listRecoveryCases(gw)
    expect(cases.filter((c) => others.some((o) => o.id === c.orderId))).toEqual([])
  })

  it('changes nothing when sent against a card order', async () => {
    const cvs = await unpaid(2200)
    const body = (await gw.sb.payCvs(cvs.payment.kessaiNumber!)).notification!.body
    const card = await chargeCard(gw, { order: await gw.claimedOrder(5500), source: { token: await gw.token() }, details: { payType: '01' } })
    if (card.kind !== 'charged') throw new Error(card.kind)
    const before = (await gw.orders.get(card.order.id))!
    const outcome = await deliver(readdress(body, { MerchantFree1: before.merchantFree1, Amount: String(before.amount), ProcessId: before.payment.processId! }))
    expect(outcome).toEqual({ kind: 'rejected', reason: 'binding' })
    const after = (await gw.orders.get(card.order.id))!
    expect(after).toEqual(before)
  })

  it('keys replays on the protected fields: a copy with another ProcessId is still a replay once applied', async () => {
    const order = await unpaid(3100)
    const body = (await gw.sb.payCvs(order.payment.kessaiNumber!)).notification!.body
    expect((await deliver(body)).kind).toBe('applied')
    expect(await deliver(readdress(body, { ProcessId: 'B'.repeat(32) }))).toEqual({ kind: 'replay' })
    expect(await deliver(readdress(body, { MerchantFree1: 'SOMEWHERE-ELSE' }))).toEqual({ kind: 'replay' })
  })

  it('does not take Condition from the body on trust: the gateway’s 2Ref must show the payment', async () => {
    const paidOne = await unpaid(1500)
    const genuine = (await gw.sb.payCvs(paidOne.payment.kessaiNumber!)).notification!.body
    const victim = await unpaid(1500)
    // HashCd covers ProcessPass and RecvNum, not Condition or ResponseCd: a notice the gateway signed for the victim's
    // slip that did not report a payment could be edited to Condition=000 / OK. Stand in for such a notice by signing
    // one for the victim's (unpaid) slip as the gateway does, already edited to "paid".
    const notice = new URLSearchParams(genuine)
    notice.set('MerchantFree1', victim.merchantFree1)
    notice.set('ProcessId', victim.payment.processId!)
    notice.set('ProcessPass', victim.payment.processPass!)
    const { createHash } = await import('node:crypto')
    notice.set(
      'HashCd',
      createHash('md5')
        .update(victim.payment.processPass! + notice.get('RecvNum')! + gw.sb.merchant.merchantPass)
        .digest('hex'),
    )
    const outcome = await deliver(notice.toString())
    expect(outcome).toMatchObject({ kind: 'needs_attention', reason: 'unconfirmed' })
    expect((await gw.orders.get(victim.id))?.status).toBe('unpaid')
  })
})
