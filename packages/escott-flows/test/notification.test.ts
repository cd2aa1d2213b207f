import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { NOTIFICATION_ACK, NOTIFICATION_NACK } from 'escott-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCvsPayment, handleCvsNotification, listRecoveryCases, notificationResponse, type FlowOrder } from '../src/index.js'
import { notificationBody, startGateway, type Gateway } from './helpers.js'

describe('payment-notification policy', () => {
  let gw: Gateway
  let sink: Server
  beforeAll(async () => {
    // The shop's notification URL as the sandbox sees it: the tests take the genuine bodies from the sandbox's log.
    sink = createServer((_req, res) => res.end(NOTIFICATION_ACK))
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))
    gw = await startGateway({ sandbox: { notificationUrl: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/n` } })
  })
  afterAll(async () => {
    await gw.close()
    await new Promise((r) => sink.close(r))
  })

  /** Pays the order's slip at a (sandbox) store and returns the notification the gateway sent. */
  async function genuine(order: FlowOrder): Promise<string> {
    const receipt = await gw.sb.payCvs(order.payment.kessaiNumber!)
    return receipt.notification!.body
  }

  async function unpaid(amount = 3000): Promise<FlowOrder> {
    const order = await gw.claimedOrder(amount)
    const outcome = await createCvsPayment(gw, { order, params: { payLimit: 7, nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678', productName: '煎茶' } })
    if (outcome.kind !== 'charged') throw new Error(outcome.kind)
    return outcome.order
  }
  const deliver = (body: string) => handleCvsNotification(gw, { body, remoteAddress: '127.0.0.1' })

  it('records the payment, then lets the adapter acknowledge', async () => {
    const order = await unpaid()
    const outcome = await deliver(await genuine(order))
    expect(outcome).toMatchObject({ kind: 'applied', order: { status: 'paid', payment: { cvsCd: 'SEV' } } })
    expect(notificationResponse(outcome)).toEqual({ status: 200, body: NOTIFICATION_ACK })
  })

  it('acknowledges a replay without touching anything', async () => {
    const order = await unpaid()
    const body = await genuine(order)
    expect((await deliver(body)).kind).toBe('applied')
    const paid = (await gw.orders.get(order.id))!
    expect(await deliver(body)).toEqual({ kind: 'replay' })
    expect((await gw.orders.get(order.id))!.updatedAt.getTime()).toBe(paid.updatedAt.getTime())
    expect(await gw.journal.list({ orderId: order.id, operation: ['cvs.notification'] })).toHaveLength(1)
  })

  it('refuses a forged HashCd with a wrong amount as hash (403), journaling nothing', async () => {
    const order = await unpaid()
    const outcome = await deliver(notificationBody(gw.sb, order, { Amount: '1', HashCd: 'ffffffffffffffffffffffffffffffff' }))
    expect(outcome).toEqual({ kind: 'rejected', reason: 'hash' })
    expect(notificationResponse(outcome)).toEqual({ status: 403, body: NOTIFICATION_NACK })
    expect(await gw.journal.list({ orderId: order.id, operation: ['cvs.notification'] })).toEqual([])
    expect((await gw.orders.get(order.id))!.status).toBe('unpaid')
  })

  it('refuses a malformed body with 400 and a foreign source address with 403', async () => {
    expect(notificationResponse(await deliver('garbage'))).toMatchObject({ status: 400 })
    const order = await unpaid()
    const outcome = await handleCvsNotification(gw, { body: notificationBody(gw.sb, order), remoteAddress: '203.0.113.9' })
    expect(outcome).toEqual({ kind: 'rejected', reason: 'source_ip' })
  })

  it('journals an authentic notification whose amount differs, flags the order and acknowledges it once', async () => {
    const order = await unpaid(3000)
    const body = (await genuine(order)).replace('Amount=3000', 'Amount=2999')
    const outcome = await deliver(body)
    expect(outcome).toMatchObject({ kind: 'needs_attention', reason: 'amount' })
    expect(notificationResponse(outcome).status).toBe(200)
    expect((await gw.orders.get(order.id))!.status).toBe('needs_reconciliation')
    expect(await deliver(body)).toEqual({ kind: 'replay' })
    expect((await listRecoveryCases(gw)).filter((c) => c.orderId === order.id).map((c) => c.kind)).toEqual(['notification_mismatch'])
  })

  it('keeps a payment for a canceled order for a person', async () => {
    const order = await unpaid()
    const body = await genuine(order)
    await gw.orders.update(order.id, { status: 'canceled' })
    const outcome = await deliver(body)
    expect(outcome).toMatchObject({ kind: 'needs_attention', reason: 'order_canceled' })
    expect((await gw.orders.get(order.id))!.status).toBe('canceled')
  })
})
