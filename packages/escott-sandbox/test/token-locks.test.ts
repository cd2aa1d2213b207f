import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { CARD, client, DEMO_CARD, scriptToken, start } from './helpers.js'

let sb: Sandbox

beforeAll(async () => {
  sb = await start()
})
afterEach(() => {
  sb.releaseTokenLock()
  sb.clock.reset()
})
afterAll(() => sb.close())

const JCB = CARD('3540000000091000')
const MASTER = CARD('5100000000061000')

describe('token locks', () => {
  it('a card number entered more than 5 times within 10 minutes is locked (KI5) for 30 minutes of sandbox time', async () => {
    // five entries from five terminals are fine, the sixth locks the card number whatever the terminal
    for (let i = 1; i <= 5; i++) expect((await scriptToken(sb, JCB, { terminal: `t${i}` })).token).toMatch(/^[0-9a-f]{32}$/)
    const refused = await scriptToken(sb, JCB, { terminal: 't6' })
    expect(refused.code).toBe('KI5')
    expect(refused.message).toContain('同一カード番号の連続入力')
    // other cards are not affected; the programmatic helper honours the lock too
    expect((await scriptToken(sb, MASTER, { terminal: 't6' })).token).toBeDefined()
    await expect(sb.createToken(JCB)).rejects.toMatchObject({ code: 'KI5' })
    expect(sb.tokenLocks()).toEqual([expect.objectContaining({ kind: 'card', code: 'KI5', key: '354000******1000', merchantId: sb.merchant.merchantId })])
    sb.clock.advance('29m')
    expect((await scriptToken(sb, JCB, { terminal: 't7' })).code).toBe('KI5')
    sb.clock.advance('2m')
    expect((await scriptToken(sb, JCB, { terminal: 't7' })).token).toBeDefined()
    expect(sb.tokenLocks()).toEqual([])
  })

  it('entries spread wider than the window do not lock; tokens issued before a lock still pay', async () => {
    for (let i = 0; i < 5; i++) await scriptToken(sb, MASTER, { terminal: `w${i}` })
    sb.clock.advance('10m')
    const early = await scriptToken(sb, MASTER, { terminal: 'w5' })
    expect(early.token).toBeDefined()
    for (let i = 0; i < 4; i++) await scriptToken(sb, MASTER, { terminal: `x${i}` })
    expect((await scriptToken(sb, MASTER, { terminal: 'x4' })).code).toBe('KI5')
    sb.clock.reset()
    expect((await client(sb).card.authorize({ amount: 100, token: early.token! })).status).toBe('authorized')
  })

  it('a terminal entering more than 10 times within 10 minutes is locked (KI6), by TerminalId or else by client address', async () => {
    const cards = ['4000000000001000', '3540000000091000', '5100000000061000', '4000000000082000', '3540000000072000', '370000000001000']
    for (let i = 0; i < 10; i++) expect((await scriptToken(sb, CARD(cards[i % cards.length]!), { terminal: 'shop-pc-1' })).token).toBeDefined()
    const refused = await scriptToken(sb, CARD('4000000000043002'), { terminal: 'shop-pc-1' })
    expect(refused.code).toBe('KI6')
    expect(refused.message).toContain('同一端末からの連続入力')
    // not counted against the card: another terminal gets a token for it
    expect((await scriptToken(sb, CARD('4000000000043002'), { terminal: 'shop-pc-2' })).token).toBeDefined()
    // a refused number (C16) still counts as an entry of the terminal; without TerminalId the client address is the terminal
    for (let i = 0; i < 10; i++) await scriptToken(sb, CARD('4111111111111111'))
    expect((await scriptToken(sb, DEMO_CARD)).code).toBe('KI6')
    expect(
      sb
        .tokenLocks()
        .map((l) => [l.code, l.key])
        .sort(),
    ).toEqual([
      ['KI6', '127.0.0.1'],
      ['KI6', 'shop-pc-1'],
    ])
  })

  it('thresholds, window and duration are set per merchant; false turns locks off', async () => {
    const strict = sb.createMerchant({ tokenLock: { cardAttempts: 2, terminalAttempts: 3, window: '1m', duration: '5m' } })
    const open = sb.createMerchant({ tokenLock: false })
    const as = (m: typeof strict) => ({ authCode: m.tokenAuthCode })
    expect((await scriptToken(sb, DEMO_CARD, { ...as(strict), terminal: 'a' })).token).toBeDefined()
    expect((await scriptToken(sb, DEMO_CARD, { ...as(strict), terminal: 'b' })).token).toBeDefined()
    expect((await scriptToken(sb, DEMO_CARD, { ...as(strict), terminal: 'c' })).code).toBe('KI5')
    for (const card of [JCB, MASTER, CARD('4000000000082000')]) expect((await scriptToken(sb, card, { ...as(strict), terminal: 'd' })).token).toBeDefined()
    expect((await scriptToken(sb, CARD('370000000001000'), { ...as(strict), terminal: 'd' })).code).toBe('KI6')
    // locks belong to one merchant
    expect((await scriptToken(sb, DEMO_CARD, { terminal: 'd' })).token).toBeDefined()
    for (let i = 0; i < 12; i++) expect((await scriptToken(sb, DEMO_CARD, { ...as(open), terminal: 'e' })).token).toBeDefined()
    sb.clock.advance('6m')
    expect((await scriptToken(sb, DEMO_CARD, { ...as(strict), terminal: 'd' })).token).toBeDefined()
    const settings = sb.merchants().find((m) => m.merchantId === strict.merchantId)!.settings
    expect(settings.tokenLock).toEqual({ cardAttempts: 2, terminalAttempts: 3, windowMs: 60_000, durationMs: 300_000 })
  })

  it('locks are listed and released through the admin route and the console (トークン決済ロック情報)', async () => {
    for (let i = 0; i < 6; i++) await scriptToken(sb, JCB, { terminal: `r${i}` })
    for (let i = 0; i < 6; i++) await scriptToken(sb, MASTER, { terminal: `s${i}` })
    const listed = (await fetch(`${sb.url}/_sandbox/token-locks`).then((r) => r.json())) as Array<{ id: string; key: string; code: string }>
    expect(listed.map((l) => l.key).sort()).toEqual(['354000******1000', '510000******1000'])

    const released = await fetch(`${sb.url}/_sandbox/token-locks/release`, { method: 'POST', body: JSON.stringify({ cardNo: JCB.cardNo }) }).then((r) => r.json())
    expect(released).toEqual({ released: 1 })
    expect((await scriptToken(sb, JCB, { terminal: 'r9' })).token).toBeDefined()

    const page = await fetch(sb.url + '/').then((r) => r.text())
    expect(page).toContain('トークン決済ロック情報')
    expect(page).toContain('510000******1000')
    expect(page).not.toContain(MASTER.cardNo)
    const id = /name="id" value="([0-9a-f]+)"/.exec(page)![1]!
    const res = await fetch(`${sb.url}/_sandbox/console/token-locks/release`, { method: 'POST', body: new URLSearchParams({ id }), redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(sb.tokenLocks()).toEqual([])
    expect(await fetch(sb.url + '/').then((r) => r.text())).toContain('id="token-locks-empty"')
    expect((await scriptToken(sb, MASTER, { terminal: 's9' })).token).toBeDefined()
  })
})
