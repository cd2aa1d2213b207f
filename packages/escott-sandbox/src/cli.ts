#!/usr/bin/env node
/** `npx escott-sandbox --port 8731`: runs the sandbox gateway and prints its URL and a ready merchant. */
import { parseArgs } from 'node:util'
import { startSandbox, type SandboxOptions } from './sandbox.js'
import type { ThreeDSecureSetting } from './state.js'

const HELP = `escott-sandbox: a local e-SCOTT Smart gateway for development and tests. NEVER for production.

Usage: escott-sandbox [options]

  --port N                 port to listen on (default 8731; 0 = any free port)
  --host HOST              interface (default 127.0.0.1)
  --data FILE              keep state in FILE across restarts (default: memory only)
  --notification-url URL   where CVS payment notifications are POSTed
  --three-d-secure MODE    default merchant's 3-D Secure contract: off | optional (default) | required
  --kana-required          default merchant requires kana names (authentication assist: K25/K26)
  --token-ttl DURATION     token lifetime, e.g. 10m (default), 30m
  --post-url-order ORDER   3-D Secure result delivery: browser-first (default) | post-first
  --post-url-delay MS      delay between the two 3-D Secure deliveries
  --json                   print one JSON line { url, merchant } instead of the text banner
  -h, --help               this help
`

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8731' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
      'notification-url': { type: 'string' },
      'three-d-secure': { type: 'string' },
      'kana-required': { type: 'boolean' },
      'token-ttl': { type: 'string' },
      'post-url-order': { type: 'string' },
      'post-url-delay': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`)
  const tdsMode = values['three-d-secure'] as ThreeDSecureSetting | undefined
  if (tdsMode && !['off', 'optional', 'required'].includes(tdsMode)) throw new Error('--three-d-secure must be off, optional or required')
  const order = values['post-url-order']
  if (order && order !== 'browser-first' && order !== 'post-first') throw new Error('--post-url-order must be browser-first or post-first')
  const options: SandboxOptions = {
    port,
    host: values.host!,
    quiet: true,
    merchant: { ...(tdsMode ? { threeDSecure: tdsMode } : {}), ...(values['kana-required'] ? { authAssist: { kana: true } } : {}) },
    ...(values.data ? { dataFile: values.data } : {}),
    ...(values['notification-url'] ? { notificationUrl: values['notification-url'] } : {}),
    ...(values['token-ttl'] ? { tokenTtl: values['token-ttl'] } : {}),
    threeDSecure: {
      ...(order ? { postUrlOrder: order as 'browser-first' | 'post-first' } : {}),
      ...(values['post-url-delay'] ? { postUrlDelayMs: Number(values['post-url-delay']) } : {}),
    },
  }
  const sb = await startSandbox(options)
  const m = sb.merchant
  if (values.json) {
    process.stdout.write(JSON.stringify({ url: sb.url, merchant: m, developmentOnly: true }) + '\n')
  } else {
    process.stdout.write(
      [
        '',
        '  escott-sandbox — 開発専用 / FOR DEVELOPMENT ONLY',
        '  Accepts only its test cards; never type a real card number into it.',
        '',
        `  Base URL            ${sb.url}`,
        `  MerchantId          ${m.merchantId}`,
        `  MerchantPass        ${m.merchantPass}`,
        `  TenantId            ${m.tenantId}`,
        `  Token auth code     ${m.tokenAuthCode}`,
        `  3-D Secure AES key  ${m.threeDSecure.aesKey}`,
        `  3-D Secure AES IV   ${m.threeDSecure.aesIv}`,
        '',
        `  Token script        ${sb.url}/euser/stn/CdGetJavaScript.do?k_TokenNinsyoCode=${m.tokenAuthCode}`,
        `  Console             ${sb.url}/`,
        `  Admin               ${sb.url}/_sandbox/health`,
        `  Demo card           4000000000001000  777  12/2028`,
        values.data ? `  Data file           ${values.data}` : '  State               in memory (use --data FILE to keep it)',
        '',
      ].join('\n') + '\n',
    )
  }
  const stop = () => {
    void sb.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  process.stderr.write(`escott-sandbox: ${(e as Error).message}\n`)
  process.exit(1)
})
