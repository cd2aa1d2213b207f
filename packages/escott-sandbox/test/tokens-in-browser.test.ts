import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { Sandbox } from '../src/index.js'
import { checkoutPage, closeAll, launch, skipBrowser, merchantSite, sendHtml } from './browser.js'
import { client, codesOf, start } from './helpers.js'

let sb: Sandbox
let browser: Browser
let site: Awaited<ReturnType<typeof merchantSite>>

beforeAll(async () => {
  sb = await start()
  const scriptUrl = client(sb).tokens.scriptUrl()
  // A checkout page on another origin, as a merchant would write it.
  site = await merchantSite((_req, res) =>
    sendHtml(
      res,
      `<!doctype html><html><head><meta charset="utf-8"><title>checkout</title>
<script>
  window.tokens = [];
  function setToken(token, card) { window.tokens.push({ token: token, card: card }); }
  function onTokenError(code, message) { window.tokenError = code; }
</script>
<script type="text/javascript" src="${scriptUrl}" callBackFunc="setToken" errorCallBackFunc="onTokenError" class="spsvToken"></script>
</head><body><form id="pay"><input id="card" value="4000000000001000"></form></body></html>`,
    ),
  )
  if (!skipBrowser) browser = await launch()
}, 60_000)

afterAll(() => closeAll(browser, site, sb))

describe.skipIf(skipBrowser)('token script in a real headless Chromium', () => {
  it('SpsvApi.spsvCreateToken (9 arguments) calls the page callback with (token, maskedCardNo); the token then pays once', async () => {
    const page = await checkoutPage(browser, site)
    expect(await page.evaluate(() => typeof (window as unknown as { SpsvApi: { spsvCreateToken: unknown } }).SpsvApi.spsvCreateToken)).toBe('function')
    await page.evaluate(() => {
      ;(window as unknown as { SpsvApi: { spsvCreateToken: (...a: string[]) => void } }).SpsvApi.spsvCreateToken('4000000000001000', '28', '12', '777', '', '', '', '', '')
    })
    await page.waitForFunction(() => (window as unknown as { tokens: unknown[] }).tokens.length === 1)
    const { token, card } = (await page.evaluate(() => (window as unknown as { tokens: Array<{ token: string; card: string }> }).tokens))[0]!
    expect(token).toMatch(/^[0-9a-f]{32}$/)
    expect(card).toBe('400000******1000')

    const escott = client(sb)
    expect((await escott.tokens.retrieve(token)).maskedCardNo).toBe('400000******1000')
    expect((await escott.card.authorize({ amount: 1500, token })).status).toBe('authorized')
    expect(await codesOf(escott.card.authorize({ amount: 1500, token }))).toEqual(['KI2'])

    // several tokens may be minted for one card
    await page.evaluate(() => {
      const api = (window as unknown as { SpsvApi: { spsvCreateToken: (...a: string[]) => void } }).SpsvApi
      api.spsvCreateToken('4000000000001000', '28', '12', '777', '', '', '', '', '')
    })
    await page.waitForFunction(() => (window as unknown as { tokens: unknown[] }).tokens.length === 2)
    await page.close()
  })

  it('refuses a card number that is not a test card, through the error callback', async () => {
    const page = await checkoutPage(browser, site)
    await page.evaluate(() => {
      ;(window as unknown as { SpsvApi: { spsvCreateToken: (...a: string[]) => void } }).SpsvApi.spsvCreateToken('4111111111111111', '28', '12', '123', '', '', '', '', '')
    })
    await page.waitForFunction(() => (window as unknown as { tokenError?: string }).tokenError !== undefined)
    expect(await page.evaluate(() => (window as unknown as { tokenError: string }).tokenError)).toBe('C16')
    expect(await page.evaluate(() => (window as unknown as { tokens: unknown[] }).tokens.length)).toBe(0)
    await page.close()
  })

  it('a card number entered repeatedly is locked: the sixth entry reaches the error callback as KI5', async () => {
    const page = await checkoutPage(browser, site)
    const enter = () =>
      page.evaluate(() => {
        ;(window as unknown as { SpsvApi: { spsvCreateToken: (...a: string[]) => void } }).SpsvApi.spsvCreateToken('5100000000061000', '28', '12', '777', '', '', '', '', '')
      })
    for (let i = 1; i <= 5; i++) {
      await enter()
      await page.waitForFunction((n) => (window as unknown as { tokens: unknown[] }).tokens.length === n, i)
    }
    await enter()
    await page.waitForFunction(() => (window as unknown as { tokenError?: string }).tokenError !== undefined)
    expect(await page.evaluate(() => (window as unknown as { tokenError: string }).tokenError)).toBe('KI5')
    expect(await page.evaluate(() => (window as unknown as { SpsvApi: { spsvErrorCode: string } }).SpsvApi.spsvErrorCode)).toBe('KI5')
    // the script identified its terminal with one TerminalId kept in the browser
    expect(sb.tokenLocks()).toEqual([expect.objectContaining({ code: 'KI5', key: '510000******1000' })])
    expect(await page.evaluate(() => localStorage.getItem('escottSandboxTerminal'))).toMatch(/^[0-9a-f]{24}$/)
    await page.close()
  })
})
