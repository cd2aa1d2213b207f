/**
 * Issue 8: escott-core sends what the gateway's own integrations send. One test per finding of the cross-check in
 * docs/protocol-decisions.md (table "Operation × field"); each cites the source it follows. Sources:
 * E2 = bluestylejp-toya/bluestyle@870d9e70 data/downloads/module/mdl_sln (Sony Payment Services' EC-CUBE 2 module),
 * E42 = artemsyvko/shop-toreca app/Plugin/SlnPayment42, Woo = common-repository/woo-sonypayment includes/,
 * WooL = common-repository/sonypayment-light-for-woocommerce includes/, WC = WordPressBugBounty/plugins-usc-e-shop
 * usc-e-shop/classes/paymentESCOTT.main.class.php, CS = zeds/ec-glocal.biz app/addons/smartlink.
 */
import { describe, expect, it } from 'vitest'
import { EscottCardDeclinedError, EscottValidationError, toFullWidth, toHalfWidthKatakana } from '../src/index.js'
import { aesEncrypt, encodeForm, tokyoDate } from '../src/wire-exports.js'
import { makeEscott, SECRETS, TOKEN } from './helpers/fake-fetch.js'

const keys = { aesKey: SECRETS.aesKey, aesIv: SECRETS.aesIv }
const approved = { ResponseCd: 'OK', ProcessId: 'P'.repeat(32), ProcessPass: 'Q'.repeat(32), CompanyCd: 'Y2', ApproveNo: '1234567' }
const ref = { processId: 'P'.repeat(32), processPass: 'Q'.repeat(32) }
const holder = { cardholderName: 'TARO YAMADA', email: 'taro@example.jp', redirectUrl: 'https://shop.example.jp/3ds/return' }
const result = (fields: Record<string, string>) => aesEncrypt(encodeForm({ TransactionId: '99', TransactionDate: tokyoDate(), ...fields }), keys)

async function validationOf(p: Promise<unknown> | (() => unknown)): Promise<EscottValidationError> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (e) {
    if (e instanceof EscottValidationError) return e
    throw e
  }
  throw new Error('expected an EscottValidationError')
}

describe('authentication assist on 1Auth / 1Check', () => {
  it('TelNo is the last 4 digits: "5678" is sent as is, a whole number is reduced to its last 4 digits', async () => {
    // E42 Service/SlnContent/Credit/Master.php:80 「(認証アシスト項目)電話番号下4ケタです。」, E42 errors.yml:25 K28
    // 電話番号下4桁精査エラー; E2 class/SLN_C_Base.php:89 「クレジットカードの場合は下4ケタ」, templates/default/bloc/sln_credit.tpl:171.
    const { escott, calls } = makeEscott(() => approved)
    for (const telNo of ['5678', '090-1234-5678', '０９０１２３４５６７８', '03 1234 5678']) {
      await escott.card.authorize({ amount: 100, token: TOKEN, authAssist: { telNo } })
      expect(calls.at(-1)!.fields.TelNo, telNo).toBe('5678')
    }
    await escott.card.check({ token: TOKEN, authAssist: { telNo: '0312345678' } })
    expect(calls.at(-1)!.fields).toMatchObject({ OperateId: '1Check', TelNo: '5678' })
  })

  it('a TelNo that is neither 4 digits nor a whole number is refused before sending, naming the field', async () => {
    const { escott, calls } = makeEscott(() => approved)
    for (const telNo of ['123', '12345', '56 78 9', 'abcd']) {
      const e = await validationOf(escott.card.authorize({ amount: 100, token: TOKEN, authAssist: { telNo } }))
      expect(e.issues[0]!.field, telNo).toBe('authAssist.telNo')
      expect(e.issues[0]!.message).toMatch(/last 4 digits/)
    }
    expect(calls).toHaveLength(0)
  })

  it('KanaSei / KanaMei go as half-width katakana, whatever kana the shopper typed', async () => {
    // E2 class/SLN_C_Base.php:122-124 and E42 Service/SlnAction/Content/Basic.php:63-65: mb_convert_kana($v, 'kha').
    const { escott, calls } = makeEscott(() => approved)
    await escott.card.authorize({ amount: 100, token: TOKEN, authAssist: { kanaSei: 'やまだ', kanaMei: 'ジロウ' } })
    expect(calls[0]!.fields).toMatchObject({ KanaSei: 'ﾔﾏﾀﾞ', KanaMei: 'ｼﾞﾛｳ' })
    await escott.card.authorize({ amount: 100, token: TOKEN, authAssist: { kanaSei: 'ｻﾄｳ', kanaMei: 'ハナコ' } })
    expect(calls[1]!.fields).toMatchObject({ KanaSei: 'ｻﾄｳ', KanaMei: 'ﾊﾅｺ' })
  })

  it("KanaSei must be kana, at most 10 (the limit of the gateway modules' own forms)", async () => {
    // E2 class/SLN_Credit.php:33 (10, KANA_CHECK); E42 Form/Type/CardType.php:117-127 (max 10, /^[ァ-ヶｦ-ﾟー]+$/u).
    const { escott } = makeEscott(() => approved)
    expect((await validationOf(escott.card.authorize({ amount: 100, token: TOKEN, authAssist: { kanaSei: 'Yamada' } }))).issues[0]!.field).toBe('authAssist.kanaSei')
    expect((await validationOf(escott.card.authorize({ amount: 100, token: TOKEN, authAssist: { kanaMei: 'アイウエオカキクケコサ' } }))).issues[0]!.message).toMatch(/10/)
    // ガ counts as one kana although it is sent as two half-width characters (ｶﾞ).
    await escott.card.authorize({ amount: 100, token: TOKEN, authAssist: { kanaMei: 'ガギグゲゴザジズゼゾ' } })
  })
})

