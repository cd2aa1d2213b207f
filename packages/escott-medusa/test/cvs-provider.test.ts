/**
 * Each method of the convenience-store provider with a fake container against the sandbox. The sandbox's payment
 * notification is caught by a small local server and handed to the provider as the plugin route does (raw body).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Sandbox } from 'escott-sandbox'
import { memoryEscottStores } from '../src/core/runtime'
import { EscottCvsProviderService } from '../src/services/escott-cvs'
import { fakeContainer, providerOptions, startGateway } from './support/gateway'

let sb: Sandbox
let server: Server
const received: string[] = []
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push(body)
      res.end('0')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  sb = await startGateway(`http://127.0.0.1:${(server.address() as AddressInfo).port}/escott/cvs/notification`)
})
afterAll(async () => {
  await sb.close()
  await new Promise((r) => server.close(r))
})

let seq = 0
const payer = { nameKanji: '山田太郎', nameKana: 'やまだたろう', telNo: '03-1234-5678' }

function provider(extra = {}) {
  const stores = memoryEscottStores()
  const container = fakeContainer(stores)
  return { p: new EscottCvsProviderService(container, providerOptions(sb, extra)), logger: container.logger, stores }
}

async function registered(p: EscottCvsProviderService, amount = 3000) {
  const id = `payses_01TESTCVS${String(++seq).padStart(4, '0')}${Date.now().toString(36).toUpperCase()}`
  const init = await p.initiatePayment({ data: { ...payer, session_id: id }, amount, currency_code: 'jpy', context: { idempotency_key: id } })
  const auth = await p.authorizePayment({ data: init.data, context: { idempotency_key: id } })
  return { id, init, auth, slip: (auth.data!.escott as any).slip, mf1: (auth.data!.escott as any).merchantFree1 as string }
}

/** Pays at the sandbox's store; returns the notification body exactly as the gateway sent it. */
async function payAtStore(kessaiNumber: string): Promise<string> {
  const before = received.length
  await sb.payCvs(kessaiNumber, { cvsCd: 'LSN' })
  return received[before]!
}

const retarget = (body: string, fields: Record<string, string>) => {
  const f = new URLSearchParams(body)
  for (const [k, v] of Object.entries(fields)) f.set(k, v)
  return f.toString()
}

it('validates the payer fields with bilingual messages that name the field', async () => {
  const { p } = provider()
  const base = { session_id: 'payses_X', ...payer }
  await expect(p.initiatePayment({ data: { ...base, nameKana: 'Yamada' }, amount: 1000, currency_code: 'jpy' })).rejects.toThrow(/data.nameKana: .*katakana.*カタカナ/)
  await expect(p.initiatePayment({ data: { ...base, telNo: '123' }, amount: 1000, currency_code: 'jpy' })).rejects.toThrow(/data.telNo/)
  await expect(p.initiatePayment({ data: base, amount: 300_000, currency_code: 'jpy' })).rejects.toThrow(/outside 1 … 299,999 yen/)
  await expect(p.initiatePayment({ data: base, amount: 299_900, currency_code: 'jpy' })).rejects.toThrow(/コンビニ払いをご利用いただけません/)
})

it('authorizePayment registers the payment and answers pending_authorization with the slip and fee', async () => {
  const { p } = provider()
  const { auth, slip, id, mf1 } = await registered(p, 3000)
  expect(auth.status).toBe('pending_authorization')
  expect(slip).toMatchObject({ kessaiNumber: expect.stringMatching(/^\d{11}$/), amount: 3330, fee: 330, paymentPageUrl: expect.stringContaining('/JLPCT/JLPcon?code=') })
  expect(new Date(slip.payLimit).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000)
  expect(JSON.stringify(auth.data)).not.toMatch(/processPass/i)
  // Re-entry before payment: still pending, no second registration.
  expect((await p.authorizePayment({ data: auth.data, context: { idempotency_key: id } })).status).toBe('pending_authorization')
  expect(sb.snapshot().cvs.filter((c: any) => c.merchantFree1 === mf1)).toEqual([expect.objectContaining({ amount: 3330 })])
})

it('a verified notification is recorded once; Medusa’s pipeline then gets captured for that session', async () => {
  const { p } = provider()
  const { auth, slip, id, mf1 } = await registered(p, 3000)
  const body = await payAtStore(slip.kessaiNumber)
  const first = await p.receiveNotification(body, '127.0.0.1')
  expect(first).toMatchObject({ status: 200, body: '0', outcome: { kind: 'applied' }, webhook: { MerchantFree1: mf1 } })
  // The gateway sends it again (it thinks the answer was lost): acknowledged, nothing more for Medusa.
  const replay = await p.receiveNotification(body, '::ffff:127.0.0.1')
  expect(replay).toMatchObject({ status: 200, body: '0', outcome: { kind: 'replay' } })
  expect(replay.webhook).toBeUndefined()
  const action = await p.getWebhookActionAndData({ data: first.webhook!, rawData: '', headers: {} })
  expect(action).toEqual({ action: 'captured', data: { session_id: id, amount: 3000 } })
  const again = await p.authorizePayment({ data: auth.data, context: { idempotency_key: id } })
  expect(again.status).toBe('captured')
  expect((again.data!.escott as any).slip).toMatchObject({ cvsCd: 'LSN', paidAt: expect.any(String) })
})

