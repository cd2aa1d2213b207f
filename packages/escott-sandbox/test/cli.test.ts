import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
let child: ChildProcess | undefined

afterEach(() => {
  child?.kill('SIGTERM')
  child = undefined
})

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
})
