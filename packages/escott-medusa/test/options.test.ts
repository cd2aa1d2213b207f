/** validateOptions runs at Medusa's boot: every message names the option and the fix, and never a secret. */
import { EscottCardProviderService } from '../src/services/escott-card'
import { EscottCvsProviderService } from '../src/services/escott-cvs'

const valid = {
  merchantId: '90000001',
  merchantPass: 'TopSecretPass99',
  tokenAuthCode: 'TOKENAUTH',
  threeDSecure: { aesKey: 'AesKey0123456789', aesIv: 'AesIv01234567890' },
  publicUrl: 'https://shop.example.jp',
}
const check = (o: unknown) => () => EscottCardProviderService.validateOptions(o as Record<string, unknown>)

it('accepts the options of the issue’s medusa-config', () => {
  expect(check({ ...valid, tenantId: '0001', environment: 'test', baseUrl: 'http://127.0.0.1:8731', capture: false })).not.toThrow()
  expect(() => EscottCvsProviderService.validateOptions(valid)).not.toThrow()
  expect(check({ ...valid, limits: false })).not.toThrow()
  expect(check({ ...valid, limits: { perOrder: { limit: 5 }, perClient: { lockMs: 600_000 } } })).not.toThrow()
})

it.each([
  [{ ...valid, merchantId: undefined }, /merchantId is required/],
  [{ ...valid, merchantPass: '' }, /merchantPass is required/],
  [{ ...valid, tenantId: '1' }, /tenantId must be 4 digits/],
  [{ ...valid, environment: 'prod' }, /environment must be 'test' or 'production'/],
  [{ ...valid, threeDSecure: { aesKey: 'short', aesIv: 'AesIv01234567890' } }, /threeDSecure.aesKey must be exactly 16 bytes/],
  [{ ...valid, publicUrl: undefined }, /publicUrl is required with threeDSecure/],
  [{ ...valid, publicUrl: 'https://a-very-long-host-name-for-a-shop.example.co.jp' }, /RedirectUrl of at most 64 characters/],
  [{ ...valid, capture: 'yes' }, /capture must be true or false/],
  [{ ...valid, merchantPas: 'typo' }, /unknown option merchantPas; allowed: merchantId, merchantPass/],
  [{ ...valid, cvs: { payLimitDays: 400 } }, /cvs.payLimitDays must be at most 365/],
  [{ ...valid, limits: { perOrder: { limit: 0 } } }, /limits.perOrder.limit must be a positive whole number/],
  [{ ...valid, limits: true }, /limits must be false or/],
])('refuses %o', (options, message) => {
  expect(check(options)).toThrow(message)
  try {
    check(options)()
  } catch (err) {
    expect((err as Error).message).not.toContain('TopSecretPass99')
    expect((err as Error).message).not.toContain('AesKey0123456789')
  }
})
