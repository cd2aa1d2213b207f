import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CVS_MAX_PAY_LIMIT_DAYS, EscottNotificationError, EscottValidationError, NOTIFICATION_ACK } from '../src/index.js'
import { tokyoDate } from '../src/wire-exports.js'
import { makeEscott, SECRETS } from './helpers/fake-fetch.js'

const shopper = { nameKanji: '山田 太郎', nameKana: 'やまだ たろう', telNo: '03-1234-5678', productName: 'テスト商品' }
const registered = { ResponseCd: 'OK', ProcessId: 'P'.repeat(32), ProcessPass: 'Q'.repeat(32), KessaiNumber: '1234567890123', FreeArea: 'Zm9vYmFy+/==' }

afterEach(() => vi.useRealTimers())

describe('cvs.create (2Add)', () => {
  it('sends the exact fields: PayLimit = 23:59 JST N days later, kana normalised, TelNo digits only', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-11-23T16:30:00Z')) // 2026-11-24 01:30 in Tokyo
    const { escott, calls } = makeEscott(() => registered)
    const p = await escott.cvs.create({ amount: 3300, payLimit: 7, ...shopper, merchantFree1: 'order-5' })
    expect(calls[0]!.url).toBe('https://www.test.e-scott.jp/online/cnv/OCNV005.do')
    expect(calls[0]!.fields).toEqual({
      MerchantId: 'M000001',
      MerchantPass: SECRETS.merchantPass,
      TransactionDate: '20261124',
      OperateId: '2Add',
      MerchantFree1: 'order-5',
      Amount: '3300',
      PayLimit: '202612012359',
      NameKanji: '山田　太郎', // full width, space included (E2 SLN_C_Base.php:82 mb_convert_kana 'KVSA')
      NameKana: 'ヤマダ　タロウ',
      TelNo: '0312345678',
      ShouhinName: 'テスト商品',
    })
    expect(p).toMatchObject({
      processId: 'P'.repeat(32),
      kessaiNumber: '1234567890123',
      freeArea: 'Zm9vYmFy+/==',
      paymentPageUrl: 'https://link.kessai.info/JLPCT/JLPcon?code=Zm9vYmFy%2B%2F%3D%3D&rkbn=1',
      paymentPageUrlForMail: 'https://link.kessai.info/JLPCT/JLPcon?code=Zm9vYmFy%2B%2F%3D%3D&rkbn=2',
      amount: 3300,
    })
    expect(p.payLimit.toISOString()).toBe('2026-12-01T14:59:00.000Z')
  })

  it('points the payment-place page at baseUrl when a local gateway is used', async () => {
    const { escott } = makeEscott(() => registered, { baseUrl: 'http://127.0.0.1:8731/' })
    const p = await escott.cvs.create({ amount: 100, payLimit: 3, ...shopper })
    expect(p.paymentPageUrl.startsWith('http://127.0.0.1:8731/JLPCT/JLPcon?code=')).toBe(true)
    expect(escott.tokens.scriptUrl().startsWith('http://127.0.0.1:8731/euser/stn/CdGetJavaScript.do?k_TokenNinsyoCode=')).toBe(true)
  })

  it.each([
    [{ amount: 300_000 }, 'amount'],
    [{ productName: 'あ'.repeat(17) }, 'productName'],
    [{ nameKana: 'Yamada' }, 'nameKana'],
    [{ nameKanji: 'ﾔﾏﾀﾞ' + 'x'.repeat(30) }, 'nameKanji'],
    [{ telNo: '12345' }, 'telNo'],
    [{ payLimit: 1.5 }, 'payLimit'],
  ])('rejects %j before sending', async (override, field) => {
    const { escott, calls } = makeEscott(() => registered)
    const error = await escott.cvs.create({ amount: 100, payLimit: 7, ...shopper, ...override } as never).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottValidationError)
    expect((error as EscottValidationError).field).toBe(field)
    expect(calls).toHaveLength(0)
  })

  it('refuses a payment deadline beyond 60 days, in days or as a date, and accepts 60', async () => {
    const { escott, calls } = makeEscott(() => registered)
    for (const payLimit of [61, 365, new Date(Date.now() + 62 * 86_400_000)]) {
      const error = await escott.cvs.create({ amount: 100, payLimit, ...shopper }).catch((e: unknown) => e)
      expect(error, String(payLimit)).toBeInstanceOf(EscottValidationError)
      expect((error as EscottValidationError).field).toBe('payLimit')
      expect((error as EscottValidationError).message).toMatch(/60 days/)
    }
    const updated = await escott.cvs.update({ processId: 'P1', processPass: 'Q1', payLimit: 61 }).catch((e: unknown) => e)
    expect(updated).toBeInstanceOf(EscottValidationError)
    expect(calls).toHaveLength(0)
    await escott.cvs.create({ amount: 100, payLimit: CVS_MAX_PAY_LIMIT_DAYS, ...shopper })
    expect(calls).toHaveLength(1)
  })

  it('2Chg returns the new payment number; 2Del and 2Ref', async () => {
    const { escott, calls } = makeEscott((c) =>
      c.fields.OperateId === '2Chg'
        ? { ...registered, KessaiNumber: '999', FreeArea: 'NEW' }
        : c.fields.OperateId === '2Ref'
          ? { ResponseCd: 'OK', Amount: '3300', CvsCd: 'SEV', NyukinDate: '20261125103000', StampFlag: '0' }
          : { ResponseCd: 'OK' },
    )
    const ref = { processId: 'P'.repeat(32), processPass: 'Q'.repeat(32) }
    const changed = await escott.cvs.update({ ...ref, amount: 2000 })
    expect(calls[0]!.fields).toMatchObject({ OperateId: '2Chg', Amount: '2000', ProcessId: ref.processId })
    expect(changed.kessaiNumber).toBe('999')
    expect(changed.paymentPageUrl).toContain('code=NEW')
    expect(changed.amount).toBe(2000)
    expect(changed.payLimit).toBeUndefined() // not changed, and 2Chg does not echo it
    await escott.cvs.cancel(ref)
    expect(calls[1]!.fields.OperateId).toBe('2Del')
    const info = await escott.cvs.retrieve(ref)
    expect(info).toMatchObject({ paid: true, amount: 3300, cvsCd: 'SEV', cvsName: { ja: 'セブン-イレブン', en: '7-Eleven' } })
    expect(info.paidAt?.toISOString()).toBe('2026-11-25T01:30:00.000Z')
  })
})

