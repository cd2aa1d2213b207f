import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { type EscottNotificationError, isEscottNotificationError, isEscottValidationError, NOTIFICATION_ACK, NOTIFICATION_NACK } from '../src/index.js'
import { makeEscott, SECRETS } from './helpers/fake-fetch.js'

// What escott-core does with a payment notification (入金結果通知) before a shop may mark an order paid.
const { escott } = makeEscott(() => ({}))
const local = makeEscott(() => ({}), { baseUrl: 'http://127.0.0.1:9' }).escott
const gateway = { remoteAddress: '35.72.54.3' }

function fields(over: Record<string, string | undefined> = {}): Record<string, string> {
  const f: Record<string, string> = {
    MerchantId: 'M000001',
    TransactionId: '5550001',
    TransactionDate: '20261124',
    OperateId: '2Add',
    MerchantFree1: 'order-5',
    MerchantFree2: 'campaign-7',
    MerchantFree3: 'ＭＦ３',
    TenantCd: '0001',
    ProcessId: 'P'.repeat(32),
    ProcessPass: 'Q'.repeat(32),
    ResponseCd: 'OK',
    Condition: '000',
    Amount: '3300',
    RecvNum: 'R0000123',
    CvsCd: 'SEV',
    NyukinDate: '20261125103000',
    StampFlag: '0',
  }
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete f[k]
    else f[k] = v
  }
  f.HashCd =
    over.HashCd ??
    createHash('md5')
      .update(f.ProcessPass! + f.RecvNum! + SECRETS.merchantPass)
      .digest('hex')
  return f
}
const body = (over?: Record<string, string | undefined>) => new URLSearchParams(fields(over)).toString()

function rejection(run: () => unknown): EscottNotificationError {
  try {
    run()
  } catch (error) {
    if (isEscottNotificationError(error)) return error
    throw new Error(`expected an EscottNotificationError, got ${String(error)}`)
  }
  throw new Error('expected the notification to be rejected')
}

describe('a verified payment notification', () => {
  it('returns every field of the notification, the store it was paid at, and leaves out the secrets', () => {
    const n = escott.cvs.verifyNotification(body({ StampFlag: '1' }), gateway)
    expect(n).toEqual({
      paid: true,
      condition: '000',
      amount: 3300,
      recvNum: 'R0000123',
      cvsCd: 'SEV',
      cvsName: expect.objectContaining({ ja: 'セブン-イレブン' }),
      paidAt: new Date('2026-11-25T01:30:00.000Z'),
      nyukinDate: '20261125103000',
      processId: 'P'.repeat(32),
      transactionId: '5550001',
      transactionDate: '20261124',
      merchantFree1: 'order-5',
      merchantFree2: 'campaign-7',
      merchantFree3: 'ＭＦ３',
      tenantCd: '0001',
      stampFlag: true,
      responseCodes: ['OK'],
      raw: expect.not.objectContaining({ ProcessPass: expect.anything(), HashCd: expect.anything() }),
    })
    expect(n.raw).toMatchObject({ MerchantId: 'M000001', OperateId: '2Add', Amount: '3300' })
  })

  it('reports the optional fields the gateway left empty or out as undefined, and no revenue stamp for StampFlag 0', () => {
    const n = escott.cvs.verifyNotification(
      body({ Condition: '', NyukinDate: undefined, TransactionId: '', TransactionDate: '', MerchantFree2: '', MerchantFree3: undefined, TenantCd: '', CvsCd: '' }),
      gateway,
    )
    expect(n).toMatchObject({
      condition: undefined,
      nyukinDate: undefined,
      paidAt: undefined,
      transactionId: undefined,
      transactionDate: undefined,
      merchantFree2: undefined,
      merchantFree3: undefined,
      tenantCd: undefined,
      cvsCd: undefined,
      cvsName: undefined,
      stampFlag: false,
    })
    expect(n.paid).toBe(false) // no Condition 000: not a payment
  })

  it('is paid only for Condition 000 with the single response code OK', () => {
    expect(escott.cvs.verifyNotification(body(), gateway).paid).toBe(true)
    expect(escott.cvs.verifyNotification(body({ Condition: '001' }), gateway).paid).toBe(false)
    expect(escott.cvs.verifyNotification(body({ ResponseCd: 'W01' }), gateway).paid).toBe(false)
    expect(escott.cvs.verifyNotification(body({ ResponseCd: 'OK|W01' }), gateway).paid).toBe(false)
    expect(escott.cvs.verifyNotification(body({ ResponseCd: '' }), gateway)).toMatchObject({ paid: false, responseCodes: [] })
  })

  it('passes when the order amount given as expectedAmount is the notified one', () => {
    expect(escott.cvs.verifyNotification(body(), { ...gateway, expectedAmount: 3300 }).amount).toBe(3300)
  })

  it('reads a body parsed by a framework: a one-value array gives its value, a repeated field is refused, null and undefined fields are absent', () => {
    expect(() => escott.cvs.verifyNotification({ ...fields(), MerchantFree1: ['order-5', 'order-6'] }, gateway)).toThrow(/MerchantFree1 more than once/)
    expect(() => escott.cvs.verifyNotification({ ...fields(), MerchantFree1: 'order-5\u0007' }, gateway)).toThrow(/control character in MerchantFree1/)
    expect(() => escott.cvs.verifyNotification({ ...fields(), 'Merchant\nFree1': 'order-5' }, gateway)).toThrow(/control character in Merchant\?Free1/)
    const parsed: Record<string, unknown> = { ...fields(), MerchantFree1: ['order-5'], TenantCd: null, MerchantFree2: undefined, Amount: 3300 }
    const n = escott.cvs.verifyNotification(parsed, gateway)
    expect(n).toMatchObject({ merchantFree1: 'order-5', tenantCd: undefined, merchantFree2: undefined, amount: 3300, paid: true })
    expect(n.raw).not.toHaveProperty('TenantCd')
    expect(escott.cvs.verifyNotification(new URLSearchParams(fields()), gateway).paid).toBe(true)
  })

  it('answers the gateway 0 once recorded and 1 to have it sent again', () => {
    expect([NOTIFICATION_ACK, NOTIFICATION_NACK]).toEqual(['0', '1'])
  })
})

