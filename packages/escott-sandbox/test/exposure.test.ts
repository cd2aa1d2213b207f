/**
 * Issue 11, finding 8: the sandbox's console, `/_sandbox/*` API and data file hand out MerchantPass, AES keys and
 * notification bodies. It listens on loopback only unless explicitly told otherwise, says so at start, refuses
 * requests addressed to other host names, and writes its data file 0600 (its folder 0700).
 */
import { request } from 'node:http'
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { isLoopbackAddress, startSandbox, type Sandbox } from '../src/index.js'
import { DEMO_CARD, start } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'escott-sandbox-exposure-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let sb: Sandbox | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await sb?.close()
  sb = undefined
})

const modeOf = (path: string) => statSync(path).mode & 0o777
const posix = process.platform !== 'win32'

/** A GET with an explicit Host header (fetch does not let one set it). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('exposure (issue 11, finding 8)', () => {
  it('listens on a loopback address by default and reports it', async () => {
    sb = await start()
    expect(isLoopbackAddress(new URL(sb.url).hostname)).toBe(true)
    const health = (await fetch(sb.url + '/_sandbox/health').then((r) => r.json())) as { loopbackOnly: boolean }
    expect(health.loopbackOnly).toBe(true)
    expect(sb.loopbackOnly).toBe(true)
  })

  it.each(['0.0.0.0', '::', ''])('refuses to listen on %j without allowNonLoopback', async (host) => {
    await expect(start({ host })).rejects.toMatchObject({ code: 'non-loopback' })
  })

  it('accepts the other loopback spellings (localhost, 127.0.0.2)', async () => {
    sb = await start({ host: 'localhost' })
    expect(isLoopbackAddress(new URL(sb.url).hostname)).toBe(true)
    await sb.close()
    sb = await start({ host: '127.0.0.2' }).catch(() => undefined) // not every system routes all of 127/8
    if (sb) expect(new URL(sb.url).hostname).toBe('127.0.0.2')
  })

  it('with allowNonLoopback it listens beyond loopback and warns loudly, even when quiet', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    sb = await start({ host: '0.0.0.0', allowNonLoopback: true, quiet: true })
    expect(sb.loopbackOnly).toBe(false)
    const printed = warn.mock.calls.map((c) => String(c[0])).join('\n')
    expect(printed).toContain('NOT on loopback only')
    expect(printed).toContain('MerchantPass')
    // non-loopback mode does not filter Host names: that is what it was asked for
    expect((await getWithHost(sb.url + '/_sandbox/health', 'sandbox.internal:8731')).status).toBe(200)
  })

  it('the start-up banner says it is a development tool listening on loopback only', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    sb = await startSandbox({ quiet: false })
    const printed = warn.mock.calls.map((c) => String(c[0])).join('\n')
    expect(printed).toContain('DEVELOPMENT TOOL ONLY')
    expect(printed).toContain('loopback only')
  })

  it('refuses a request addressed to another host name (DNS re-binding from a web page), answers localhost and loopback names', async () => {
    sb = await start()
    const port = new URL(sb.url).port
    const evil = await getWithHost(sb.url + '/_sandbox/merchant', `attacker.example:${port}`)
    expect(evil.status).toBe(403)
    expect(evil.body).not.toContain(sb.merchant.merchantPass)
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'app.localhost']) {
      const ok = await getWithHost(sb.url + '/_sandbox/merchant', host)
      expect(ok.status, host).toBe(200)
    }
  })

  it.runIf(posix)('writes the data file 0600 in a folder it creates 0700', async () => {
    const folder = join(dir, 'fresh', 'state')
    const dataFile = join(folder, 'sandbox.json')
    sb = await start({ dataFile })
    await sb.createToken(DEMO_CARD)
    await sb.close()
    sb = undefined
    expect(modeOf(folder)).toBe(0o700)
    expect(modeOf(dataFile)).toBe(0o600)
  })

  it.runIf(posix)('tightens an existing 0644 data file at start, and never writes through a stale 0644 temporary file', async () => {
    const dataFile = join(dir, 'loose.json')
    sb = await start({ dataFile })
    await sb.close()
    sb = undefined
    chmodSync(dataFile, 0o644)
    writeFileSync(dataFile + '.tmp', 'left over by a crash')
    chmodSync(dataFile + '.tmp', 0o644)
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    sb = await start({ dataFile })
    expect(modeOf(dataFile)).toBe(0o600)
    expect(String(warning.mock.calls[0]?.[0])).toContain('readable by others')
    await sb.createToken(DEMO_CARD)
    await sb.close()
    sb = undefined
    expect(modeOf(dataFile)).toBe(0o600)
  })
})
