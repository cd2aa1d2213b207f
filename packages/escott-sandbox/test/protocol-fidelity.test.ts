/**
 * Issue 8 over real HTTP: escott-core as the client, the sandbox as the gateway. One test per fidelity finding, each
 * citing the source the behaviour follows (E2 = bluestylejp-toya/bluestyle@870d9e70 data/downloads/module/mdl_sln,
 * E42 = artemsyvko/shop-toreca app/Plugin/SlnPayment42, Woo = common-repository/woo-sonypayment includes/,
 * WC = WordPressBugBounty/plugins-usc-e-shop usc-e-shop/classes/paymentESCOTT.main.class.php). The sandbox reads
 * the protocol on its own (it never imports escott-core); these tests check that both readings meet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allowedOperations, type Escott } from 'escott-core'
import type { Sandbox } from '../src/index.js'
import { AUT, CARD, client, CNV, codesOf, DEMO_CARD, formOf, postForm, scriptToken, start, today, wire } from './helpers.js'

let sb: Sandbox
let escott: Escott
const REDIRECT = 'http://127.0.0.1:9/3ds/return'
const holder = { cardholderName: 'TARO YAMADA', email: 'taro@example.com', redirectUrl: REDIRECT }

/** A fetch that records every request body escott-core sends (over real HTTP to the sandbox). */
function recordingFetch() {
  const sent: Array<Record<string, string>> = []
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init)
    sent.push(Object.fromEntries(new URLSearchParams(await request.clone().text())))
    return fetch(request)
  }) as typeof fetch
  return { fetch: f, sent }
}

beforeAll(async () => {
  sb = await start()
  escott = client(sb)
})
afterAll(() => sb.close())

/** The shopper's browser: posts the OTDS010 form, presses approve on a challenge, returns the result page's form. */
async function authenticate(e: Escott, params: Parameters<Escott['threeDSecure']['createRequest']>[0], answer: 'approve' | 'fail' = 'approve') {
  const req = e.threeDSecure.createRequest(params)
  let page = await postForm(req.action, req.fields)
  const session = /name="session" value="([0-9a-f]+)"/.exec(page.html)?.[1]
  if (session) page = await postForm(`${sb.url}/online/tds/OTDS010Challenge.do`, { session, action: answer })
  const form = formOf(page.html)
  expect(form.action).toBe(REDIRECT)
  return { request: req, challenged: session !== undefined, result: e.threeDSecure.parseResult(form.fields.EncryptValue!) }
}

