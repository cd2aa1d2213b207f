import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Escott } from 'escott-core'
import type { Sandbox } from '../src/index.js'
import { aesDecrypt, aesEncrypt } from '../src/util.js'
import { parseForm } from '../src/wire.js'
import { AUT, CARD, client, codesOf, DEMO_CARD, formOf, postForm, receiver, start, today, wire } from './helpers.js'

let sb: Sandbox
let escott: Escott
const REDIRECT = 'http://127.0.0.1:9/3ds/return'
const TDS = '/online/tds/OTDS010.do'
const holder = { cardholderName: 'TARO YAMADA', email: 'taro@example.com', redirectUrl: REDIRECT }

beforeAll(async () => {
  sb = await start()
  escott = client(sb)
})
afterAll(() => sb.close())

/** What the shopper's browser does: post the form to OTDS010; returns the page (challenge or auto-post). */
async function browserPost(e: Escott, params: Parameters<Escott['threeDSecure']['createRequest']>[0]) {
  const req = e.threeDSecure.createRequest(params)
  return postForm(req.action, req.fields)
}

function resultOf(e: Escott, html: string) {
  const form = formOf(html)
  expect(form.action).toBe(REDIRECT)
  expect(Object.keys(form.fields)).toEqual(['MerchantId', 'EncryptValue'])
  return e.threeDSecure.parseResult(form.fields.EncryptValue!)
}

describe('3-D Secure authentication (3Secure) then 1Auth with the 3-D fields', () => {
  it('frictionless demo card: SecureResultCode 0, then the 3-D fields authorise exactly once', async () => {
    const token = await sb.createToken(DEMO_CARD)
    await escott.tokens.retrieve(token)
    const page = await browserPost(escott, { token, amount: 1200, ...holder })
    const result = resultOf(escott, page.html)
    expect(result.passed).toBe(true)
    expect(result.secureResultCode).toBe('0')
    expect(result.threeDSecure).toMatchObject({ transactionStatus3D: 'Y', eci3D: '05', messageVersionNo3D: '2.2.0', secureResultCode: '0' })
    expect(result.threeDSecure).not.toHaveProperty('transactionId3D')
    const tx = await escott.card.authorize({ amount: 1200, token, threeDSecure: result.threeDSecure! })
    expect(tx.status).toBe('authorized')
    const again = await sb.createToken(DEMO_CARD)
    expect(await codesOf(escott.card.authorize({ amount: 1200, token: again, threeDSecure: result.threeDSecure! }))).toEqual(['K35'])
  })

  it('3-D fields of another token give K35 (no authentication of that card); a tampered CAVV K35, ECI K36, status K33', async () => {
    const token = await sb.createToken(DEMO_CARD)
    const result = resultOf(escott, (await browserPost(escott, { token, amount: 100, ...holder })).html)
    const other = await sb.createToken(DEMO_CARD)
    expect(await codesOf(escott.card.authorize({ amount: 100, token: other, threeDSecure: result.threeDSecure! }))).toEqual(['K35'])
    expect(await codesOf(escott.card.authorize({ amount: 100, token, threeDSecure: { ...result.threeDSecure!, cavv3D: 'AAAA' } }))).toEqual(['K35'])
    expect(await codesOf(escott.card.authorize({ amount: 100, token, threeDSecure: { ...result.threeDSecure!, eci3D: '07' } }))).toEqual(['K36'])
    expect(await codesOf(escott.card.authorize({ amount: 100, token, threeDSecure: { ...result.threeDSecure!, transactionStatus3D: 'N' } }))).toEqual(['K33'])
    expect((await escott.card.authorize({ amount: 100, token, threeDSecure: result.threeDSecure! })).status).toBe('authorized')
  })

  it('every SecureResultCode is reachable by test card', async () => {
    const cases: Array<[string, string, boolean, string[]]> = [
      ['4000000000001000', '0', true, []],
      ['4000000000053001', '1', false, ['U04']],
      ['4000000000043002', '2', true, []],
      ['4000000000033003', '3', true, []],
      ['4000000000023004', '4', true, []],
      ['4000000000083008', '8', false, ['U14']],
      ['4000000000073009', '9', false, ['U95']],
    ]
    for (const [cardNo, src, passed, codes] of cases) {
      const token = await sb.createToken(CARD(cardNo))
      const r = resultOf(escott, (await browserPost(escott, { token, amount: 100, ...holder })).html)
      expect(r.secureResultCode, cardNo).toBe(src)
      expect(r.passed, cardNo).toBe(passed)
      if (codes.length) expect(r.error?.codes, cardNo).toEqual(codes)
      if (passed) expect((await escott.card.authorize({ amount: 100, token, threeDSecure: r.threeDSecure! })).status).toBe('authorized')
    }
  })

  it('a 3-D Secure merchant refuses a plain token 1Auth / 1Check with K06', async () => {
    const m = sb.createMerchant({ threeDSecure: 'required' })
    const e = client(sb, m)
    const token = await sb.createToken(DEMO_CARD, { merchantId: m.merchantId })
    expect(await codesOf(e.card.authorize({ amount: 100, token }))).toEqual(['K06'])
    expect(await codesOf(e.card.check({ token }))).toEqual(['K06'])
    const r = resultOf(e, (await browserPost(e, { token, amount: 100, ...holder })).html)
    expect((await e.card.authorize({ amount: 100, token, threeDSecure: r.threeDSecure! })).status).toBe('authorized')
  })

  it('a merchant without a 3-D Secure contract gets K06 from OTDS010', async () => {
    const m = sb.createMerchant({ threeDSecure: 'off' })
    const e = client(sb, m)
    const r = resultOf(e, (await browserPost(e, { token: await sb.createToken(DEMO_CARD, { merchantId: m.merchantId }), amount: 100, ...holder })).html)
    expect(r.passed).toBe(false)
    expect(r.error?.codes).toEqual(['K06'])
  })
})

