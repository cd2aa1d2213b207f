import { Escott, isEscottConfigurationError } from 'escott-core'
import { describe, expect, it } from 'vitest'
import { escottRouter, MemoryShopStore, type EscottRouterOptions } from '../src/index.js'

const keys = { aesKey: 'k'.repeat(16), aesIv: 'v'.repeat(16) }
const client = (extra: Partial<ConstructorParameters<typeof Escott>[0]> = {}) => new Escott({ merchantId: 'M1', merchantPass: 'pass', ...extra })
const build = (over: Partial<EscottRouterOptions>) => () => escottRouter({ escott: client({ tokenAuthCode: 'CODE', threeDSecure: keys }), store: new MemoryShopStore(), admin: false, ...over })

/** The error the router is built with, which must be an EscottConfigurationError naming `option`. */
function refusal(fn: () => unknown): Error {
  try {
    fn()
  } catch (err) {
    expect(isEscottConfigurationError(err)).toBe(true)
    return err as Error
  }
  throw new Error('the router was built')
}

describe('escottRouter checks what it needs when it is built, not at the first shopper', () => {
  it('builds with a complete client', () => {
    expect(typeof build({})()).toBe('function')
  })

  it('names tokenAuthCode when the client cannot load the token script', () => {
    expect(refusal(build({ escott: client({ threeDSecure: keys }) })).message).toMatch(/tokenAuthCode.*ESCOTT_TOKEN_AUTH_CODE/)
  })

  it('names the 3-D Secure keys when 3-D Secure is on (the default) and the client has none', () => {
    expect(refusal(build({ escott: client({ tokenAuthCode: 'CODE' }) })).message).toMatch(/threeDSecure: \{ aesKey, aesIv \}.*threeDSecure: false/)
    expect(typeof build({ escott: client({ tokenAuthCode: 'CODE' }), threeDSecure: false })()).toBe('function')
  })

  it('names publicUrl when it is not an http(s) origin', () => {
    expect(refusal(build({ publicUrl: 'shop.example.jp' })).message).toMatch(/publicUrl/)
    expect(refusal(build({ publicUrl: 'ftp://shop.example.jp' })).message).toMatch(/publicUrl/)
  })

  it('names the store when it is not a ShopStore', () => {
    expect(refusal(build({ store: {} as never })).message).toMatch(/store.*openShopStore/)
  })
})