describe('the default 3-D Secure card flow: token → 3Secure → frictionless or challenge → 1Auth with the forwarded fields', () => {
  it.each([
    ['frictionless', DEMO_CARD.cardNo],
    ['challenge', '4000000000082000'],
  ])('%s: the result carries the nine fields (no TransactionId3D) and 1Auth forwards exactly those', async (_kind, cardNo) => {
    // Woo class-spfwc-payment-response-handler.php:172-198 reads the nine, class-spfwc-payment-gateway.php:744-771
    // forwards them on 1Auth; WC paymentESCOTT.main.class.php:1137-1163 / 1422-1450 the same.
    const rec = recordingFetch()
    const e = client(sb, sb.merchant, { fetch: rec.fetch })
    const token = await sb.createToken(CARD(cardNo))
    const { request, challenged, result } = await authenticate(e, { token, amount: 3300, merchantFree1: 'fid-3ds', ...holder })
    expect(request.operation).toBe('3Secure')
    expect(challenged).toBe(cardNo !== DEMO_CARD.cardNo)
    expect(result).toMatchObject({ passed: true, secureResultCode: '0', operation: '3Secure', merchantFree1: 'fid-3ds' })
    expect(Object.keys(result.threeDSecure!).sort()).toEqual([
      'cavv3D',
      'cavvAlgorithm3D',
      'dsTransactionId',
      'eci3D',
      'encodeXId3D',
      'messageVersionNo3D',
      'secureResultCode',
      'threeDSServerTransactionId',
      'transactionStatus3D',
    ])
    const tx = await e.card.authorize({ amount: 3300, token, merchantFree1: 'fid-3ds', threeDSecure: result.threeDSecure! })
    expect(tx.status).toBe('authorized')
    const auth = rec.sent.at(-1)!
    expect(auth).toMatchObject({
      OperateId: '1Auth',
      Token: token,
      EncodeXId3D: result.threeDSecure!.encodeXId3D,
      MessageVersionNo3D: '2.2.0',
      TransactionStatus3D: 'Y',
      CAVVAlgorithm3D: '2',
      ECI3D: '05',
      CAVV3D: result.threeDSecure!.cavv3D,
      SecureResultCode: '0',
      DSTransactionId: result.threeDSecure!.dsTransactionId,
      ThreeDSServerTransactionId: result.threeDSecure!.threeDSServerTransactionId,
    })
    expect(auth).not.toHaveProperty('TransactionId3D')
    expect(sb.snapshot().transactions.find((t) => t.processId === tx.processId)?.threeDSecure).toBe(true)
  })

  it('SecureResultCode 2 and 3 (no CAVV) continue to 1Auth, which authorises with the fields there are; 1 stops', async () => {
    // Woo class-spfwc-payment-response-handler.php:109 stops only on 1/8/9.
    for (const cardNo of ['4000000000043002', '4000000000033003']) {
      const token = await sb.createToken(CARD(cardNo))
      const { result } = await authenticate(escott, { token, amount: 100, ...holder })
      expect(result.passed, cardNo).toBe(true)
      expect(result.threeDSecure).not.toHaveProperty('cavv3D')
      expect((await escott.card.authorize({ amount: 100, token, threeDSecure: result.threeDSecure! })).status).toBe('authorized')
    }
    const token = await sb.createToken(CARD('4000000000082000'))
    const { result } = await authenticate(escott, { token, amount: 100, ...holder }, 'fail')
    expect(result).toMatchObject({ passed: false, secureResultCode: '1' })
    expect(result.error?.codes).toEqual(['U04'])
  })

  it('a stored card (member) authenticates with 3Secure and pays with the forwarded fields', async () => {
    // Woo class-spfwc-payment-gateway.php:821-841: 3Secure with KaiinId/KaiinPass (no Token), then the member 1Auth.
    const m = sb.createMerchant({ threeDSecure: 'required' })
    const e = client(sb, m)
    const member = { kaiinId: 'fidmem01', kaiinPass: 'pass1234' }
    await e.members.create({ ...member, token: await sb.createToken(DEMO_CARD, { merchantId: m.merchantId }) })
    expect(await codesOf(e.card.authorize({ amount: 500, member }))).toEqual(['K06'])
    const { result } = await authenticate(e, { member, amount: 500, ...holder })
    expect((await e.card.authorize({ amount: 500, member, threeDSecure: result.threeDSecure! })).status).toBe('authorized')
  })
})

describe('authentication assist', () => {
  it('TelNo: the sandbox accepts the last 4 digits core sends and answers K28 to a whole number on the wire', async () => {
    // E42 Service/SlnContent/Credit/Master.php:80 (電話番号下4ケタ), E42 errors.yml:25 (K28 電話番号下4桁精査エラー).
    const rec = recordingFetch()
    const e = client(sb, sb.merchant, { fetch: rec.fetch })
    await e.card.authorize({ amount: 100, token: await sb.createToken(DEMO_CARD), authAssist: { telNo: '090-1234-5678', birthDay: '0415' } })
    expect(rec.sent.at(-1)).toMatchObject({ TelNo: '5678', BirthDay: '0415' })
    const call = wire(sb)
    expect((await call(AUT, { OperateId: '1Auth', Token: await sb.createToken(DEMO_CARD), PayType: '01', Amount: 100, TelNo: '09012345678' })).ResponseCd).toBe('K28')
    expect((await call(AUT, { OperateId: '1Auth', Token: await sb.createToken(DEMO_CARD), PayType: '01', Amount: 100, BirthDay: '1332' })).ResponseCd).toBe('K27')
  })

  it('the token script takes the last 4 digits too: a whole number is K28 there', async () => {
    const bad = await fetch(`${sb.url}/euser/stn/CdCreateToken.do`, {
      method: 'POST',
      body: new URLSearchParams({ k_TokenNinsyoCode: sb.merchant.tokenAuthCode, CardNo: DEMO_CARD.cardNo, ExpYY: '28', ExpMM: '12', TelNo: '0312345678' }),
    })
    expect(((await bad.json()) as { code: string }).code).toBe('K28')
    expect((await scriptToken(sb, DEMO_CARD)).token).toMatch(/^[0-9a-f]{32}$/)
    expect(await sb.createToken({ ...DEMO_CARD, telNo: '5678', birthMM: '04', birthDD: '15' })).toMatch(/^[0-9a-f]{32}$/)
  })

  it('KanaSei / KanaMei: core sends half-width katakana, which a kana-requiring merchant accepts; full-width on the wire is K25 / K26', async () => {
    // E2 class/SLN_C_Base.php:122-124, E42 Service/SlnAction/Content/Basic.php:63-65: mb_convert_kana('kha').
    const m = sb.createMerchant({ authAssist: { kana: true } })
    const e = client(sb, m)
    const tx = await e.card.authorize({ amount: 100, token: await sb.createToken(DEMO_CARD, { merchantId: m.merchantId }), authAssist: { kanaSei: 'やまだ', kanaMei: 'タロウ' } })
    expect(tx.raw).toMatchObject({ McKanaSei: '0', McKanaMei: '0' })
    const r = await wire(sb, m)(AUT, { OperateId: '1Auth', Token: await sb.createToken(DEMO_CARD, { merchantId: m.merchantId }), PayType: '01', Amount: 100, KanaSei: 'ヤマダ', KanaMei: 'タロウ' })
    expect(r.ResponseCd).toBe('K25|K26')
  })
})