describe('challenge flow over HTTP', () => {
  it('shows approve / fail buttons; approve authenticates, fail gives U04', async () => {
    for (const [action, src] of [
      ['approve', '0'],
      ['fail', '1'],
    ] as const) {
      const token = await sb.createToken(CARD('4000000000082000'))
      const page = await browserPost(escott, { token, amount: 5000, ...holder })
      expect(page.html).toContain('承認 (approve)')
      expect(page.html).toContain('失敗 (fail)')
      const session = /name="session" value="([0-9a-f]+)"/.exec(page.html)![1]!
      const done = await postForm(`${sb.url}/online/tds/OTDS010Challenge.do`, { session, action })
      const r = resultOf(escott, done.html)
      expect(r.secureResultCode).toBe(src)
      if (action === 'fail') expect(r.error?.codes).toEqual(['U04'])
      const replay = await postForm(`${sb.url}/online/tds/OTDS010Challenge.do`, { session, action })
      expect(replay.status).toBe(400)
    }
  })

  it('a ProcNo still open in another challenge gives K89', async () => {
    await browserPost(escott, { token: await sb.createToken(CARD('4000000000082000')), amount: 100, procNo: '7654321', ...holder })
    const second = resultOf(escott, (await browserPost(escott, { token: await sb.createToken(DEMO_CARD), amount: 100, procNo: '7654321', ...holder })).html)
    expect(second.error?.codes).toEqual(['K89'])
  })

  it('a challenge left open past the session timeout answers U06', async () => {
    const token = await sb.createToken(CARD('4000000000082000'))
    const page = await browserPost(escott, { token, amount: 100, ...holder })
    const session = /name="session" value="([0-9a-f]+)"/.exec(page.html)![1]!
    sb.clock.advance('41m')
    try {
      const r = resultOf(escott, (await postForm(`${sb.url}/online/tds/OTDS010Challenge.do`, { session, action: 'approve' })).html)
      expect(r.error?.codes).toEqual(['U06'])
    } finally {
      sb.clock.reset()
    }
  })
})

describe('unanswered challenges expire', () => {
  it('after 40 minutes of sandbox time the session is cleaned up: its ProcNo is free, a late answer gets U06, a day later the session is gone', async () => {
    const token = await sb.createToken(CARD('4000000000082000'))
    const page = await browserPost(escott, { token, amount: 100, procNo: 'EXP0001', merchantFree1: 'late-1', ...holder })
    const session = /name="session" value="([0-9a-f]+)"/.exec(page.html)![1]!
    const open = () => sb.snapshot().tdsSessions!.find((s) => s.id === session)
    expect(open()).toMatchObject({ fields: { Token: token } })
    expect(open()!.expired).toBeUndefined()
    sb.clock.advance('39m')
    const busy = resultOf(escott, (await browserPost(escott, { token: await sb.createToken(DEMO_CARD), amount: 100, procNo: 'EXP0001', ...holder })).html)
    expect(busy.error?.codes).toEqual(['K89'])
    sb.clock.advance('2m')
    try {
      expect(open()).toMatchObject({ expired: true, cardNo: '400000******2000' })
      expect(open()!.fields.Token).toBeUndefined()
      const reused = resultOf(escott, (await browserPost(escott, { token: await sb.createToken(DEMO_CARD), amount: 100, procNo: 'EXP0001', ...holder })).html)
      expect(reused.passed).toBe(true)
      const late = resultOf(escott, (await postForm(`${sb.url}/online/tds/OTDS010Challenge.do`, { session, action: 'approve' })).html)
      expect(late.error?.codes).toEqual(['U06'])
      expect(late.merchantFree1).toBe('late-1')
      // the expired challenge never consumed the token (KI2); it has simply outlived its own lifetime
      expect(await codesOf(escott.card.authorize({ amount: 100, token }))).toEqual(['KI3'])

      const other = await browserPost(escott, { token: await sb.createToken(CARD('4000000000082000')), amount: 100, ...holder })
      const forgotten = /name="session" value="([0-9a-f]+)"/.exec(other.html)![1]!
      sb.clock.advance('1d1h')
      expect(sb.snapshot().tdsSessions!.some((s) => s.id === forgotten)).toBe(false)
      expect((await postForm(`${sb.url}/online/tds/OTDS010Challenge.do`, { session: forgotten, action: 'approve' })).status).toBe(400)
    } finally {
      sb.clock.reset()
    }
  })
})

