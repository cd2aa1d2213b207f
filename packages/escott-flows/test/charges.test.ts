import { explainCode, isEscottUnrecordedOutcomeError } from 'escott-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chargeCard, createCvsPayment, cvsProductName, listRecoveryCases, type FlowClient, type OrderPort } from '../src/index.js'
import { CARD_DECLINE_G12, gatewayTransactions, startGateway, withMethod, type Gateway } from './helpers.js'

describe('card and convenience-store charges', () => {
  let gw: Gateway
  beforeAll(async () => {
    gw = await startGateway()
  })
  afterAll(() => gw.close())

  it('records one charge record, the same on the journal line and on the order', async () => {
    const order = await gw.claimedOrder(2480)
    const outcome = await chargeCard(gw, { order, source: { token: await gw.token() }, details: { payType: '01', brand: 'VISA', maskedCard: '************1000' } })
    expect(outcome.kind).toBe('charged')
    if (outcome.kind !== 'charged') return
    const [line] = await gw.journal.list({ orderId: order.id })
    const stored = (await gw.orders.get(order.id))!
    expect(stored.status).toBe('authorized')
    expect(line!.result).toMatchObject({ status: 'authorized', method: 'card', payment: stored.payment })
    expect(stored.payment).toEqual(JSON.parse(JSON.stringify(outcome.charge.payment)))
    const [tx] = gatewayTransactions(gw.sb, order.merchantFree1)
    expect(stored.payment.processId).toBe(tx!.processId)
    expect(tx!.amount).toBe(2480)
  })

  it('puts a declined order back to pending with the shopper message, and says how the catalog classes the decline', async () => {
    const order = await gw.claimedOrder()
    const outcome = await chargeCard(gw, { order, source: { token: await gw.token(CARD_DECLINE_G12) }, details: { payType: '01' } })
    const kind = explainCode('G12').declineKind
    expect(kind).toMatch(/^(soft|hard)$/)
    expect(outcome).toMatchObject({ kind: 'failed', failure: `declined_${kind}`, order: { status: 'pending' } })
    const stored = (await gw.orders.get(order.id))!
    expect(stored.lastError?.codes).toEqual(['G12'])
    expect(stored.lastError?.shopper.ja).toBeTruthy()
  })

  it('parks an order whose charge timed out after sending in needs_reconciliation, sent once', async () => {
    const order = await gw.claimedOrder()
    gw.sb.faults.next({ type: 'reset-after-commit', operateId: '1Auth' })
    const outcome = await chargeCard(gw, { order, source: { token: await gw.token() }, details: { payType: '01' } })
    expect(outcome.kind).toBe('outcome_unknown')
    expect((await gw.orders.get(order.id))!.status).toBe('needs_reconciliation')
    expect(gatewayTransactions(gw.sb, order.merchantFree1)).toHaveLength(1)
  })

  it('treats an error that is not from escott-core as an unknown outcome: needs_reconciliation, never pending', async () => {
    const order = await gw.claimedOrder()
    const broken: FlowClient = withMethod(
      gw.escott,
      'card',
      withMethod(gw.escott.card, 'authorize', async () => {
        throw new TypeError('Cannot read properties of undefined')
      }),
    )
    const outcome = await chargeCard({ ...gw, escott: broken }, { order, source: { token: 'tok' }, details: { payType: '01' } })
    expect(outcome.kind).toBe('outcome_unknown')
    const stored = (await gw.orders.get(order.id))!
    expect(stored.status).toBe('needs_reconciliation')
    expect(stored.status).not.toBe('pending')
    expect((await gw.journal.list({ orderId: order.id }))[0]!.outcome).toBe('unknown')
  })

  it('parks the order when it cannot record an accepted charge, and recovery finds the charge in the journal', async () => {
    const order = await gw.claimedOrder(3300)
    let failNext = true
    const flaky: OrderPort = {
      get: (id) => gw.orders.get(id),
      getByMerchantFree1: (m) => gw.orders.getByMerchantFree1(m),
      update: async (id, patch, expect) => {
        if (failNext && patch.status === 'authorized') {
          failNext = false
          throw new Error('connection terminated')
        }
        return gw.orders.update(id, patch, expect)
      },
    }
    const outcome = await chargeCard({ ...gw, orders: flaky }, { order, source: { token: await gw.token() }, details: { payType: '01' } })
    expect(outcome.kind).toBe('outcome_unknown')
    if (outcome.kind === 'outcome_unknown') expect(outcome.error.merchant.en).toMatch(/could not be updated/)
    expect((await gw.orders.get(order.id))!.status).toBe('needs_reconciliation')
    const c = (await listRecoveryCases(gw)).find((x) => x.orderId === order.id)
    expect(c?.kind).toBe('charged_not_finished')
  })

  it('registers a convenience-store payment with its slip', async () => {
    const order = await gw.claimedOrder(3000)
    const outcome = await createCvsPayment(gw, {
      order,
      params: { payLimit: 7, nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678', productName: '煎茶' },
    })
    expect(outcome.kind).toBe('charged')
    const stored = (await gw.orders.get(order.id))!
    expect(stored).toMatchObject({ status: 'unpaid', method: 'cvs', payment: { cvsChanges: 0 } })
    expect(stored.payment.kessaiNumber).toBeTruthy()
    expect(isEscottUnrecordedOutcomeError(undefined)).toBe(false)
  })
})

describe('cvsProductName (ShouhinName, at most 16 characters)', () => {
  it('keeps the first item and says 他 when there are more, counting characters, not bytes', () => {
    expect(cvsProductName(['煎茶 100g'])).toBe('煎茶 100g')
    expect(cvsProductName(['煎茶 100g', '湯呑み'])).toBe('煎茶 100g 他')
    const long = '静岡県産深蒸し煎茶特上ギフト詰め合わせ'
    expect(Array.from(cvsProductName([long, 'x']))).toHaveLength(16)
    expect(cvsProductName([long, 'x']).endsWith(' 他')).toBe(true)
    expect(Array.from(cvsProductName([long]))).toHaveLength(16)
    expect(cvsProductName([])).toBe('ご注文')
  })
})
