/**
 * Each method of the convenience-store provider with a fake container against the sandbox. The sandbox's payment
 * notification is caught by a small local server and handed to the provider as the plugin route would.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Sandbox } from 'escott-sandbox'
import { EscottCvsProviderService } from '../src/services/escott-cvs'
import { MemoryEscottStore } from '../src/store/memory'
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
  const container = fakeContainer(new MemoryEscottStore())
  return { p: new EscottCvsProviderService(container, providerOptions(sb, extra)), logger: container.logger }
}

async function registered(p: EscottCvsProviderService, amount = 3000) {
  const id = `payses_01TESTCVS${String(++seq).padStart(4, '0')}${Date.now().toString(36).toUpperCase()}`
  const init = await p.initiatePayment({ data: { ...payer, session_id: id }, amount, currency_code: 'jpy', context: { idempotency_key: id } })
  const auth = await p.authorizePayment({ data: init.data, context: { idempotency_key: id } })
  return { id, init, auth, slip: (auth.data!.escott as any).slip }
}

async function payAtStore(kessaiNumber: string) {
  const before = received.length
  await sb.payCvs(kessaiNumber, { cvsCd: 'LSN' })
  return Object.fromEntries(new URLSearchParams(received[before]!))
}

it('validates the payer fields with bilingual messages that name the field', async () => {
  const { p } = provider()
  const base = { session_id: 'payses_X', ...payer }
  await expect(p.initiatePayment({ data: { ...base, nameKana: 'Yamada' }, amount: 1000, currency_code: 'jpy' })).rejects.toThrow(/data.nameKana: .*katakana.*カタカナ/)
  await expect(p.initiatePayment({ data: { ...base, telNo: '123' }, amount: 1000, currency_code: 'jpy' })).rejects.toThrow(/data.telNo/)
  await expect(p.initiatePayment({ data: base, amount: 300_000, currency_code: 'jpy' })).rejects.toThrow(/outside 1 … 299,999 yen/)
})

it('authorizePayment registers the payment and answers pending_authorization with the slip and fee', async () => {
  const { p } = provider()
  const { auth, slip, id } = await registered(p, 3000)
  expect(auth.status).toBe('pending_authorization')
  expect(slip).toMatchObject({ kessaiNumber: expect.stringMatching(/^\d{11}$/), amount: 3330, fee: 330, paymentPageUrl: expect.stringContaining('/JLPCT/JLPcon?code=') })
  expect(new Date(slip.payLimit).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000)
  expect(JSON.stringify(auth.data)).not.toMatch(/processPass/i)
  // Re-entry before payment: still pending, no second registration.
  expect((await p.authorizePayment({ data: auth.data, context: { idempotency_key: id } })).status).toBe('pending_authorization')
  expect(sb.snapshot().cvs.filter((c: any) => c.merchantFree1 === (auth.data!.escott as any).merchantFree1)).toHaveLength(1)
})

it('a verified notification is recorded once; Medusa’s pipeline then gets captured for that session', async () => {
  const { p } = provider()
  const { auth, slip, id } = await registered(p, 3000)
  const body = await payAtStore(slip.kessaiNumber)
  const first = await p.receiveNotification(body, '127.0.0.1')
  expect(first).toMatchObject({ status: 200, body: '0', sessionId: id })
  expect(await p.receiveNotification(body, '::ffff:127.0.0.1')).toMatchObject({ status: 200, body: '0' })
  const action = await p.getWebhookActionAndData({ data: first.payload!, rawData: '', headers: {} })
  expect(action).toEqual({ action: 'captured', data: { session_id: id, amount: 3000 } })
  const again = await p.authorizePayment({ data: auth.data, context: { idempotency_key: id } })
  expect(again.status).toBe('captured')
  expect((again.data!.escott as any).slip).toMatchObject({ cvsCd: 'LSN', paidAt: expect.any(String) })
})

it('rejects notifications from other addresses, with a wrong HashCd or amount; forged webhooks are not_supported', async () => {
  const { p } = provider()
  const { slip } = await registered(p, 2000)
  const body = await payAtStore(slip.kessaiNumber)
  expect(await p.receiveNotification(body, '203.0.113.9')).toMatchObject({ status: 403, body: '1' })
  expect(await p.receiveNotification({ ...body, HashCd: '0'.repeat(32) }, '127.0.0.1')).toMatchObject({ status: 403 })
  expect(await p.receiveNotification({ ...body, Amount: '1' }, '127.0.0.1')).toMatchObject({ status: 403 })
  // A forged POST to /hooks/payment/… for a registered but unpaid payment: the gateway's record says unpaid.
  const unpaid = await registered(p, 1500)
  expect(await p.getWebhookActionAndData({ data: { MerchantFree1: (unpaid.auth.data!.escott as any).merchantFree1 }, rawData: '', headers: {} })).toEqual({ action: 'not_supported' })
  expect(await p.getWebhookActionAndData({ data: { MerchantFree1: 'NOT-OURS' }, rawData: '', headers: {} })).toEqual({ action: 'not_supported' })
})

it('expireDue cancels unpaid payments past the deadline at the gateway; paid ones stay', async () => {
  const { p } = provider({ cvs: { payLimitDays: 1 } })
  const unpaid = await registered(p, 1000)
  const paid = await registered(p, 1000)
  await p.receiveNotification(await payAtStore(paid.slip.kessaiNumber), '127.0.0.1')
  expect(await p.expireDue(new Date())).toEqual([])
  const later = new Date(Date.now() + 3 * 86_400_000)
  const expired = await p.expireDue(later)
  expect(expired.map((r) => r.sessionId)).toEqual([unpaid.id])
  expect((await p.getPaymentStatus({ data: unpaid.auth.data })).status).toBe('canceled')
  expect(sb.snapshot().cvs.find((c: any) => c.kessaiNumber === unpaid.slip.kessaiNumber)).toMatchObject({ status: 'canceled' })
})

it('cancel before payment (2Del); refunds are refused with what to do instead', async () => {
  const { p } = provider()
  const { auth } = await registered(p, 1000)
  await p.cancelPayment({ data: auth.data })
  expect((await p.getPaymentStatus({ data: auth.data })).status).toBe('canceled')
  await expect(p.refundPayment({ data: auth.data, amount: 100 })).rejects.toThrow(/cannot refund a convenience-store payment/)
  await expect(p.capturePayment({ data: auth.data })).rejects.toThrow(/not been paid/)
})