it('refuses notifications from other addresses or with a wrong HashCd; forged webhooks are not_supported', async () => {
  const { p } = provider()
  const { slip, mf1 } = await registered(p, 2000)
  const body = await payAtStore(slip.kessaiNumber)
  expect(await p.receiveNotification(body, '203.0.113.9')).toMatchObject({ status: 403, body: '1', outcome: { kind: 'rejected', reason: 'source_ip' } })
  expect(await p.receiveNotification(retarget(body, { HashCd: '0'.repeat(32) }), '127.0.0.1')).toMatchObject({ status: 403, outcome: { kind: 'rejected', reason: 'hash' } })
  // A genuine notification of another amount is not applied: journaled for a person, the session flagged.
  expect(await p.receiveNotification(retarget(body, { Amount: '1' }), '127.0.0.1')).toMatchObject({ outcome: { kind: 'needs_attention', reason: 'amount' } })
  expect(await p.getWebhookActionAndData({ data: { MerchantFree1: mf1 }, rawData: '', headers: {} })).toEqual({ action: 'not_supported' })
  // A forged POST to /hooks/payment/… for a registered but unpaid payment: the session is not paid.
  const unpaid = await registered(p, 1500)
  expect(await p.getWebhookActionAndData({ data: { MerchantFree1: unpaid.mf1 }, rawData: '', headers: {} })).toEqual({ action: 'not_supported' })
  expect(await p.getWebhookActionAndData({ data: { MerchantFree1: 'NOT-OURS' }, rawData: '', headers: {} })).toEqual({ action: 'not_supported' })
})

it('expireDue cancels unpaid payments past the deadline at the gateway; paid ones stay', async () => {
  const { p } = provider({ cvs: { payLimitDays: 1 } })
  const unpaid = await registered(p, 1000)
  const paid = await registered(p, 1000)
  await p.receiveNotification(await payAtStore(paid.slip.kessaiNumber), '127.0.0.1')
  expect(await p.expireDue(new Date())).toEqual([])
  const expired = await p.expireDue(new Date(Date.now() + 3 * 86_400_000))
  expect(expired.map((s) => s.id)).toEqual([unpaid.id])
  expect((await p.getPaymentStatus({ data: unpaid.auth.data })).status).toBe('canceled')
  expect(sb.snapshot().cvs.find((c: any) => c.kessaiNumber === unpaid.slip.kessaiNumber)).toMatchObject({ status: 'canceled' })
  expect((await p.getPaymentStatus({ data: paid.auth.data })).status).toBe('captured')
})

it('cancel before payment (2Del); refunds are refused with what to do instead', async () => {
  const { p } = provider()
  const { auth, slip } = await registered(p, 1000)
  await p.cancelPayment({ data: auth.data })
  expect((await p.getPaymentStatus({ data: auth.data })).status).toBe('canceled')
  expect(sb.snapshot().cvs.find((c: any) => c.kessaiNumber === slip.kessaiNumber)).toMatchObject({ status: 'canceled' })
  await expect(p.refundPayment({ data: auth.data, amount: 100 })).rejects.toThrow(/cannot refund a convenience-store payment/)
  await expect(p.capturePayment({ data: auth.data })).rejects.toThrow(/not been paid/)
})

it('updatePayment before registration quotes the new total’s fee; deletePayment of a registered payment cancels the slip (2Del), of an unregistered one only closes it', async () => {
  const { p } = provider()
  const id = `payses_01TESTCVSUPD${Date.now().toString(36).toUpperCase()}`
  const init = await p.initiatePayment({ data: { ...payer, session_id: id }, amount: 3000, currency_code: 'jpy', context: { idempotency_key: id } })
  expect(init.data!.escott).toMatchObject({ fee: 330 })
  const updated = await p.updatePayment({ data: init.data!, amount: 200_000, currency_code: 'jpy', context: {} })
  // The default tiers: 330 yen up to 5,500, 550 above.
  expect(updated.data!.escott).toMatchObject({ amount: 200_000, fee: 550 })
  await p.deletePayment({ data: updated.data! })
  expect((await p.getPaymentStatus({ data: updated.data! })).status).toBe('canceled')
  expect(sb.snapshot().cvs.filter((c: any) => c.merchantFree1 === (init.data!.escott as any).merchantFree1)).toEqual([])

  const { auth, slip } = await registered(p, 1000)
  await p.deletePayment({ data: auth.data! })
  expect((await p.getPaymentStatus({ data: auth.data! })).status).toBe('canceled')
  expect(sb.snapshot().cvs.find((c: any) => c.kessaiNumber === slip.kessaiNumber)).toMatchObject({ status: 'canceled' })
  // A session Medusa deletes that escott never saw: nothing to do.
  expect(await p.deletePayment({ data: { session_id: 'payses_unknown' } })).toEqual({ data: { session_id: 'payses_unknown' } })
})

it('retrievePayment and getPaymentStatus read the gateway’s record (2Ref): unpaid, then paid at the store', async () => {
  const { p } = provider()
  const { auth, slip } = await registered(p, 2500)
  expect((await p.getPaymentStatus({ data: auth.data! })).status).toBe('pending_authorization')
  expect((await p.retrievePayment({ data: auth.data! })).data).toMatchObject({ gateway: { paid: false, amount: 2830 } })
  await p.receiveNotification(await payAtStore(slip.kessaiNumber), '127.0.0.1')
  expect((await p.retrievePayment({ data: auth.data! })).data).toMatchObject({ gateway: { paid: true, amount: 2830, cvsCd: 'LSN' } })
  expect((await p.getPaymentStatus({ data: auth.data! })).status).toBe('captured')
})