describe('a notification that is rejected', () => {
  it.each([
    ['a fractional amount', '12.5'],
    ['a negative amount', '-1'],
    ['an amount that is not a number', '3,300'],
  ])('%s is malformed', (_what, amount) => {
    expect(rejection(() => escott.cvs.verifyNotification(body({ Amount: amount }), gateway)).reason).toBe('format')
  })

  it('an amount of 0 is well-formed, and differs from the order', () => {
    expect(rejection(() => escott.cvs.verifyNotification(body({ Amount: '0' }), { ...gateway, expectedAmount: 3300 })).reason).toBe('amount')
  })

  it('a HashCd of the wrong length is a hash mismatch, not a crash', () => {
    expect(rejection(() => escott.cvs.verifyNotification(body({ HashCd: 'abc' }), gateway)).reason).toBe('hash')
  })

  it.each([
    ['no body', undefined],
    ['a null body', null],
    ['an empty body', ''],
  ])('%s is malformed', (_what, value) => {
    expect(rejection(() => escott.cvs.verifyNotification(value as never, gateway)).reason).toBe('format')
  })

  it('without options the source address is unknown, so it is refused', () => {
    const error = rejection(() => (escott.cvs.verifyNotification as (b: string) => unknown)(body()))
    expect(error.reason).toBe('source_ip')
  })
})

describe("the notification's source address", () => {
  it('accepts the peer address written with brackets or surrounding spaces, as proxies report it', () => {
    expect(escott.cvs.verifyNotification(body(), { remoteAddress: ' 35.72.54.3 ' }).paid).toBe(true)
    expect(local.cvs.verifyNotification(body(), { remoteAddress: '[::1]' }).paid).toBe(true)
  })

  it('checks IPv6 peers against IPv6 ranges of the allow-list', () => {
    const allowedIps = ['2001:db8:10::/48', '192.0.2.0/24']
    expect(escott.cvs.verifyNotification(body(), { remoteAddress: '2001:db8:10::7', allowedIps }).paid).toBe(true)
    expect(rejection(() => escott.cvs.verifyNotification(body(), { remoteAddress: '2001:db8:11::7', allowedIps })).reason).toBe('source_ip')
    expect(escott.cvs.verifyNotification(body(), { remoteAddress: '192.0.2.44', allowedIps }).paid).toBe(true)
  })

  it('reads an IPv4-mapped IPv6 peer as its IPv4 address, but no other IPv6 address that ends in IPv4 notation', () => {
    const allowedIps = ['10.0.0.0/8']
    expect(escott.cvs.verifyNotification(body(), { remoteAddress: '::ffff:10.1.2.3', allowedIps }).paid).toBe(true)
    expect(rejection(() => escott.cvs.verifyNotification(body(), { remoteAddress: '1:2:3::10.1.2.3', allowedIps })).reason).toBe('source_ip')
  })

  it('allows the loopback addresses, IPv6 included, when the SDK talks to a local gateway', () => {
    expect(local.cvs.verifyNotification(body(), { remoteAddress: '::1' }).paid).toBe(true)
    expect(local.cvs.verifyNotification(body(), { remoteAddress: '127.0.0.5' }).paid).toBe(true)
  })

  it("does not let one call's allow-list leak into the next", () => {
    expect(escott.cvs.verifyNotification(body(), { remoteAddress: '10.1.2.3', allowedIps: ['10.0.0.0/8'] }).paid).toBe(true)
    expect(rejection(() => escott.cvs.verifyNotification(body(), { remoteAddress: '10.1.2.3', allowedIps: ['192.168.0.0/16'] })).reason).toBe('source_ip')
    expect(rejection(() => escott.cvs.verifyNotification(body(), { remoteAddress: '10.1.2.3' })).reason).toBe('source_ip')
  })

  it('refuses an allow-list entry that is not an address or range, naming allowedIps', () => {
    for (const entry of ['gateway.example.jp', '/24', '']) {
      let error: unknown
      try {
        escott.cvs.verifyNotification(body(), { remoteAddress: '35.72.54.3', allowedIps: [entry] })
      } catch (e) {
        error = e
      }
      expect(isEscottValidationError(error), entry).toBe(true)
      expect((error as { field?: string }).field).toBe('allowedIps')
    }
  })
})