describe('cvs.verifyNotification', () => {
  const { escott } = makeEscott(() => ({}))
  const notice = (over: Record<string, string> = {}) => {
    const f: Record<string, string> = {
      MerchantId: 'M000001',
      TransactionId: '5550001',
      TransactionDate: tokyoDate(),
      OperateId: '2Add',
      MerchantFree1: 'order-5',
      ProcessId: 'P'.repeat(32),
      ProcessPass: 'Q'.repeat(32),
      ResponseCd: 'OK',
      Condition: '000',
      Amount: '3300',
      RecvNum: 'R0000123',
      CvsCd: 'LSN',
      NyukinDate: '20261125103000',
      StampFlag: '0',
      ...over,
    }
    f.HashCd =
      over.HashCd ??
      createHash('md5')
        .update(f.ProcessPass! + f.RecvNum! + SECRETS.merchantPass)
        .digest('hex')
    return new URLSearchParams(f).toString()
  }
  const gatewayIp = { remoteAddress: '35.72.54.3' }

  it('accepts a genuine notification from a published test address', () => {
    const n = escott.cvs.verifyNotification(notice(), gatewayIp)
    expect(n).toMatchObject({ paid: true, amount: 3300, recvNum: 'R0000123', cvsCd: 'LSN', merchantFree1: 'order-5', transactionId: '5550001' })
    expect(n.cvsName?.ja).toBe('ローソン')
    expect(n.paidAt?.toISOString()).toBe('2026-11-25T01:30:00.000Z')
    expect(JSON.stringify(n)).not.toContain('Q'.repeat(32))
    expect(NOTIFICATION_ACK).toBe('0')
  })

  it('accepts upper-case HashCd, IPv4-mapped IPv6 peers and parsed bodies', () => {
    const body = Object.fromEntries(new URLSearchParams(notice()))
    body.HashCd = body.HashCd!.toUpperCase()
    expect(escott.cvs.verifyNotification(body, { remoteAddress: '::ffff:35.72.54.3' }).paid).toBe(true)
  })

  it.each([
    ['forged HashCd', notice({ HashCd: 'f'.repeat(32) }), gatewayIp, 'hash'],
    ['altered RecvNum', notice().replace('RecvNum=R0000123', 'RecvNum=R0000124'), gatewayIp, 'hash'],
    // HashCd does not cover Amount: only expectedAmount catches an altered amount.
    ['altered amount', notice().replace('Amount=3300', 'Amount=1'), { ...gatewayIp, expectedAmount: 3300 }, 'amount'],
    ['other merchant', notice({ MerchantId: 'M999' }), gatewayIp, 'merchant'],
    ['wrong source', notice(), { remoteAddress: '203.0.113.9' }, 'source_ip'],
    ['no source', notice(), { remoteAddress: undefined }, 'source_ip'],
    ['production address in test mode', notice(), { remoteAddress: '54.238.10.224' }, 'source_ip'],
    ['missing RecvNum', notice().replace(/RecvNum=[^&]+&?/, ''), gatewayIp, 'format'],
    ['amount mismatch', notice(), { ...gatewayIp, expectedAmount: 3000 }, 'amount'],
    // HashCd is checked before the amount: a forged notification must never be taken for an authentic amount
    // mismatch (the adapter would move the order to needs_reconciliation on a forger's word).
    ['forged HashCd with a wrong amount', notice({ HashCd: 'f'.repeat(32), Amount: '1' }), { ...gatewayIp, expectedAmount: 3300 }, 'hash'],
    // issue 11 finding 7: a NUL (or any control character) never reaches the database; a field sent twice is read
    // one way by one reader and another by the next.
    ['a NUL byte in MerchantFree1', notice({ MerchantFree1: 'order\u00005' }), gatewayIp, 'format'],
    ['a control character in RecvNum', notice().replace('RecvNum=R0000123', 'RecvNum=R00%0D00123'), gatewayIp, 'format'],
    ['MerchantFree1 sent twice', `MerchantFree1=order-9&${notice()}`, gatewayIp, 'format'],
  ])('rejects %s', (_name, body, opts, reason) => {
    const error = (() => {
      try {
        escott.cvs.verifyNotification(body, opts)
      } catch (e) {
        return e
      }
    })() as EscottNotificationError
    expect(error).toBeInstanceOf(EscottNotificationError)
    expect(error.reason).toBe(reason)
    expect(error.message).not.toContain(SECRETS.merchantPass)
  })

  it('honours a configured allow-list with CIDR ranges', () => {
    expect(escott.cvs.verifyNotification(notice(), { remoteAddress: '10.1.2.3', allowedIps: ['10.0.0.0/8'] }).paid).toBe(true)
  })

  it('reports a non-payment condition as not paid', () => {
    expect(escott.cvs.verifyNotification(notice({ Condition: '001' }), gatewayIp).paid).toBe(false)
  })

  it('defaults to loopback sources when a local gateway (baseUrl) is configured', () => {
    const local = makeEscott(() => ({}), { baseUrl: 'http://127.0.0.1:9' }).escott
    expect(local.cvs.verifyNotification(notice(), { remoteAddress: '127.0.0.1' }).paid).toBe(true)
    expect(() => local.cvs.verifyNotification(notice(), gatewayIp)).toThrow(EscottNotificationError)
  })
})