describe('3-D Secure: authentication (3Secure), then 1Auth with the result', () => {
  // A 3Secure result as the gateway returns it: no TransactionId3D (the plugins never read one).
  const threeD = {
    EncodeXId3D: 'eG1s',
    MessageVersionNo3D: '2.2.0',
    TransactionStatus3D: 'Y',
    CAVVAlgorithm3D: '2',
    ECI3D: '05',
    CAVV3D: 'AAABBBCCC+/=',
    DSTransactionId: 'f9b2a7e0-ds',
    ThreeDSServerTransactionId: '3c51d1a2-srv',
  }

  it('1Auth forwards EncodeXId3D, MessageVersionNo3D, TransactionStatus3D, CAVVAlgorithm3D, ECI3D, CAVV3D, SecureResultCode, DSTransactionId and ThreeDSServerTransactionId, and needs no TransactionId3D', async () => {
    // Woo class-spfwc-payment-gateway.php:744-771 (and the response handler :172-198 that hands them over), WooL
    // class-spfwc-light-payment-gateway.php:595-621, WC paymentESCOTT.main.class.php:1422-1450.
    const { escott, calls } = makeEscott(() => approved)
    const r = escott.threeDSecure.parseResult(result({ OperateId: '3Secure', ResponseCd: 'OK', SecureResultCode: '0', MerchantFree1: 'order-3', ProcNo: '1234567', ...threeD }))
    expect(r.passed).toBe(true)
    await escott.card.authorize({ amount: 5000, token: TOKEN, merchantFree1: 'order-3', threeDSecure: r.threeDSecure! })
    expect(calls[0]!.fields).toEqual({
      MerchantId: 'M000001',
      MerchantPass: SECRETS.merchantPass,
      TransactionDate: tokyoDate(),
      OperateId: '1Auth',
      TenantId: '0001',
      MerchantFree1: 'order-3',
      Token: TOKEN,
      PayType: '01',
      Amount: '5000',
      ...threeD,
      SecureResultCode: '0',
    })
    expect(calls[0]!.fields).not.toHaveProperty('TransactionId3D')
  })

  it('a frictionless result without CAVV (SecureResultCode 3) still authorises with the fields it has', async () => {
    const { escott, calls } = makeEscott(() => approved)
    const r = escott.threeDSecure.parseResult(
      result({ OperateId: '3Secure', ResponseCd: 'OK', SecureResultCode: '3', MessageVersionNo3D: '2.2.0', TransactionStatus3D: 'U', ThreeDSServerTransactionId: 'srv-3' }),
    )
    await escott.card.authorize({ amount: 100, token: TOKEN, threeDSecure: r.threeDSecure! })
    expect(calls[0]!.fields).toMatchObject({ SecureResultCode: '3', MessageVersionNo3D: '2.2.0', TransactionStatus3D: 'U', ThreeDSServerTransactionId: 'srv-3' })
    expect(calls[0]!.fields).not.toHaveProperty('CAVV3D')
  })

  it('SecureResultCode decides a 3Secure result: 2, 3, 4 continue to 1Auth even when ResponseCd carries a U-code; 1, 8, 9 stop', () => {
    // Woo class-spfwc-payment-response-handler.php:106-119, WooL :109, WC paymentESCOTT.main.class.php:1091-1117:
    // only 1/8/9 redirect to the error page; ResponseCd is not consulted before 1Auth.
    const { escott } = makeEscott(() => ({}))
    for (const [src, cd] of [
      ['2', 'U01'],
      ['3', 'U02'],
      ['4', 'U15'],
      ['0', 'OK'],
    ] as const) {
      const r = escott.threeDSecure.parseResult(result({ OperateId: '3Secure', ResponseCd: cd, SecureResultCode: src, MessageVersionNo3D: '2.2.0' }))
      expect(r.passed, src).toBe(true)
      expect(r.responseCodes).toEqual([cd])
    }
    for (const [src, cd] of [
      ['1', 'U04'],
      ['8', 'U14'],
      ['9', 'U95'],
    ] as const) {
      const r = escott.threeDSecure.parseResult(result({ OperateId: '3Secure', ResponseCd: cd, SecureResultCode: src }))
      expect(r.passed, src).toBe(false)
      expect(r.error?.codes).toEqual([cd])
    }
  })

  it('threeDSecure.requireResponseOk makes a 3Secure result pass only with ResponseCd OK too', () => {
    const { escott } = makeEscott(() => ({}), { threeDSecure: { ...keys, requireResponseOk: true } })
    const r = escott.threeDSecure.parseResult(result({ OperateId: '3Secure', ResponseCd: 'U01', SecureResultCode: '2' }))
    expect(r.passed).toBe(false)
    expect(r.error?.codes).toEqual(['U01'])
  })

  it('a merged 1Auth result passes only with ResponseCd OK (SecureResultCode only explains a refusal)', () => {
    // E2 copy/sln_3d.php:43-80 and E42 Service/SlnAction/Credit.php:883-922: ResponseCd ≠ OK fails, with the
    // SecureResultCode 2/3/4/8/9 message; ResponseCd OK succeeds.
    const { escott } = makeEscott(() => ({}))
    const refused = escott.threeDSecure.parseResult(result({ OperateId: '1Auth', ResponseCd: 'U01', SecureResultCode: '2', MessageVersionNo3D: '2.2.0' }))
    expect(refused.passed).toBe(false)
    expect(refused.error?.codes).toEqual(['U01'])
    const ok = escott.threeDSecure.parseResult(result({ OperateId: '1Auth', SecureResultCode: '2', ...approved }))
    expect(ok).toMatchObject({ passed: true, processId: approved.ProcessId })
  })

  it('the member payment after a 3-D Secure registration forwards the same fields (and a TransactionId3D only if the result had one)', async () => {
    // Woo class-spfwc-payment-response-handler.php:337-370 (link type: 4MemAdd result → member 1Auth with the nine);
    // CS app/payments/smartlink_cctkn.php:100-106 keeps TransactionId3D from its 3-D Secure 1.0 registrations.
    const { escott, calls } = makeEscott(() => approved)
    const reg = escott.threeDSecure.parseResult(result({ OperateId: '4MemAdd', ResponseCd: 'OK', SecureResultCode: '0', KaiinId: 'C1', ...threeD }))
    expect(reg.passed).toBe(true)
    await escott.card.authorize({ amount: 100, member: { kaiinId: 'C1', kaiinPass: 'pw1' }, threeDSecure: reg.threeDSecure! })
    expect(calls[0]!.fields).toMatchObject({ KaiinId: 'C1', ...threeD, SecureResultCode: '0' })
    expect(calls[0]!.fields).not.toHaveProperty('TransactionId3D')
    const legacy = escott.threeDSecure.parseResult(result({ OperateId: '4MemAdd', ResponseCd: 'OK', MessageVersionNo3D: '1.0.2', TransactionId3D: 'xid-1', CAVV3D: 'AAA=' }))
    await escott.card.authorize({ amount: 100, member: { kaiinId: 'C1', kaiinPass: 'pw1' }, threeDSecure: legacy.threeDSecure! })
    expect(calls[1]!.fields).toMatchObject({ TransactionId3D: 'xid-1', MessageVersionNo3D: '1.0.2' })
  })

  it('threeDSecure data that is not a parseResult result is refused before sending', async () => {
    const { escott, calls } = makeEscott(() => approved)
    const e = await validationOf(escott.card.authorize({ amount: 100, token: TOKEN, threeDSecure: { cavv3D: 'AAA=' } }))
    expect(e.issues[0]!.field).toBe('threeDSecure')
    expect(calls).toHaveLength(0)
  })

  it('RedirectUrl: at most 64 characters by default, threeDSecure.maxRedirectUrlLength allows longer ones', () => {
    // 64: the Salesforce cartridge's documentation (SF); CS func.php:882-894 sends longer ones (session id appended).
    const long = 'https://shop.example.jp/checkout/3ds/return?order=' + 'x'.repeat(40)
    const strict = makeEscott(() => ({})).escott
    expect(() => strict.threeDSecure.createRequest({ ...holder, redirectUrl: long, token: TOKEN, amount: 100 })).toThrow(/at most 64/)
    const lax = makeEscott(() => ({}), { threeDSecure: { ...keys, maxRedirectUrlLength: 256 } }).escott
    expect(lax.threeDSecure.createRequest({ ...holder, redirectUrl: long, token: TOKEN, amount: 100 }).operation).toBe('3Secure')
  })
})

