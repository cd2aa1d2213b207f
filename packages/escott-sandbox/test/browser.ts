/** Real headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, and a tiny merchant web server. */
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Browser tests run unless ESCOTT_SKIP_BROWSER=1; a missing Chromium is then a failure, not a silent skip. */
export const skipBrowser = process.env.ESCOTT_SKIP_BROWSER === '1'

export function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, set CHROMIUM_PATH, or ESCOTT_SKIP_BROWSER=1)`)
  return launchChromium()
}

function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

export async function merchantSite(handler: (req: IncomingMessage, res: ServerResponse, body: string) => unknown) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => void handler(req, res, Buffer.concat(chunks).toString('utf8')))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function sendHtml(res: ServerResponse, html: string) {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  res.end(html)
}

/** A fresh browser context on the merchant site's checkout page. */
export async function checkoutPage(browser: Browser, site: { url: string }): Promise<Page> {
  const page = await browser.newPage()
  await page.goto(site.url + '/checkout')
  return page
}

/** Closes browser, merchant site and sandbox (whichever were started), in that order. */
export async function closeAll(...things: Array<{ close(): Promise<unknown> } | undefined>) {
  for (const t of things) await t?.close()
}