describe('card follow-ups', () => {
  it("1ReAuth: core's state machine and the sandbox agree on every state", async () => {
    // Allowed on authorised (Woo class-spfwc-admin-order.php:431-436, WelcartPay paymentWelcart.class.php:2345-2350)
    // and canceled (E2 class/SLN_C_Util.php:235-239, E42 Resource/template/admin/order_edit.twig:66-68) payments.
    const states = {
      authorized: async () => escott.card.authorize({ amount: 1000, token: await sb.createToken(DEMO_CARD) }),
      captured: async () => escott.card.authorize({ amount: 1000, token: await sb.createToken(DEMO_CARD), capture: true }),
      canceled: async () => {
        const tx = await escott.card.authorize({ amount: 1000, token: await sb.createToken(DEMO_CARD) })
        await escott.card.cancel(tx)
        return tx
      },
    }
    for (const [state, make] of Object.entries(states) as Array<[keyof typeof states, () => Promise<{ processId: string; processPass: string }>]>) {
      const tx = await make()
      const coreAllows = allowedOperations(state).includes('reauthorize')
      const sandboxAllows = await escott.card.reauthorize({ processId: tx.processId, processPass: tx.processPass, amount: 900 }).then(
        () => true,
        () => false,
      )
      expect(sandboxAllows, state).toBe(coreAllows)
    }
  })

  it('TenantId on follow-ups is accepted (E2, Woo, Welcart send it) and checked: a wrong one is K04', async () => {
    const tx = await escott.card.authorize({ amount: 1000, token: await sb.createToken(DEMO_CARD) })
    const r = await wire(sb)(AUT, { OperateId: '1Search', ProcessId: tx.processId, ProcessPass: tx.processPass, TenantId: '0009' })
    expect(r.ResponseCd).toBe('K04')
    const e42 = client(sb, sb.merchant, { sendTenantIdOnFollowUps: false })
    expect((await e42.card.retrieve(tx)).amount).toBe(1000)
    expect((await escott.card.retrieve(tx)).amount).toBe(1000)
  })

  it('1Change with the same amount is K23; a higher amount is accepted', async () => {
    // WC paymentESCOTT.main.class.php:3649 (K23 利用額変更で元取引と金額が同一); E2 class/SLN_C_Util.php:64-139 sends any total.
    const tx = await escott.card.authorize({ amount: 1000, token: await sb.createToken(DEMO_CARD) })
    expect(await codesOf(escott.card.changeAmount({ ...tx, amount: 1000 }))).toEqual(['K23'])
    await escott.card.changeAmount({ ...tx, amount: 1200 })
    expect((await escott.card.retrieve(tx)).amount).toBe(1200)
  })

  it('a future SalesDate is K39 on the wire (core refuses it before sending)', async () => {
    // WC paymentESCOTT.main.class.php:3682 (K39 未来日付).
    const tx = await escott.card.authorize({ amount: 1000, token: await sb.createToken(DEMO_CARD) })
    expect((await wire(sb)(AUT, { OperateId: '1Capture', ProcessId: tx.processId, ProcessPass: tx.processPass, SalesDate: '29991231' })).ResponseCd).toBe('K39')
    await expect(escott.card.capture({ ...tx, salesDate: '29991231' })).rejects.toThrow(/K39/)
    await escott.card.capture({ ...tx, salesDate: today() })
  })
})