describe('card follow-ups', () => {
  it('1Capture, 1Change, 1Delete, 1ReAuth and 1Search carry TenantId; sendTenantIdOnFollowUps: false leaves it out', async () => {
    // Sent: E2 class/SLN_C_Util.php:80,161,273,350; Woo class-spfwc-admin-order.php:402,491,581,667,879;
    // WelcartPay paymentWelcart.class.php:2847. Not sent: E42 Service/SlnAction/Content/Credit/Request/Capture.php.
    const { escott, calls } = makeEscott(() => approved)
    await escott.card.capture(ref)
    await escott.card.changeAmount({ ...ref, amount: 900 })
    await escott.card.cancel(ref)
    await escott.card.reauthorize({ ...ref, amount: 900 })
    await escott.card.retrieve(ref)
    expect(calls.map((c) => [c.fields.OperateId, c.fields.TenantId])).toEqual([
      ['1Capture', '0001'],
      ['1Change', '0001'],
      ['1Delete', '0001'],
      ['1ReAuth', '0001'],
      ['1Search', '0001'],
    ])
    const e42 = makeEscott(() => approved, { sendTenantIdOnFollowUps: false })
    await e42.escott.card.capture(ref)
    expect(e42.calls[0]!.fields).not.toHaveProperty('TenantId')
  })

  it('a SalesDate in the future is refused before sending (the gateway answers K39)', async () => {
    // WC paymentESCOTT.main.class.php:3682 (K39): 「YYYYMMDD形式では無い、または未来日付」.
    const { escott, calls } = makeEscott(() => approved)
    const tomorrow = new Date(Date.now() + 36 * 3600_000)
    expect((await validationOf(escott.card.capture({ ...ref, salesDate: tomorrow }))).issues[0]!.field).toBe('salesDate')
    expect((await validationOf(escott.card.reauthorize({ ...ref, amount: 100, salesDate: '29991231' }))).issues[0]!.message).toMatch(/K39/)
    expect(calls).toHaveLength(0)
    await escott.card.capture({ ...ref, salesDate: tokyoDate() })
    expect(calls[0]!.fields.SalesDate).toBe(tokyoDate())
  })
})