describe('merged flows: 1Auth / 1Gathering and 4MemAdd through OTDS010', () => {
  it('merged 1Auth returns ProcessId/ApproveNo; the transaction can then be captured', async () => {
    const token = await sb.createToken(DEMO_CARD)
    const r = resultOf(escott, (await browserPost(escott, { token, amount: 2500, flow: 'merged', ...holder })).html)
    expect(r.passed).toBe(true)
    expect(r.processId).toMatch(/^[0-9a-f]{32}$/)
    expect(r.approveNo).toMatch(/^\d{7}$/)
    await escott.card.capture({ processId: r.processId!, processPass: r.processPass! })
    expect(await codesOf(escott.card.authorize({ amount: 1, token }))).toEqual(['KI2'])
  })

  it('merged 1Gathering after a challenge can still be declined by the issuer (G92, G85)', async () => {
    for (const [cardNo, code] of [
      ['4000000000010092', 'G92'],
      ['3540000000090085', 'G85'],
    ] as const) {
      const token = await sb.createToken(CARD(cardNo))
      const page = await browserPost(escott, { token, amount: 100, flow: 'merged', capture: true, ...holder })
      const session = /name="session" value="([0-9a-f]+)"/.exec(page.html)![1]!
      const r = resultOf(escott, (await postForm(`${sb.url}/online/tds/OTDS010Challenge.do`, { session, action: 'approve' })).html)
      expect(r.secureResultCode).toBe('0')
      expect(r.processId).toBeUndefined()
      expect(r.error?.codes).toEqual([code])
    }
  })

  it('4MemAdd through 3-D Secure registers the member; merchant-initiated 1Auth then needs no 3-D fields even on a 3-D Secure merchant', async () => {
    const m = sb.createMerchant({ threeDSecure: 'required' })
    const e = client(sb, m)
    const member = { kaiinId: 'sub3ds1', kaiinPass: 'pass1234' }
    const token = await sb.createToken(DEMO_CARD, { merchantId: m.merchantId })
    const r = resultOf(e, (await browserPost(e, { token, member, registerMember: 'create', ...holder })).html)
    expect(r.passed).toBe(true)
    expect(r.kaiinId).toBe(member.kaiinId)
    expect((await e.members.retrieve(member)).kaiinStatus).toBe('0')
    // the registration's 3-D fields may accompany the first member payment
    expect((await e.card.authorize({ amount: 980, member, threeDSecure: r.threeDSecure! })).status).toBe('authorized')
    // later recurring charges go without them
    expect((await e.card.authorize({ amount: 980, member })).status).toBe('authorized')
    // a member registered without 3-D Secure cannot
    const plain = { kaiinId: 'plain01', kaiinPass: 'pass1234' }
    await e.members.create({ ...plain, token: await sb.createToken(DEMO_CARD, { merchantId: m.merchantId }) })
    expect(await codesOf(e.card.authorize({ amount: 980, member: plain }))).toEqual(['K06'])
  })
})