describe('2Add and answers', () => {
  const shopper = { nameKanji: 'ﾔﾏﾀﾞ Taro', nameKana: 'やまだ たろう', telNo: '03-1234-5678', productName: 'Tシャツ ｻｲｽﾞM' }

  it('core converts NameKanji, ShouhinName, Free* and Comment to full width, which the sandbox requires (K51, K53–K56 otherwise)', async () => {
    // E2 class/SLN_C_Base.php:82,157-174, class/SLN_Util.php:210; E42 Service/SlnAction/Content/Basic.php:53-83;
    // WC paymentESCOTT.main.class.php:1663 「ShouhinName は全角文字のみ許容される」.
    const p = await escott.cvs.create({ amount: 1500, payLimit: 3, ...shopper, freeAreas: ['Size L'], guidance: ['Thanks!', 'See you'] })
    expect(p.kessaiNumber).toMatch(/^\d+$/)
    const call = wire(sb)
    const base = { OperateId: '2Add', Amount: 1500, PayLimit: '209912312359', NameKanji: '山田太郎', NameKana: 'ヤマダタロウ', TelNo: '0312345678', ShouhinName: '商品' }
    expect((await call(CNV, base)).ResponseCd).toBe('OK')
    expect((await call(CNV, { ...base, NameKanji: 'Yamada' })).ResponseCd).toBe('K51')
    expect((await call(CNV, { ...base, ShouhinName: 'Tｼｬﾂ' })).ResponseCd).toBe('K53')
    expect((await call(CNV, { ...base, Free1: 'Size L' })).ResponseCd).toBe('K54')
    expect((await call(CNV, { ...base, Comment: 'Thanks' })).ResponseCd).toBe('K55')
    expect((await call(CNV, { ...base, Free9: 'x' })).ResponseCd).toBe('K56')
  })

  it('2Add TelNo: half-width digits and hyphens, at most 13 (K28); core sends digits, or with telNoFormat asEntered the hyphenated form', async () => {
    // WC paymentESCOTT.main.class.php:3655 (K28 「半角数字ハイフン≦13桁」); E2 class/SLN_C_Base.php:93-97.
    const call = wire(sb)
    const base = { OperateId: '2Add', Amount: 1500, PayLimit: '209912312359', NameKanji: '山田太郎', NameKana: 'ヤマダタロウ', ShouhinName: '商品' }
    expect((await call(CNV, { ...base, TelNo: '090-1234-5678' })).ResponseCd).toBe('OK')
    expect((await call(CNV, { ...base, TelNo: '0901-2345-6789' })).ResponseCd).toBe('K28')
    expect((await call(CNV, { ...base, TelNo: '03(1234)5678' })).ResponseCd).toBe('K28')
    const hyphens = client(sb, sb.merchant, { telNoFormat: 'asEntered' })
    expect((await hyphens.cvs.create({ amount: 1500, payLimit: 3, ...shopper, telNo: '０９０－１２３４－５６７８' })).kessaiNumber).toMatch(/^\d+$/)
  })

  it("answers are unencoded like the gateway's: a multi-code ResponseCd comes with a raw |", async () => {
    // E2 class/SLN_C_Base.php:444-476 and E42 Service/Util.php:208-215 read answers without decoding and split on |.
    const res = await fetch(sb.url + AUT, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        MerchantId: sb.merchant.merchantId,
        MerchantPass: sb.merchant.merchantPass,
        TenantId: sb.merchant.tenantId,
        TransactionDate: today(),
        OperateId: '1Auth',
        PayType: '99',
        Amount: '0',
        Token: 'x',
        MerchantFree3: '山田 商店',
      }).toString(),
    })
    const body = await res.text()
    expect(body).toContain('ResponseCd=K22|K23|KHX')
    expect(body).toContain('MerchantFree3=山田 商店')
    expect(await codesOf(escott.card.authorize({ amount: 100, token: 'f'.repeat(32), merchantFree3: '山田 商店' }))).toEqual(['KHZ'])
  })
})

describe('RedirectUrl length', () => {
  it('both refuse a RedirectUrl over 64 by default and accept it when the limit is raised on both sides', async () => {
    // 64: Salesforce cartridge documentation (SF); CS app/addons/smartlink/func.php:882-894 sends longer ones.
    const long = 'http://127.0.0.1:9/3ds/return?order=' + 'x'.repeat(40)
    expect(() => escott.threeDSecure.createRequest({ ...holder, redirectUrl: long, token: 'f'.repeat(32), amount: 100 })).toThrow(/at most 64/)
    const lax = await start({ threeDSecure: { maxRedirectUrlLength: 256 } })
    try {
      const e = client(lax, lax.merchant, { threeDSecure: { ...lax.merchant.threeDSecure, maxRedirectUrlLength: 256 } })
      const req = e.threeDSecure.createRequest({ ...holder, redirectUrl: long, token: await lax.createToken(DEMO_CARD), amount: 100 })
      const page = await postForm(req.action, req.fields)
      expect(formOf(page.html).action).toBe(long)
      expect(e.threeDSecure.parseResult(formOf(page.html).fields.EncryptValue!).passed).toBe(true)
    } finally {
      await lax.close()
    }
  })
})
