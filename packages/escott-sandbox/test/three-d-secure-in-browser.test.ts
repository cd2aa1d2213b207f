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
let nextFlow: 'merged' | 'authenticate' = 'merged'
/** Request bodies the merchant's escott-core sent to the sandbox over HTTP (to see the 1Auth wire fields). */
const sent: Array<Record<string, string>> = []
const tokens = new Map<string, string>()

beforeAll(async () => {
  sb = await start()
  escott = client(sb, sb.merchant, {
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init)
      sent.push(Object.fromEntries(new URLSearchParams(await request.clone().text())))
      return fetch(request)
    }) as typeof fetch,
  })
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
        ...(nextFlow === 'merged' ? { flow: 'merged' as const } : {}),
      })
      tokens.set(r.merchantFree1, token)
      const inputs = Object.entries(r.fields)
        .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
        .join('')
      return sendHtml(res, `<!doctype html><body onload="document.forms[0].submit()"><form method="post" action="${r.action}">${inputs}</form></body>`)
    }
    if (req.url === '/ret') {
      const result = escott.threeDSecure.parseResult(parseForm(body).EncryptValue!)
      if (result.operation === '3Secure') {
        // The default flow: authentication only, then the merchant's server sends 1Auth with the result's fields.
        if (!result.passed) return sendHtml(res, `<!doctype html><body><p id="result">FAILED ${result.secureResultCode} ${result.error?.codes.join('|')}</p></body>`)
        const tx = await escott.card.authorize({ amount: 5500, token: tokens.get(result.merchantFree1!)!, merchantFree1: result.merchantFree1!, threeDSecure: result.threeDSecure! })
        return sendHtml(res, `<!doctype html><body><p id="result">AUTHORIZED ${result.secureResultCode} ${tx.processId}</p></body>`)
      }
      return sendHtml(
        res,
        `<!doctype html><body><p id="result">${result.passed ? 'PASSED' : 'FAILED'} ${result.secureResultCode} ${result.processId ?? '-'} ${result.error?.codes.join('|') ?? 'OK'}</p></body>`,
      )
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

describe.skipIf(skipBrowser)('3-D Secure challenge clicked in a real headless Chromium (merged flow)', () => {
  it('approve: the browser returns to RedirectUrl with a passed, authorised result; PostUrl gets the same', async () => {
    nextCard = '4000000000082000'
    nextFlow = 'merged'
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
    nextFlow = 'merged'
    const page = await checkoutPage(browser, site)
    await page.click('#fail')
    await page.waitForSelector('#result')
    expect(await page.textContent('#result')).toBe('FAILED 1 - U04')
    await page.close()
  })

  it('frictionless card: no challenge page at all', async () => {
    nextCard = '4000000000001000'
    nextFlow = 'merged'
    const page = await checkoutPage(browser, site)
    await page.waitForSelector('#result')
    expect(await page.textContent('#result')).toMatch(/^PASSED 0 [0-9a-f]{32} OK$/)
    await page.close()
  })
})

describe.skipIf(skipBrowser)('the default 3-D Secure card flow in a real headless Chromium: 3Secure, then 1Auth with the forwarded fields', () => {
  // What the official plugins do: authenticate with OperateId 3Secure, then 1Auth with the nine result fields
  // (WooCommerce class-spfwc-payment-gateway.php:744-771, Welcart paymentESCOTT.main.class.php:1422-1450).
  const forwarded = ['EncodeXId3D', 'MessageVersionNo3D', 'TransactionStatus3D', 'CAVVAlgorithm3D', 'ECI3D', 'CAVV3D', 'SecureResultCode', 'DSTransactionId', 'ThreeDSServerTransactionId']

  it('challenge approved in the browser: the shop authorises with the 3-D fields, no TransactionId3D anywhere', async () => {
    nextCard = '4000000000082000'
    nextFlow = 'authenticate'
    const page = await checkoutPage(browser, site)
    await page.waitForSelector('#approve')
    await page.click('#approve')
    await page.waitForSelector('#result')
    expect(await page.textContent('#result')).toMatch(/^AUTHORIZED 0 [0-9a-f]{32}$/)
    const auth = sent.filter((f) => f.OperateId === '1Auth').at(-1)!
    for (const k of forwarded) expect(auth[k], k).toBeTruthy()
    expect(auth).not.toHaveProperty('TransactionId3D')
    expect(auth).toMatchObject({ TransactionStatus3D: 'Y', ECI3D: '05', SecureResultCode: '0' })
    await page.close()
  })

  it('frictionless: straight back to the shop and authorised', async () => {
    nextCard = '4000000000001000'
    nextFlow = 'authenticate'
    const page = await checkoutPage(browser, site)
    await page.waitForSelector('#result')
    expect(await page.textContent('#result')).toMatch(/^AUTHORIZED 0 [0-9a-f]{32}$/)
    await page.close()
  })

  it('challenge failed: SecureResultCode 1 stops before 1Auth', async () => {
    nextCard = '4000000000082000'
    nextFlow = 'authenticate'
    const before = sent.filter((f) => f.OperateId === '1Auth').length
    const page = await checkoutPage(browser, site)
    await page.click('#fail')
    await page.waitForSelector('#result')
    expect(await page.textContent('#result')).toBe('FAILED 1 U04')
    expect(sent.filter((f) => f.OperateId === '1Auth').length).toBe(before)
    await page.close()
  })
})
