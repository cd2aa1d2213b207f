/**
 * Issue 11 finding 7: `TRUST_PROXY` (an environment variable, so text) read as Express documents `trust proxy`:
 * `true` crashed the example store at the first request and `1` trusted the address 0.0.0.1.
 */
import express from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { parseTrustProxy } from '../src/index.js'

describe('TRUST_PROXY as Express documents it', () => {
  /** What `req.ip` is for a request from loopback carrying X-Forwarded-For, with `trust proxy` set from the variable. */
  async function ipWith(value: string | undefined): Promise<string> {
    const app = express()
    const setting = parseTrustProxy(value)
    if (setting !== undefined) app.set('trust proxy', setting)
    app.get('/ip', (req, res) => res.send(req.ip))
    return (await request(app).get('/ip').set('X-Forwarded-For', '203.0.113.7, 198.51.100.2')).text
  }

  it('reads true/false, a hop count and addresses; never an address 0.0.0.1 for "1"', async () => {
    expect(parseTrustProxy('true')).toBe(true)
    expect(parseTrustProxy('FALSE')).toBe(false)
    expect(parseTrustProxy('1')).toBe(1)
    expect(parseTrustProxy(' 2 ')).toBe(2)
    expect(parseTrustProxy('loopback, 10.0.0.0/8, fd00::/8')).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8'])
    expect(parseTrustProxy(undefined)).toBeUndefined()
    expect(parseTrustProxy('')).toBeUndefined()
  })

  it('serves requests with TRUST_PROXY=true (trusting every hop) instead of crashing', async () => {
    expect(await ipWith('true')).toBe('203.0.113.7')
  })

  it('trusts exactly one hop with TRUST_PROXY=1', async () => {
    expect(await ipWith('1')).toBe('198.51.100.2')
  })

  it('trusts the listed proxies only', async () => {
    expect(await ipWith('loopback')).toBe('198.51.100.2')
    expect(await ipWith('10.0.0.0/8')).toMatch(/127\.0\.0\.1/)
    expect(await ipWith(undefined)).toMatch(/127\.0\.0\.1/)
  })

  it('refuses a value that is none of these, naming the variable and the fix', () => {
    expect(() => parseTrustProxy('yes')).toThrow(/TRUST_PROXY="yes".*hop count/)
    expect(() => parseTrustProxy('10.0.0.0/99')).toThrow(/TRUST_PROXY/)
    expect(() => parseTrustProxy('1.5')).toThrow(/TRUST_PROXY/)
  })
})
