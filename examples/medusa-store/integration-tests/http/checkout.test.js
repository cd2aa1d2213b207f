/**
 * The whole app (medusaIntegrationTestRunner: this example's medusa-config with the escott-medusa plugin, every
 * core migration, real PostgreSQL) over HTTP against the sandbox gateway over HTTP: the Store API checkout with
 * 3-D Secure through the plugin routes, the order read back against the gateway's own ledger, capture and refund
 * through the Admin API; and the convenience-store checkout up to captured by the gateway's real notification.
 */
const { createServer } = require('node:net')
const { medusaIntegrationTestRunner } = require('@medusajs/test-utils')
const { ContainerRegistrationKeys, Modules } = require('@medusajs/framework/utils')
const { createUserAccountWorkflow } = require('@medusajs/medusa/core-flows')
const seed = require('../../src/scripts/seed')
const { completeThreeDSecure, openResult, sealResult } = require('../support/shopper')

jest.setTimeout(240_000)

const STOREFRONT = 'http://localhost:8000'
let sb

function freePort() {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

// Before the runner loads medusa-config (its own beforeAll): the gateway and the app's public address.
beforeAll(async () => {
  const port = await freePort()
  const { startSandbox } = await import('escott-sandbox')
  sb = await startSandbox({ port: 0, quiet: true, notificationUrl: `http://127.0.0.1:${port}/escott/cvs/notification` })
  const m = sb.merchant
  Object.assign(process.env, {
    PORT: String(port),
    ESCOTT_MERCHANT_ID: m.merchantId,
    ESCOTT_MERCHANT_PASS: m.merchantPass,
    ESCOTT_TENANT_ID: m.tenantId,
    ESCOTT_BASE_URL: sb.url,
    ESCOTT_TOKEN_AUTH_CODE: m.tokenAuthCode,
    ESCOTT_AES_KEY: m.threeDSecure.aesKey,
    ESCOTT_AES_IV: m.threeDSecure.aesIv,
    MEDUSA_PUBLIC_URL: `http://localhost:${port}`,
    STOREFRONT_URL: STOREFRONT,
    STORE_CORS: STOREFRONT,
  })
})
afterAll(async () => {
  await sb?.close()
})

const ledger = (mf1) => sb.snapshot().transactions.filter((t) => t.merchantFree1 === mf1)

medusaIntegrationTestRunner({
  cwd: require('node:path').join(__dirname, '../..'),
  testSuite: ({ api, getContainer, utils }) => {
    let store
    let admin
    let products

    beforeEach(async () => {
      const container = getContainer()
      const { publishableKey, regionId } = await seed({ container })
      store = { headers: { 'x-publishable-api-key': publishableKey } }
      products = (await api.get('/store/products?fields=*variants', store)).data.products
      store.regionId = regionId
      admin = { headers: { authorization: `Bearer ${await adminToken(container)}` } }
    })

    async function adminToken(container) {
      const email = 'admin@example.jp'
      const password = 'escott-admin-password'
      const registered = await api.post('/auth/user/emailpass/register', { email, password })
      const authModule = container.resolve(Modules.AUTH)
      const [identity] = await authModule.listAuthIdentities({ provider_identities: { entity_id: email } })
      await createUserAccountWorkflow(container).run({ input: { authIdentityId: identity.id, userData: { email } } })
      expect(registered.status).toBe(200)
      return (await api.post('/auth/user/emailpass', { email, password })).data.token
    }

    async function cartWith(handle, email = 'taro@example.jp') {
      const variant = products.find((p) => p.handle === handle).variants[0]
      const { cart } = (await api.post('/store/carts', { region_id: store.regionId, email }, store)).data
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: variant.id, quantity: 1 }, store)
      const address = { first_name: '太郎', last_name: '山田', address_1: '千代田1-1', city: '千代田区', province: '東京都', postal_code: '100-0001', country_code: 'jp', phone: '0312345678' }
      const updated = (await api.post(`/store/carts/${cart.id}`, { shipping_address: address, billing_address: address }, store)).data.cart
      const { payment_collection } = (await api.post('/store/payment-collections', { cart_id: cart.id }, store)).data
      return { cart: updated, collection: payment_collection }
    }

    async function sessionOf(collection, provider_id, data) {
      const res = await api.post(`/store/payment-collections/${collection.id}/payment-sessions`, { provider_id, data }, store)
      return res.data.payment_collection.payment_sessions.find((s) => s.provider_id === provider_id)
    }

    it('card: cart → session → 3-D Secure challenge through the plugin routes → order authorised, then admin capture and refund', async () => {
      const { cart, collection } = await cartWith('matcha')
      expect(cart.total).toBe(3240)
      const token = await sb.createToken({ cardNo: '4000000000082000', expYY: '30', expMM: '12', secCd: '777' })
      const session = await sessionOf(collection, 'pp_escott-card_escott', { token, payType: '01' })
      expect(JSON.stringify(session.data)).not.toContain(token)
      expect(session.data.escott.threeDSecure).toMatchObject({ required: true, status: 'not_started' })

      // Completing before 3-D Secure is refused and leaves the cart payable.
      const early = await api.post(`/store/carts/${cart.id}/complete`, {}, store).catch((e) => e.response)
      expect(early.status).toBeGreaterThanOrEqual(400)

      const start = await api.post(`/store/escott/3ds/${session.id}`, { cardholderName: 'Taro Yamada', email: 'taro@example.jp', return_url: `${STOREFRONT}/checkout.html` }, store)
      expect(start.data).toEqual({ action: `${sb.url}/online/tds/OTDS010.do`, fields: { MerchantId: sb.merchant.merchantId, EncryptValue: expect.any(String) } })
      const encrypted = await completeThreeDSecure(start.data, 'approve')
      // The browser's return: no cookie, a cross-site form POST; answered with a redirect to the storefront.
      const back = await api.post('/escott/3ds/return', new URLSearchParams({ MerchantId: sb.merchant.merchantId, EncryptValue: encrypted }).toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        maxRedirects: 0,
        validateStatus: () => true,
      })
      expect(back.status).toBe(303)
      expect(back.headers.location).toBe(`${STOREFRONT}/checkout.html?escott_3ds=passed&payment_session_id=${session.id}`)
      // The PostUrl copy (the sandbox sends it too) and a replay change nothing.
      const replay = await api.post('/escott/3ds/post', new URLSearchParams({ EncryptValue: encrypted }).toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      expect(replay.data).toBe('OK')

      const completed = (await api.post(`/store/carts/${cart.id}/complete`, {}, store)).data
      expect(completed.type).toBe('order')
      const orderId = completed.order.id
      const { order } = (await api.get(`/admin/orders/${orderId}?fields=*payment_collections,*payment_collections.payments`, admin)).data
      const payment = order.payment_collections[0].payments[0]
      expect(payment).toMatchObject({ provider_id: 'pp_escott-card_escott', amount: 3240 })
      expect(order.payment_status).toBe('authorized')
      const mf1 = payment.data.escott.merchantFree1
      expect(ledger(mf1)).toEqual([expect.objectContaining({ status: 'authorized', amount: 3240, processId: payment.data.escott.charge.processId })])
      expect(JSON.stringify(payment.data)).not.toMatch(/processPass|kaiinPass/i)

      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      expect(ledger(mf1)[0]).toMatchObject({ status: 'captured', amount: 3240 })
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 1240 }, admin)
      expect(ledger(mf1)[0]).toMatchObject({ status: 'captured', amount: 2000 })
      const after = (await api.get(`/admin/orders/${orderId}?fields=payment_status`, admin)).data.order
      expect(after.payment_status).toBe('partially_refunded')
    })

    it('convenience store: order placed with the slip; the shopper pays at the sandbox; the notification captures it', async () => {
      const { cart, collection } = await cartWith('sencha', 'hanako@example.jp')
      const session = await sessionOf(collection, 'pp_escott-cvs_escott', { nameKanji: '山田花子', nameKana: 'ヤマダハナコ', telNo: '090-1234-5678' })
      expect(session.data.escott).toMatchObject({ method: 'cvs', fee: 330 })
      const completed = (await api.post(`/store/carts/${cart.id}/complete`, {}, store)).data
      expect(completed.type).toBe('order')
      const orderId = completed.order.id
      const slip = await slipOf(getContainer(), session.id)
      expect(slip).toMatchObject({ kessaiNumber: expect.stringMatching(/^\d{11}$/), amount: 2310, fee: 330 })
      expect((await api.get(`/admin/orders/${orderId}?fields=payment_status`, admin)).data.order.payment_status).toBe('awaiting')

      await sb.payCvs(slip.kessaiNumber, { cvsCd: 'SEV' })
      const order = await waitFor(async () => {
        const o = (await api.get(`/admin/orders/${orderId}?fields=payment_status,*payment_collections.payments`, admin)).data.order
        return o.payment_status === 'captured' ? o : undefined
      })
      const payment = order.payment_collections[0].payments[0]
      expect(payment).toMatchObject({ provider_id: 'pp_escott-cvs_escott', amount: 1980 })
      expect(sb.snapshot().cvs.find((c) => c.kessaiNumber === slip.kessaiNumber)).toMatchObject({ status: 'paid', amount: 2310 })
      // The gateway retries a notification it thinks was lost: still one capture.
      await sb.notifications.flush()
      await new Promise((r) => setTimeout(r, 1000)) // the route hands the replay to the event bus; let it run
      await utils.waitWorkflowExecutions()
      const payments = (await api.get(`/admin/payments?payment_session_id=${session.id}&fields=*captures`, admin)).data.payments
      expect(payments).toHaveLength(1)
      expect(payments[0].captures).toHaveLength(1)
    })

    it('a failed 3-D Secure result rewritten to "passed" and posted to the plugin routes charges nothing; the cart stays payable', async () => {
      const { cart, collection } = await cartWith('matcha')
      const token = await sb.createToken({ cardNo: '4000000000082000', expYY: '30', expMM: '12', secCd: '777' })
      const session = await sessionOf(collection, 'pp_escott-card_escott', { token })
      const mf1 = session.data.escott.merchantFree1
      const start = await api.post(`/store/escott/3ds/${session.id}`, { cardholderName: 'Taro Yamada', email: 'taro@example.jp' }, store)
      const failed = openResult(await completeThreeDSecure(start.data, 'fail'), sb.merchant.threeDSecure)
      expect(failed.SecureResultCode).not.toBe('0')
      const forged = sealResult({ ...failed, ResponseCd: 'OK', SecureResultCode: '0' }, sb.merchant.threeDSecure)
      const form = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, maxRedirects: 0, validateStatus: () => true }
      await api.post('/escott/3ds/post', new URLSearchParams({ EncryptValue: forged }).toString(), form)
      await api.post('/escott/3ds/return', new URLSearchParams({ MerchantId: sb.merchant.merchantId, EncryptValue: forged }).toString(), form)
      const completed = await api.post(`/store/carts/${cart.id}/complete`, {}, store).catch((e) => e.response)
      expect(completed.data?.type).not.toBe('order')
      expect(ledger(mf1).filter((t) => t.status === 'authorized' || t.status === 'captured')).toEqual([])

      // The shopper authenticates for real: the same cart completes, charged once.
      const retry = await sessionOf(collection, 'pp_escott-card_escott', { token: await sb.createToken({ cardNo: '4000000000082000', expYY: '30', expMM: '12', secCd: '777' }) })
      const again = await api.post(`/store/escott/3ds/${retry.id}`, { cardholderName: 'Taro Yamada', email: 'taro@example.jp' }, store)
      await api.post('/escott/3ds/post', new URLSearchParams({ EncryptValue: await completeThreeDSecure(again.data, 'approve') }).toString(), form)
      const order = (await api.post(`/store/carts/${cart.id}/complete`, {}, store)).data
      expect(order.type).toBe('order')
      expect(ledger(retry.data.escott.merchantFree1)).toEqual([expect.objectContaining({ status: 'authorized', amount: 3240 })])
      expect(ledger(mf1).filter((t) => t.status === 'authorized' || t.status === 'captured')).toEqual([])
    })

    it('a genuine payment notification re-addressed to another order through the plugin route changes nothing', async () => {
      const paid = await cartWith('sencha', 'hanako@example.jp')
      const victim = await cartWith('sencha', 'jiro@example.jp')
      const payer = { nameKanji: '山田花子', nameKana: 'ヤマダハナコ', telNo: '090-1234-5678' }
      const paidSession = await sessionOf(paid.collection, 'pp_escott-cvs_escott', payer)
      const victimSession = await sessionOf(victim.collection, 'pp_escott-cvs_escott', payer)
      const paidOrder = (await api.post(`/store/carts/${paid.cart.id}/complete`, {}, store)).data.order
      const victimOrder = (await api.post(`/store/carts/${victim.cart.id}/complete`, {}, store)).data.order
      const paidSlip = await slipOf(getContainer(), paidSession.id)
      const victimSlip = await slipOf(getContainer(), victimSession.id)
      const receipt = await sb.payCvs(paidSlip.kessaiNumber, { cvsCd: 'SEV' })
      await waitFor(async () => (await api.get(`/admin/orders/${paidOrder.id}?fields=payment_status`, admin)).data.order.payment_status === 'captured')

      // HashCd covers ProcessPass and RecvNum only: MerchantFree1, Amount and ProcessId can be rewritten.
      const readdressed = new URLSearchParams(receipt.notification.body)
      readdressed.set('MerchantFree1', victimSession.data.escott.merchantFree1)
      readdressed.set('Amount', String(victimSlip.amount))
      readdressed.set('ProcessId', `${'A'.repeat(31)}1`)
      const form = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, validateStatus: () => true }
      const refused = await api.post('/escott/cvs/notification', readdressed.toString(), form)
      // The genuine copy was applied already, so the flows read this one as its replay (same HashCd-protected
      // ProcessPass + RecvNum): acknowledged, nothing applied. Before the genuine one it is refused (403, binding).
      expect([200, 403]).toContain(refused.status)
      await new Promise((r) => setTimeout(r, 1000)) // anything handed to the event bus would run now
      await utils.waitWorkflowExecutions()
      expect((await api.get(`/admin/orders/${victimOrder.id}?fields=payment_status`, admin)).data.order.payment_status).toBe('awaiting')
      expect((await slipOf(getContainer(), victimSession.id)).paidAt).toBeUndefined()
      expect(sb.snapshot().cvs.find((c) => c.kessaiNumber === victimSlip.kessaiNumber)).toMatchObject({ status: 'pending' })
    })

    it('payment attempts are throttled through the plugin: the eleventh e-SCOTT session of one checkout, and its 3-D Secure start, get 429', async () => {
      const { collection } = await cartWith('matcha')
      const attempt = () =>
        api.post(
          `/store/payment-collections/${collection.id}/payment-sessions`,
          { provider_id: 'pp_escott-cvs_escott', data: { nameKanji: '山田花子', nameKana: 'ヤマダハナコ', telNo: '090-1234-5678' } },
          { ...store, validateStatus: () => true },
        )
      for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(200)
      const locked = await attempt()
      expect(locked.status).toBe(429)
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
      expect(locked.data).toMatchObject({ type: 'not_allowed', code: 'escott_too_many_attempts', message: expect.stringContaining('試行回数') })
      // 3-D Secure starts count on the same checkout: one card session and nine starts pass, the tenth start is refused.
      const other = await cartWith('sencha')
      const card = await sessionOf(other.collection, 'pp_escott-card_escott', { token: await sb.createToken({ cardNo: '4000000000082000', expYY: '30', expMM: '12', secCd: '777' }) })
      const start = () => api.post(`/store/escott/3ds/${card.id}`, { cardholderName: 'Taro Yamada', email: 'taro@example.jp' }, { ...store, validateStatus: () => true })
      for (let i = 0; i < 9; i++) expect((await start()).status).toBe(200)
      expect((await start()).status).toBe(429)
    })

    it('saved cards: a customer sees only their own cards and cannot delete another customer’s', async () => {
      const container = getContainer()
      const alice = await customerToken('alice@example.jp')
      const bob = await customerToken('bob@example.jp')
      const payment = container.resolve(Modules.PAYMENT)
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({ entity: 'customer', fields: ['id'], filters: { email: 'alice@example.jp' } })
      const holder = await payment.createAccountHolder({ provider_id: 'pp_escott-card_escott', context: { customer: { id: data[0].id, email: 'alice@example.jp' } } })
      const link = container.resolve(ContainerRegistrationKeys.LINK)
      await link.create({ [Modules.CUSTOMER]: { customer_id: data[0].id }, [Modules.PAYMENT]: { account_holder_id: holder.id } })
      const token = await sb.createToken({ cardNo: '4000000000001000', expYY: '30', expMM: '12', secCd: '777' })
      await payment.createPaymentMethods({ provider_id: 'pp_escott-card_escott', data: { token }, context: { account_holder: holder } })

      const mine = (await api.get('/store/escott/payment-methods', { headers: { ...store.headers, authorization: `Bearer ${alice}` } })).data.payment_methods
      expect(mine).toEqual([expect.objectContaining({ id: holder.external_id, provider_id: 'pp_escott-card_escott', maskedCard: expect.stringMatching(/1000$/) })])
      expect(JSON.stringify(mine)).not.toMatch(/pass/i)
      expect((await api.get('/store/escott/payment-methods', { headers: { ...store.headers, authorization: `Bearer ${bob}` } })).data.payment_methods).toEqual([])
      const stolen = await api.delete(`/store/escott/payment-methods/${holder.external_id}`, { headers: { ...store.headers, authorization: `Bearer ${bob}` } }).catch((e) => e.response)
      expect(stolen.status).toBe(404)
      const anonymous = await api.get('/store/escott/payment-methods', store).catch((e) => e.response)
      expect(anonymous.status).toBe(401)
      const removed = await api.delete(`/store/escott/payment-methods/${holder.external_id}`, { headers: { ...store.headers, authorization: `Bearer ${alice}` } })
      expect(removed.data).toMatchObject({ id: holder.external_id, deleted: true })
    })

    async function customerToken(email) {
      const password = 'customer-password'
      const reg = (await api.post('/auth/customer/emailpass/register', { email, password })).data.token
      await api.post('/store/customers', { email }, { headers: { ...store.headers, authorization: `Bearer ${reg}` } })
      return (await api.post('/auth/customer/emailpass', { email, password })).data.token
    }
  },
})

async function slipOf(container, sessionId) {
  const session = await container.resolve(Modules.PAYMENT).retrievePaymentSession(sessionId)
  return session.data.escott.slip
}

async function waitFor(check, ms = 30_000) {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 250))
  }
}