describe('2Add (convenience store / Pay-easy / e-money)', () => {
  const shopper = { nameKanji: 'ﾔﾏﾀﾞ Taro', nameKana: 'やまだ たろう', telNo: '03-1234-5678', productName: 'Tシャツ ｻｲｽﾞM' }

  it("NameKanji, ShouhinName, Free1–Free16 and Comment go full width, with E2's mapping of \" ' \\ ~", async () => {
    // E2 class/SLN_C_Base.php:82,157-174 (KVSA / ASK), class/SLN_Util.php:210 (ShouhinName KVSA, 16) and :233-254
    // (" ' \ ~ → ＂ ＇ ＼ ～); E42 Service/SlnAction/Content/Basic.php:53-83; WC paymentESCOTT.main.class.php:1663-1664.
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK', ProcessId: 'P1', ProcessPass: 'Q1', KessaiNumber: '1', FreeArea: 'F' }))
    await escott.cvs.create({
      amount: 1000,
      payLimit: 7,
      ...shopper,
      freeAreas: ['Size "L"', "it's 100%"],
      guidance: ['Thank you ~ see you', '', 'C:\\path'],
    })
    expect(calls[0]!.fields).toMatchObject({
      NameKanji: 'ヤマダ　Ｔａｒｏ',
      NameKana: 'ヤマダ　タロウ',
      ShouhinName: 'Ｔシャツ　サイズＭ',
      Free1: 'Ｓｉｚｅ　＂Ｌ＂',
      Free2: 'ｉｔ＇ｓ　１００％',
      Comment: 'Ｔｈａｎｋ　ｙｏｕ　～　ｓｅｅ　ｙｏｕ',
      Free9: 'Ｃ：＼ｐａｔｈ',
    })
    expect(calls[0]!.fields).not.toHaveProperty('Free8') // an empty guidance line is not sent
    expect(toFullWidth('"\'\\~')).toBe('＂＇＼～')
  })

  it('ShouhinName is at most 16 characters after conversion; longer is refused with the fix', async () => {
    const { escott } = makeEscott(() => ({ ResponseCd: 'OK' }))
    const e = await validationOf(escott.cvs.create({ amount: 1000, payLimit: 7, ...shopper, productName: 'オーガニックコットンTシャツ ｻｲｽﾞXL' }))
    expect(e.issues[0]).toMatchObject({ field: 'productName' })
    expect(e.issues[0]!.message).toMatch(/16 characters \(ShouhinName/)
  })

  it('Free17 and Title refuse & < > " \' *, Free18 is digits and hyphens (≤ 12), Free19 half-width (≤ 11)', async () => {
    // E2 class/SLN_Config.php:286-289 (lengths, conversions), :329-331 (Free18 半角数字ハイフン), :437-460 (prohibited).
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK', ProcessId: 'P1', ProcessPass: 'Q1', KessaiNumber: '1', FreeArea: 'F' }))
    await escott.cvs.create({ amount: 1000, payLimit: 7, ...shopper, contact: { name: 'サポート窓口', tel: '０３－１２３４－５６７８', hours: '１０:00-18:00' }, title: 'お支払いのご案内' })
    expect(calls[0]!.fields).toMatchObject({ Free17: 'サポート窓口', Free18: '03-1234-5678', Free19: '10:00-18:00', Title: 'お支払いのご案内' })
    for (const [override, field] of [
      [{ contact: { name: 'A&B' } }, 'contact.name'],
      [{ title: '<b>ご案内</b>' }, 'title'],
      [{ contact: { tel: '03-1234-5678-9' } }, 'contact.tel'],
      [{ contact: { hours: '平日10時から' } }, 'contact.hours'],
    ] as const) {
      const e = await validationOf(escott.cvs.create({ amount: 1000, payLimit: 7, ...shopper, ...override }))
      expect(e.issues[0]!.field).toBe(field)
    }
  })

  it("TelNo with telNoFormat 'asEntered' is sent half-width with its hyphens, and refused over 13 characters (K28)", async () => {
    // WC paymentESCOTT.main.class.php:3655 (K28): 「オンライン収納で「半角数字ハイフン≦13桁では無い」」; E2 class/SLN_C_Base.php:93-97.
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK', ProcessId: 'P1', ProcessPass: 'Q1', KessaiNumber: '1', FreeArea: 'F' }), { telNoFormat: 'asEntered' })
    await escott.cvs.create({ amount: 1000, payLimit: 7, ...shopper, telNo: '０９０－１２３４－５６７８' })
    expect(calls[0]!.fields.TelNo).toBe('090-1234-5678')
    const e = await validationOf(escott.cvs.create({ amount: 1000, payLimit: 7, ...shopper, telNo: '090--1234--5678' }))
    expect(e.issues[0]!.message).toMatch(/13/)
  })
})

describe('answers and references', () => {
  it('reads answers unencoded as the gateway sends them: a raw | splits ResponseCd, + and a second = are kept', async () => {
    // E2 class/SLN_C_Base.php:444-450, E42 Service/Util.php:208-215, CS func.php:1507-1512 split on & and = without
    // decoding, and split ResponseCd on a raw | (E2 :467-476): the gateway does not percent-encode its answers.
    const { escott } = makeEscott(() => new Response('TransactionId=1&OperateId=2Add&ResponseCd=OK&ProcessId=P1&ProcessPass=Q1&KessaiNumber=123&FreeArea=ab+c/d=='))
    const p = await escott.cvs.create({ amount: 1000, payLimit: 7, nameKanji: '山田', nameKana: 'ヤマダ', telNo: '0312345678', productName: '商品' })
    expect(p.freeArea).toBe('ab+c/d==')
    const refused = makeEscott(() => new Response('TransactionId=1&OperateId=1Auth&ResponseCd=K20|K21'))
    const e = await refused.escott.card.authorize({ amount: 100, token: TOKEN }).catch((x: unknown) => x)
    expect((e as { codes: string[] }).codes).toEqual(['K20', 'K21'])
  })

  it("MerchantFree1–3 with '&' are refused: the answer echoes them unencoded", async () => {
    const { escott, calls } = makeEscott(() => approved)
    expect((await validationOf(escott.card.authorize({ amount: 100, token: TOKEN, merchantFree1: 'a&b' }))).issues[0]!.field).toBe('merchantFree1')
    expect((await validationOf(escott.card.authorize({ amount: 100, token: TOKEN, merchantFree3: '山田&佐藤' }))).issues[0]!.field).toBe('merchantFree3')
    expect(calls).toHaveLength(0)
  })

  it('1TokenSearch: a TokenResponseCd other than OK is a refusal, even with ResponseCd OK', async () => {
    // Woo class-spfwc-payment-gateway.php:781 and WC paymentESCOTT.main.class.php:1467, :3395: both codes must be OK.
    const { escott } = makeEscott(() => ({ ResponseCd: 'OK', TokenResponseCd: 'C13', CardNo: '400000******1000' }))
    const e = await escott.tokens.retrieve(TOKEN).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(EscottCardDeclinedError)
    expect((e as EscottCardDeclinedError).codes).toEqual(['C13'])
    const fine = makeEscott(() => ({ ResponseCd: 'OK', TokenResponseCd: 'OK', CardNo: '400000******1000', CardExp: '2812' }))
    expect(await fine.escott.tokens.retrieve(TOKEN)).toMatchObject({ maskedCardNo: '400000******1000', cardExp: '2812' })
  })

  it('members.create({ cardRefresh }) sends EnableCheckUseKbn, which E42 documents as 洗替使用区分', async () => {
    // E42 Service/SlnContent/Credit/Member.php:66-69 「洗替使用区分」.
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK' }))
    await escott.members.create({ kaiinId: 'C1', kaiinPass: 'pw1', token: TOKEN, cardRefresh: false })
    expect(calls[0]!.fields.EnableCheckUseKbn).toBe('0')
  })

  it('text.ts converts the way mb_convert_kana does', () => {
    expect(toHalfWidthKatakana('ヴァイオリン・パーク')).toBe('ｳﾞｧｲｵﾘﾝ･ﾊﾟｰｸ')
    expect(toFullWidth('ｶﾞｷﾞ 1-2')).toBe('ガギ　１－２')
  })
})
