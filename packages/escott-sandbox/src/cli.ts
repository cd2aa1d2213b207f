#!/usr/bin/env node
/** `npx escott-sandbox --port 8731`: runs the sandbox gateway and prints its URL and a ready merchant. */
import { parseArgs } from 'node:util'
import { startSandbox, type SandboxOptions } from './sandbox.js'
import type { ThreeDSecureSetting } from './state.js'

const HELP = `escott-sandbox: a local e-SCOTT Smart gateway for development and tests. NEVER for production.

Usage: escott-sandbox [options]

  --port N                 port to listen on (default 8731; 0 = any free port)
  --host HOST              interface (default 127.0.0.1; loopback only unless --allow-non-loopback)
  --allow-non-loopback     allow a non-loopback --host (e.g. 0.0.0.0 in a Docker network of your own):
                           whoever reaches it reads the merchant secrets; a warning is printed
  --data FILE              keep state in FILE across restarts (default: memory only)
  --notification-url URL   where CVS payment notifications are POSTed
  --three-d-secure MODE    default merchant's 3-D Secure contract: off | optional (default) | required
  --kana-required          default merchant requires kana names (authentication assist: K25/K26)
  --token-ttl DURATION     token lifetime, e.g. 10m (default), 30m
  --post-url-order ORDER   3-D Secure result delivery: browser-first (default) | post-first
  --post-url-delay MS      delay between the two 3-D Secure deliveries
  --retain-transactions N  card transactions (and CVS payments, tokens, ...) kept in memory (default 10000)
  --retain-members N       card members kept in memory (default 10000)
  --json                   print one JSON line { url, merchant } instead of the text banner
  -h, --help               this help
`

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8731' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-non-loopback': { type: 'boolean' },
      'retain-transactions': { type: 'string' },
      'retain-members': { type: 'string' },
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
  const retention: SandboxOptions['retention'] = {}
  for (const [flag, key] of [
    ['retain-transactions', 'transactions'],
    ['retain-members', 'members'],
  ] as const) {
    const v = values[flag]
    if (v === undefined) continue
    const n = Number(v)
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive whole number, got ${v}`)
    retention[key] = n
  }
  const options: SandboxOptions = {
    port,
    host: values.host!,
    ...(values['allow-non-loopback'] ? { allowNonLoopback: true } : {}),
    retention,
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
    process.stdout.write(JSON.stringify({ url: sb.url, merchant: m, developmentOnly: true, loopbackOnly: sb.loopbackOnly }) + '\n')
  } else {
    process.stdout.write(
      [
        '',
        '  escott-sandbox — 開発専用 / FOR DEVELOPMENT ONLY',
        '  Accepts only its test cards; never type a real card number into it, never give it real merchant keys.',
        sb.loopbackOnly
          ? '  Loopback only: reachable from this machine alone (ループバック専用). Every local process can read the secrets below.'
          : '  NOT loopback-only: anyone who reaches this address reads the secrets below (see the warning on stderr).',
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
        values.data ? `  Data file           ${values.data} (mode 0600)` : '  State               in memory (use --data FILE to keep it)',
        `  Memory bound        newest ${sb.config.retention.transactions} transactions, ${sb.config.retention.members} members (older ones answer as unknown)`,
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
