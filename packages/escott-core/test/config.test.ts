import { describe, expect, it } from 'vitest'
import {
  CONFIG_OPTIONS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  Escott,
  EscottConfigurationError,
  INITIAL_RETRY_DELAY_MS,
  MAX_RETRY_DELAY_MS,
  configFromEnv,
  type EscottConfig,
} from '../src/index.js'
import { resolveConfig } from '../src/config.js'
import { SECRETS } from './helpers/fake-fetch.js'

const base = { merchantId: 'M000001', merchantPass: SECRETS.merchantPass }

function configError(config: unknown): EscottConfigurationError {
  try {
    new Escott(config as EscottConfig)
  } catch (e) {
    expect(e).toBeInstanceOf(EscottConfigurationError)
    return e as EscottConfigurationError
  }
  throw new Error('the configuration was accepted')
}

/** Phrases of zod's own messages, which must never reach a developer. */
const ZOD_WORDING = /Too small|Too big|expected string|expected number|Invalid input|Unrecognized key|Invalid option|>=|<=/

describe('strict configuration', () => {
  it('refuses the typos of the review probe instead of running against test with default settings', () => {
    const e = configError({ ...base, timeout: 5, maxRetry: 9, enviroment: 'production' })
    expect(e.message).toMatch(/timeout is not an option \(did you mean 'timeoutMs'\?\)/)
    expect(e.message).toMatch(/maxRetry is not an option \(did you mean 'maxRetries'\?\)/)
    expect(e.message).toMatch(/enviroment is not an option \(did you mean 'environment'\?\)/)
    for (const option of CONFIG_OPTIONS) expect(e.message).toContain(option)
  })

  it('refuses unknown keys inside threeDSecure, listing the allowed ones', () => {
    const e = configError({ ...base, threeDSecure: { aesKey: SECRETS.aesKey, aesIv: SECRETS.aesIv, aesKye: 'x' } })
    expect(e.message).toMatch(/threeDSecure\.aesKye is not an option/)
    expect(e.message).toMatch(/allowed in threeDSecure: aesKey, aesIv, acceptSecureResults/)
  })

  it.each([
    [{ ...base, tokenAuthCode: '' }, 'tokenAuthCode', /トークン決済認証コード/],
    [{ ...base, merchantId: 'M-1' }, 'merchantId', /1–20 half-width letters or digits/],
    [{ merchantId: 'M1' }, 'merchantPass', /is required/],
    [{ ...base, timeoutMs: 0 }, 'timeoutMs', /from 1 to 300000/],
    [{ ...base, maxRetries: 9 }, 'maxRetries', /from 0 to 5/],
    [{ ...base, environment: 'prod' }, 'environment', /'test' or 'production'/],
    [{ ...base, baseUrl: 'localhost:8731' }, 'baseUrl', /absolute http\(s\) URL/],
    [{ ...base, tenantId: '1' }, 'tenantId', /4-digit/],
    [{ ...base, threeDSecure: { aesKey: 'short', aesIv: SECRETS.aesIv } }, 'threeDSecure.aesKey', /exactly 16 bytes/],
    [{ ...base, logger: { error() {} } }, 'logger', /debug, info, warn and error/],
    [{ ...base, telNoFormat: 'hyphenated' }, 'telNoFormat', /'digits' or 'asEntered'/],
  ])('names the option and the fix in its own words: %j', (config, option, fix) => {
    const e = configError(config)
    expect(e.message).toContain(option)
    expect(e.message).toMatch(fix)
    expect(e.message).not.toMatch(ZOD_WORDING)
  })

  it('never echoes a value it refuses (it may be a secret)', () => {
    const e = configError({ ...base, merchantPass: 'x'.repeat(65) + 'SECRET-TAIL', tokenAuthCode: 42 })
    expect(e.message).not.toContain('SECRET-TAIL')
    expect(e.message).not.toContain('42')
  })

  it('applies the named defaults', () => {
    const c = resolveConfig(base)
    expect(c.timeoutMs).toBe(DEFAULT_TIMEOUT_MS)
    expect(c.maxRetries).toBe(DEFAULT_MAX_RETRIES)
    expect(c.tenantId).toBe('0001')
    expect(c.environment).toBe('test')
    expect([DEFAULT_TIMEOUT_MS, DEFAULT_MAX_RETRIES, INITIAL_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS]).toEqual([30_000, 2, 150, 2_000])
  })
})

describe('configFromEnv', () => {
  const env = { ESCOTT_MERCHANT_ID: 'M000001', ESCOTT_MERCHANT_PASS: SECRETS.merchantPass }

  it('reads every variable into the matching option', () => {
    const config = configFromEnv({
      ...env,
      ESCOTT_TENANT_ID: '0002',
      ESCOTT_ENVIRONMENT: 'production',
      ESCOTT_BASE_URL: 'http://127.0.0.1:8731',
      ESCOTT_TOKEN_AUTH_CODE: SECRETS.tokenAuthCode,
      ESCOTT_AES_KEY: SECRETS.aesKey,
      ESCOTT_AES_IV: SECRETS.aesIv,
      ESCOTT_TIMEOUT_MS: '15000',
      ESCOTT_MAX_RETRIES: '1',
    })
    expect(config).toEqual({
      merchantId: 'M000001',
      merchantPass: SECRETS.merchantPass,
      tenantId: '0002',
      environment: 'production',
      baseUrl: 'http://127.0.0.1:8731',
      tokenAuthCode: SECRETS.tokenAuthCode,
      threeDSecure: { aesKey: SECRETS.aesKey, aesIv: SECRETS.aesIv },
      timeoutMs: 15_000,
      maxRetries: 1,
    })
    expect(new Escott(config).toJSON()).toMatchObject({ merchantId: 'M000001', environment: 'production' })
  })

  it('refuses an unknown ESCOTT_ENVIRONMENT instead of quietly using test', () => {
    for (const value of ['prod', 'Production', 'live', 'staging']) {
      expect(() => configFromEnv({ ...env, ESCOTT_ENVIRONMENT: value })).toThrow(/ESCOTT_ENVIRONMENT must be 'test' or 'production'/)
    }
    expect(configFromEnv({ ...env, ESCOTT_ENVIRONMENT: '' }).environment).toBeUndefined() // unset: test
  })

  it('names the variable when one is missing or malformed', () => {
    expect(() => configFromEnv({ ESCOTT_MERCHANT_ID: 'M1' })).toThrow(/ESCOTT_MERCHANT_PASS \(merchantPass\) is required/)
    expect(() => configFromEnv({ ...env, ESCOTT_AES_KEY: SECRETS.aesKey })).toThrow(/ESCOTT_AES_KEY and ESCOTT_AES_IV must be set together/)
    expect(() => configFromEnv({ ...env, ESCOTT_TIMEOUT_MS: '30s' })).toThrow(/ESCOTT_TIMEOUT_MS/)
    expect(() => configFromEnv({ ...env, ESCOTT_TENANT_ID: 'x' })).toThrow(/ESCOTT_TENANT_ID \(tenantId\)/)
    const e = (() => {
      try {
        configFromEnv({ ...env, ESCOTT_MERCHANT_PASS: 'y'.repeat(80) })
      } catch (err) {
        return err as Error
      }
    })()
    expect(e).toBeInstanceOf(EscottConfigurationError)
    expect(e!.message).not.toContain('y'.repeat(80))
  })
})
