import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { Escott } from 'escott-core'
import type { Sandbox } from '../src/index.js'
import { escapeHtml } from '../src/util.js'
import { parseForm } from '../src/wire.js'
import { checkoutPage, closeAll, launch, skipBrowser, merchantSite, sendHtml } from './browser.js'
import { CARD, client, start } from './helpers.js'

let sb: Sandbox
let escott: Escott
let browser: Browser
let site: Awaited<ReturnType<typeof merchantSite>>
const posted: string[] = []
let nextCard = '4000000000082000'

beforeAll(async () => {
  sb = await start()
  escott = client(sb)
  site = await merchantSite(async (req, res, body) => {
    if (req.url === '/checkout') {
      // The merchant's server builds the encrypted request; the page auto-submits it to OTDS010.
      const token = await sb.createToken(CARD(nextCard))
      const r = escott.threeDSecure.createRequest({
        token,
        amount: 5500,
        cardholderName: 'HANAKO SATO',
        email: 'hanako@example.com',
        redirectUrl: `${site.url}/ret`,
        postUrl: `${site.url}/post`,
        flow: 'merged',
      })
      const inputs = Object.entries(r.fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`).join('')
      return sendHtml(res, `<!doctype html><body onload="document.forms[0].submit()"><form method="post" action="${r.action}">${inputs}</form></body>`)
    }
    if (req.url === '/ret') {
      const result = escott.threeDSecure.parseResult(parseForm(body).EncryptValue!)
      return sendHtml(res, `<!doctype html><body><p id="result">${result.passed ? 'PASSED' : 'FAILED'} ${result.secureResultCode} ${result.processId ?? '-'} ${result.error?.codes.join('|') ?? 'OK'}</p></body>`)
    }
    if (req.url === '/post') {
      posted.push(parseForm(body).EncryptValue!)
      res.writeHead(200)
      return res.end('0')
    }
    res.writeHead(404)
    res.end()
  })
  if (!skipBrowser) browser = await launch()
}, 60_000)

afterAll(() => closeAll(browser, site, sb))

describe.skipIf(skipBrowser)('3-D Secure challenge clicked in a real headless Chromium', () => {
  it('approve: the browser returns to RedirectUrl with a passed, authorised result; PostUrl gets the same', async () => {
    nextCard = '4000000000082000'
    const page = await checkoutPage(browser, site)
    await page.waitForSelector('#approve')
    expect(await page.textContent('body')).toContain('3-Dセキュア')
    await page.click('#approve')
    await page.waitForSelector('#result')
    const text = (await page.textContent('#result'))!
    expect(text).toMatch(/^PASSED 0 [0-9a-f]{32} OK$/)
    await expect.poll(() => posted.length).toBeGreaterThanOrEqual(1)
    const fromPost = escott.threeDSecure.parseResult(posted.at(-1)!)
    expect(text).toContain(fromPost.processId!)
    await page.close()
  })

  it('fail: U04 and no authorisation', async () => {
    nextCard = '4000000000082000'
    const page = await checkoutPage(browser, site)
    await page.click('#fail')
    await page.waitForSelector('#result')
    expect(await page.textContent('#result')).toBe('FAILED 1 - U04')
    await page.close()
  })

  it('frictionless card: no challenge page at all', async () => {
    nextCard = '4000000000001000'
    const page = await checkoutPage(browser, site)
    await page.waitForSelector('#result')
    expect(await page.textContent('#result')).toMatch(/^PASSED 0 [0-9a-f]{32} OK$/)
    await page.close()
  })
})