describe('OTDS010 request checks', () => {
  const m = () => sb.merchant
  const encrypt = (fields: Record<string, string>) =>
    aesEncrypt(
      Object.entries(fields)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&'),
      m().threeDSecure.aesKey,
      m().threeDSecure.aesIv,
    )
  const base = async () => ({
    MerchantPass: m().merchantPass,
    TransactionDate: today(),
    OperateId: '3Secure',
    TenantId: m().tenantId,
    Token: await sb.createToken(DEMO_CARD),
    Amount: '100',
    ProcNo: '0000001',
    RedirectUrl: REDIRECT,
    BillingFullName: 'TARO YAMADA',
    BillingEmail: 'taro@example.com',
  })
  const decrypt = (html: string) => parseForm(aesDecrypt(formOf(html).fields.EncryptValue!, m().threeDSecure.aesKey, m().threeDSecure.aesIv))

  it('refuses a RedirectUrl longer than 64 characters with an error page', async () => {
    const long = 'http://127.0.0.1:9/' + 'x'.repeat(46)
    const page = await postForm(sb.url + TDS, { MerchantId: m().merchantId, EncryptValue: encrypt({ ...(await base()), RedirectUrl: long }) })
    expect(long.length).toBe(65)
    expect(page.status).toBe(400)
    expect(page.html).toContain('64')
  })

  it('returns field errors encrypted to RedirectUrl: missing BillingEmail (U13), bad ProcNo (K86), wrong MerchantPass (K03)', async () => {
    const { BillingEmail: _drop, ...noEmail } = await base()
    expect(decrypt((await postForm(sb.url + TDS, { MerchantId: m().merchantId, EncryptValue: encrypt(noEmail) })).html).ResponseCd).toBe('U13')
    expect(decrypt((await postForm(sb.url + TDS, { MerchantId: m().merchantId, EncryptValue: encrypt({ ...(await base()), ProcNo: '12' }) })).html).ResponseCd).toBe('K86')
    expect(decrypt((await postForm(sb.url + TDS, { MerchantId: m().merchantId, EncryptValue: encrypt({ ...(await base()), MerchantPass: 'x' }) })).html).ResponseCd).toBe('K03')
  })

  it('the decrypted result carries every documented field', async () => {
    const r = decrypt((await postForm(sb.url + TDS, { MerchantId: m().merchantId, EncryptValue: encrypt({ ...(await base()), MerchantFree1: 'ord-9' }) })).html)
    // The nine fields the plugins read from a 3Secure result (WooCommerce class-spfwc-payment-response-handler.php:172-198)
    // and the common ones; no TransactionId3D (no plugin reads it).
    for (const k of [
      'MerchantId',
      'TransactionId',
      'TransactionDate',
      'OperateId',
      'MerchantFree1',
      'MerchantFree2',
      'MerchantFree3',
      'ProcNo',
      'ResponseCd',
      'SecureResultCode',
      'MessageVersionNo3D',
      'EncodeXId3D',
      'TransactionStatus3D',
      'CAVVAlgorithm3D',
      'CAVV3D',
      'ECI3D',
      'DSTransactionId',
      'ThreeDSServerTransactionId',
    ])
      expect(r, k).toHaveProperty(k)
    expect(r).not.toHaveProperty('TransactionId3D')
    expect(r).toMatchObject({ MerchantFree1: 'ord-9', ProcNo: '0000001', OperateId: '3Secure', ResponseCd: 'OK' })
  })

  it('an undecryptable EncryptValue or unknown MerchantId gives an error page', async () => {
    const bad = await postForm(sb.url + TDS, { MerchantId: m().merchantId, EncryptValue: 'bm90IGVuY3J5cHRlZA==' })
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('K01')
    const unknown = await postForm(sb.url + TDS, { MerchantId: 'nobody', EncryptValue: encrypt(await base()) })
    expect(unknown.html).toContain('K02')
  })

  it('a plain 1Auth with 3-D fields to a merchant without 3-D Secure gives K06', async () => {
    const mm = sb.createMerchant({ threeDSecure: 'off' })
    const r = await wire(sb, mm)(AUT, { OperateId: '1Auth', Token: await sb.createToken(DEMO_CARD, { merchantId: mm.merchantId }), Amount: 100, TransactionId3D: 'abc' })
    expect(r.ResponseCd).toBe('K06')
  })
})

describe('PostUrl delivery and its race with the browser return', () => {
  it('post-first: the server POST has arrived before the browser gets its page; same MerchantId + EncryptValue', async () => {
    const merchantSide = await receiver()
    sb.config.threeDSecure.postUrlOrder = 'post-first'
    try {
      const page = await browserPost(escott, { token: await sb.createToken(DEMO_CARD), amount: 100, ...holder, postUrl: merchantSide.url + '/3ds/post' })
      expect(merchantSide.received).toHaveLength(1)
      expect(merchantSide.received[0]!.body).toEqual(formOf(page.html).fields)
    } finally {
      sb.config.threeDSecure.postUrlOrder = 'browser-first'
      await merchantSide.close()
    }
  })

  it('browser-first with a delay: the page comes first, the POST later', async () => {
    const merchantSide = await receiver()
    sb.config.threeDSecure.postUrlDelayMs = 300
    try {
      const page = await browserPost(escott, { token: await sb.createToken(DEMO_CARD), amount: 100, ...holder, postUrl: merchantSide.url + '/3ds/post' })
      expect(merchantSide.received).toHaveLength(0)
      const [got] = await merchantSide.waitFor(1)
      expect(escott.threeDSecure.parseResult(got!.body.EncryptValue!).passed).toBe(true)
      expect(got!.body.EncryptValue).toBe(formOf(page.html).fields.EncryptValue)
      await expect.poll(() => sb.postUrlDeliveries().at(-1)?.status).toBe(200)
    } finally {
      sb.config.threeDSecure.postUrlDelayMs = 0
      await merchantSide.close()
    }
  })
})
