import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Escott } from 'escott-core'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { MerchantCredentials } from '../src/index.js'
import { DEMO_CARD } from './helpers.js'

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
let child: ChildProcess | undefined

const dir = mkdtempSync(join(tmpdir(), 'escott-sandbox-cli-'))
afterEach(async () => {
  if (child && child.exitCode === null) await stop()
  child = undefined
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Stops the running CLI as Ctrl-C / a process manager would, and waits for it to exit. */
async function stop(): Promise<number | null> {
  const c = child!
  child = undefined
  const exited = once(c, 'exit')
  c.kill('SIGTERM')
  return (await exited)[0] as number | null
}

function run(args: string[]): Promise<string> {
  child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`no output: ${out}`)), 10_000)
    child!.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      if (out.includes('Demo card') || out.trim().endsWith('}')) {
        clearTimeout(timer)
        resolve(out)
      }
    })
    child!.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })
}

describe('npx escott-sandbox', () => {
  it('prints the base URL and a ready merchant, and says it is for development only', async () => {
    const out = await run(['--port', '0'])
    expect(out).toContain('FOR DEVELOPMENT ONLY')
    for (const label of ['Base URL', 'MerchantId', 'MerchantPass', 'TenantId', 'Token auth code', '3-D Secure AES key', '3-D Secure AES IV']) expect(out).toContain(label)
    const url = /Base URL\s+(\S+)/.exec(out)![1]!
    const health = (await fetch(url + '/_sandbox/health').then((r) => r.json())) as { ok: boolean; developmentOnly: boolean }
    expect(health).toMatchObject({ ok: true, developmentOnly: true })
  })

  it('says at start that it listens on loopback only, and refuses --host 0.0.0.0 without --allow-non-loopback (issue 11, finding 8)', async () => {
    const out = await run(['--port', '0'])
    expect(out).toContain('Loopback only')
    await stop()
    const c = spawn(process.execPath, [CLI, '--port', '0', '--host', '0.0.0.0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    c.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const [code] = (await once(c, 'exit')) as [number | null]
    expect(code).toBe(1)
    expect(err).toContain('refuses to listen on "0.0.0.0"')
    expect(err).toContain('--allow-non-loopback')
  })

  it('--json prints one machine-readable line for other processes', async () => {
    const out = await run(['--port', '0', '--json', '--three-d-secure', 'required'])
    const info = JSON.parse(out.trim()) as { url: string; merchant: { merchantId: string; threeDSecure: { aesKey: string } } }
    expect(info.merchant.merchantId).toBe('90000001')
    const list = (await fetch(info.url + '/_sandbox/merchants').then((r) => r.json())) as Array<{ settings: { threeDSecure: string } }>
    expect(list[0]!.settings.threeDSecure).toBe('required')
  })

  it('--help lists the options', async () => {
    const c = spawn(process.execPath, [CLI, '--help'])
    let out = ''
    c.stdout.on('data', (d: Buffer) => (out += d.toString()))
    await new Promise((resolve) => c.on('exit', resolve))
    expect(out).toContain('--port')
    expect(out).toContain('--data FILE')
  })

  it('--data FILE: a transaction made before a stop is still there after the next start (--json for the scripts)', async () => {
    const dataFile = join(dir, 'state.json')
    const args = ['--port', '0', '--json', '--data', dataFile]
    const first = JSON.parse((await run(args)).trim()) as { url: string; merchant: MerchantCredentials; developmentOnly: boolean }
    expect(first.developmentOnly).toBe(true)
    const e = new Escott({ ...first.merchant, baseUrl: first.url, maxRetries: 0 })
    const { token } = (await fetch(first.url + '/_sandbox/tokens', { method: 'POST', body: JSON.stringify(DEMO_CARD) }).then((r) => r.json())) as { token: string }
    const tx = await e.card.authorize({ amount: 4321, token, merchantFree1: 'cli-data-1' })
    expect(await stop()).toBe(0)
    expect(existsSync(dataFile)).toBe(true)
    expect(readFileSync(dataFile, 'utf8')).toContain(tx.processId)

    const second = JSON.parse((await run(args)).trim()) as { url: string; merchant: MerchantCredentials }
    expect(second.merchant).toEqual(first.merchant)
    const e2 = new Escott({ ...second.merchant, baseUrl: second.url, maxRetries: 0 })
    const again = await e2.card.retrieve({ processId: tx.processId, processPass: tx.processPass })
    expect(again.amount).toBe(4321)
    expect(await fetch(second.url + '/').then((r) => r.text())).toContain('cli-data-1')
    await e2.card.capture({ processId: tx.processId, processPass: tx.processPass })
  })
})
