/**
 * The providers inside Medusa's real payment module (moduleIntegrationTestRunner) on real PostgreSQL (the shared
 * embedded starter), talking to the sandbox over HTTP. The provider is loaded from the built plugin, as Medusa
 * loads it (require of escott-medusa/providers/escott).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { IPaymentModuleService } from '@medusajs/framework/types'
import { Modules } from '@medusajs/framework/utils'
import { moduleIntegrationTestRunner } from '@medusajs/test-utils'
import type { Sandbox } from 'escott-sandbox'
import { listRecoveryCases } from 'escott-flows'
import { expireCvsPayments } from '../src/core/cvs-expiry'
import { reconcileOpenCases } from '../src/core/recovery'
import { escottProvider } from '../src/core/resolve-provider'
import { CARDS, completeThreeDSecure, providerOptions, recordingLogger, startGateway, token } from './support/gateway'

jest.setTimeout(120_000)

const paymentDir = require.resolve('@medusajs/payment/package.json').replace(/package\.json$/, '')
// Filled in beforeAll (the sandbox's URL is known once it listens); the runner reads it when the module starts.
const options: Record<string, unknown> = {}
let sb: Sandbox
let hook: Server
const notifications: string[] = []
const logger = recordingLogger()

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      notifications.push(body)
      res.end('0')
    })
  })
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
  sb = await startGateway(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/escott/cvs/notification`)
  Object.assign(options, providerOptions(sb))
})
afterAll(async () => {
  const text = logger.lines.join('\n')
  const { transactions, members } = sb.snapshot() as unknown as { transactions: { processPass: string }[]; members: { kaiinPass: string }[] }
  const secrets = [sb.merchant.merchantPass, sb.merchant.threeDSecure.aesKey, sb.merchant.threeDSecure.aesIv, ...transactions.map((t) => t.processPass), ...members.map((m) => m.kaiinPass)]
  expect(text.length).toBeGreaterThan(0)
  for (const secret of secrets) expect(text).not.toContain(secret)
  await sb?.close()
  await new Promise((r) => hook.close(r))
})

const CARD = 'pp_escott-card_escott'
const CVS = 'pp_escott-cvs_escott'
const ledger = (mf1: string) => sb.snapshot().transactions.filter((t: any) => t.merchantFree1 === mf1) as any[]

moduleIntegrationTestRunner<IPaymentModuleService>({
  moduleName: Modules.PAYMENT,
  resolve: '@medusajs/payment',
  moduleModels: Object.values(require(join(paymentDir, 'dist/models'))),
  moduleOptions: { providers: [{ resolve: join(__dirname, '../.medusa/server/src/providers/escott'), id: 'escott', options }] },
  // The payment module's logger (the runner's default is the console): kept, to check that no secret reaches it.
  injectedDependencies: { logger },
  testSuite: ({ service }) => {
    const card = () => escottProvider(service, CARD, 'escott-card')
    const cvs = () => escottProvider(service, CVS, 'escott-cvs')

    async function cardSession(amount: number, data: Record<string, unknown>, context: Record<string, unknown> = {}) {
      const collection = await service.createPaymentCollections({ currency_code: 'jpy', amount })
      const session = await service.createPaymentSession(collection.id, { provider_id: CARD, amount, currency_code: 'jpy', data, context: context as never })
      return { collection, session }
    }

    /** Medusa's authorisation of a session that must end with a payment. */
    async function authorize(sessionId: string) {
      const payment = await service.authorizePaymentSession(sessionId, {})
      if (!payment) throw new Error(`session ${sessionId} has no payment`)
      return payment
    }

    async function threeDSecure(sessionId: string, answer: 'approve' | 'fail' = 'approve') {
      const request = await card().startThreeDSecure(sessionId, {
        cardholderName: 'TARO YAMADA',
        email: 'taro@example.jp',
        redirectUrl: 'http://localhost:9000/escott/3ds/return',
        postUrl: 'http://127.0.0.1:9/escott/3ds/post',
      })
      const value = await completeThreeDSecure(request, answer)
      return card().applyThreeDSecureResult(value, 'browser')
    }

    it("registers both providers under the medusa-config id, and their tables in Medusa's database", async () => {
      const ids = (await service.listPaymentProviders()).map((p) => p.id)
      expect(ids).toEqual(expect.arrayContaining([CARD, CVS]))
      await card().ready()
      const tables = await card().runtime.stores.sessions.listUnpaidCvs()
      expect(tables).toEqual([])
    })

    it('card: 3-D Secure, authorize, capture, partial refund, refund of the rest; the stored data holds no secret', async () => {
      const tok = await token(sb, CARDS.challenge)
      const { session } = await cardSession(4980, { token: tok })
      expect(JSON.stringify(session.data)).not.toContain(tok)
      expect((await service.retrievePaymentSession(session.id)).data).not.toHaveProperty('token')

      await expect(service.authorizePaymentSession(session.id, {})).rejects.toThrow(/was not authorized/)
      expect((await service.retrievePaymentSession(session.id)).status).toBe('requires_more')

      expect(await threeDSecure(session.id)).toMatchObject({ kind: 'session', outcome: 'passed' })
      const payment = await authorize(session.id)
      expect(payment).toMatchObject({ provider_id: CARD, amount: 4980 })
      const mf1 = (payment.data!.escott as any).merchantFree1
      expect(ledger(mf1)).toEqual([expect.objectContaining({ status: 'authorized', amount: 4980 })])

      await service.capturePayment({ payment_id: payment.id })
      expect(ledger(mf1)[0]).toMatchObject({ status: 'captured' })
      await service.refundPayment({ payment_id: payment.id, amount: 980 })
      expect(ledger(mf1)[0]).toMatchObject({ status: 'captured', amount: 4000 })
      await service.refundPayment({ payment_id: payment.id, amount: 4000 })
      expect(ledger(mf1)[0]).toMatchObject({ status: 'canceled' })
      const stored = await service.retrievePayment(payment.id, { relations: ['refunds', 'captures'] })
      expect(stored.refunds).toHaveLength(2)
      expect(JSON.stringify(stored.data)).not.toMatch(/processPass|kaiinPass/i)
    })

    it('card: re-entry is idempotent — authorising the same session again creates no second 1Auth', async () => {
      const { session } = await cardSession(1980, { token: await token(sb) })
      await threeDSecure(session.id)
      const first = await authorize(session.id)
      const second = await authorize(session.id)
      expect(second.id).toBe(first.id)
      // Even when Medusa calls the provider again (a webhook re-entry finds the session authorised).
      const again = await card().authorizePayment({ data: first.data, context: { idempotency_key: session.id } })
      expect(again.status).toBe('authorized')
      expect(ledger((first.data!.escott as any).merchantFree1)).toHaveLength(1)
    })

    it('card: cancel voids the authorisation', async () => {
      const { session } = await cardSession(2200, { token: await token(sb) })
      await threeDSecure(session.id)
      const payment = await authorize(session.id)
      await service.cancelPayment(payment.id)
      expect(ledger((payment.data!.escott as any).merchantFree1)[0]).toMatchObject({ status: 'canceled' })
    })

    it('card: replacing the session (a cart change) voids nothing unpaid and drops the token', async () => {
      const { collection, session } = await cardSession(1500, { token: await token(sb) })
      await service.createPaymentSession(collection.id, { provider_id: CARD, amount: 1500, currency_code: 'jpy', data: { token: await token(sb) } })
      await service.deletePaymentSession(session.id)
      expect((await card().runtime.stores.sessions.get(session.id))?.status).toBe('canceled')
    })

    it('saved card: account holder, save through 3-D Secure at checkout, list, pay again with it', async () => {
      const customer = { id: 'cus_escott_1', email: 'hanako@example.jp' }
      const holder = await service.createAccountHolder({ provider_id: CARD, context: { customer } })
      expect(holder.external_id).toMatch(/^EH[0-9A-F]{20}$/)
      expect(JSON.stringify(holder.data)).not.toMatch(/pass/i)
      const ctx = { account_holder: holder, customer }
      const { session } = await cardSession(3000, { token: await token(sb, CARDS.challenge), saveCard: true }, ctx)
      await threeDSecure(session.id)
      await authorize(session.id)
      const methods = await service.listPaymentMethods({ provider_id: CARD, context: { account_holder: holder } as never })
      expect(methods).toHaveLength(1)
      expect(methods[0]!.data).toMatchObject({ maskedCard: expect.stringMatching(/2000$/) })

      const next = await cardSession(1000, { paymentMethodId: methods[0]!.id }, ctx)
      await threeDSecure(next.session.id)
      const payment = await authorize(next.session.id)
      expect(payment.amount).toBe(1000)
      const member = await card().runtime.stores.members.get(holder.external_id!)
      expect(sb.snapshot().transactions.find((t: any) => t.merchantFree1 === (payment.data!.escott as any).merchantFree1)).toMatchObject({ kaiinId: member!.kaiinId })
      expect(JSON.stringify(await service.listPaymentMethods({ provider_id: CARD, context: { account_holder: holder } as never }))).not.toContain(member!.kaiinPass)
    })

    it('cvs: pending_authorization → notification → captured through the webhook path', async () => {
      const collection = await service.createPaymentCollections({ currency_code: 'jpy', amount: 3000 })
      const session = await service.createPaymentSession(collection.id, {
        provider_id: CVS,
        amount: 3000,
        currency_code: 'jpy',
        data: { nameKanji: '山田花子', nameKana: 'ヤマダハナコ', telNo: '09012345678' },
      })
      expect(await service.authorizePaymentSession(session.id, {})).toBeNull()
      const pending = await service.retrievePaymentSession(session.id)
      expect(pending.status).toBe('pending_authorization')
      const slip = (pending.data!.escott as any).slip
      expect(slip).toMatchObject({ amount: 3330, fee: 330 })

      const before = notifications.length
      await sb.payCvs(slip.kessaiNumber, { cvsCd: 'FAM' })
      const receipt = await cvs().receiveNotification(notifications[before]!, '127.0.0.1')
      expect(receipt).toMatchObject({ status: 200, body: '0' })
      // What Medusa's payment-webhook subscriber does with the event the plugin route emits.
      const action = await service.getWebhookActionAndData({ provider: 'escott-cvs_escott', payload: { data: receipt.webhook!, rawData: '', headers: {} } })
      expect(action).toEqual({ action: 'captured', data: { session_id: session.id, amount: 3000 } })
      const payment = await authorize(session.id)
      const stored = await service.retrievePayment(payment.id, { relations: ['captures'] })
      expect(stored.captured_at).toBeTruthy()
      expect(stored.captures).toHaveLength(1)
      expect((await service.retrievePaymentCollection(collection.id)).status).toBe('completed')
    })

    it('recovery: a charge journaled but never recorded on its session is reconciled with 1Search, then completes the payment', async () => {
      const { session } = await cardSession(2600, { token: await token(sb) })
      await threeDSecure(session.id)
      const payment = await authorize(session.id)
      const mf1 = (payment.data!.escott as any).merchantFree1
      // A crash between the gateway's answer and the session update: the journal holds the charge, the session does not.
      const sessions = card().runtime.stores.sessions
      await sessions.update(session.id, { status: 'needs_reconciliation', payment: { processId: undefined, processPass: undefined } })
      const deps = await card().recoveryDeps()
      expect((await listRecoveryCases(deps)).filter((c) => c.orderId === session.id)).toEqual([expect.objectContaining({ kind: 'charged_not_finished' })])
      const outcomes = await reconcileOpenCases(service)
      expect(outcomes.filter((o) => o.case.orderId === session.id).map((o) => o.kind)).toEqual(['completed'])
      expect(await sessions.get(session.id)).toMatchObject({ status: 'authorized', payment: { processId: ledger(mf1)[0].processId } })
      expect((await listRecoveryCases(deps)).filter((c) => c.orderId === session.id)).toEqual([])
      const again = await card().authorizePayment({ data: payment.data, context: { idempotency_key: session.id } })
      expect(again.status).toBe('authorized')
      expect(ledger(mf1)).toHaveLength(1)
    })

    it('cvs: unpaid past the deadline → canceled at the gateway and in Medusa', async () => {
      const collection = await service.createPaymentCollections({ currency_code: 'jpy', amount: 1200 })
      const session = await service.createPaymentSession(collection.id, {
        provider_id: CVS,
        amount: 1200,
        currency_code: 'jpy',
        data: { nameKanji: '鈴木一郎', nameKana: 'スズキイチロウ', telNo: '0311112222' },
      })
      expect(await service.authorizePaymentSession(session.id, {})).toBeNull()
      const slip = ((await service.retrievePaymentSession(session.id)).data!.escott as any).slip
      expect(await expireCvsPayments(service, undefined, new Date())).toEqual([])
      const expired = await expireCvsPayments(service, undefined, new Date(Date.now() + 8 * 86_400_000))
      expect(expired).toEqual([session.id])
      expect((await service.retrievePaymentSession(session.id)).status).toBe('canceled')
      expect(sb.snapshot().cvs.find((c: any) => c.kessaiNumber === slip.kessaiNumber)).toMatchObject({ status: 'canceled' })
    })
  },
})
