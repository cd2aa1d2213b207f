/**
 * Who can reach the sandbox. Its console and `/_sandbox/*` API hand out every merchant's MerchantPass, token
 * authentication code, 3-D Secure AES key/IV and the notification bodies (ProcessPass, HashCd), so it listens on
 * loopback only unless told otherwise, and in loopback mode refuses requests addressed to another host name (a web
 * page that re-binds its own DNS name to 127.0.0.1 would otherwise read those secrets from the developer's browser).
 */
import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { codedError } from './util.js'

/** Whether an IP address is a loopback address (127.0.0.0/8, ::1, or 127.x mapped into IPv6). */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '')
  if (isIP(a) === 4) return a.startsWith('127.')
  if (isIP(a) === 6) {
    if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true
    const mapped = /^(?:::|(?:0{1,4}:){5})ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a)
    return mapped ? mapped[1]!.startsWith('127.') : false
  }
  return false
}

/** Host names that always mean this machine (RFC 6761: `localhost` and `*.localhost`). */
function isLocalhostName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '')
  return n === 'localhost' || n.endsWith('.localhost')
}

/**
 * Whether listening on `host` keeps the sandbox on this machine: a loopback address, `localhost`, or a name that
 * resolves only to loopback addresses. The wildcard (`0.0.0.0`, `::`, empty) and anything else is not.
 */
export async function isLoopbackHost(host: string): Promise<boolean> {
  if (!host) return false
  if (isIP(host.replace(/^\[|\]$/g, ''))) return isLoopbackAddress(host)
  if (isLocalhostName(host)) return true
  try {
    const addrs = await lookup(host, { all: true })
    return addrs.length > 0 && addrs.every((a) => isLoopbackAddress(a.address))
  } catch {
    return false
  }
}

export function nonLoopbackRefusal(host: string): Error & { code: string } {
  return codedError(
    'non-loopback',
    `escott-sandbox refuses to listen on ${JSON.stringify(host)}: it is not a loopback address, and the sandbox serves ` +
      'merchant secrets (MerchantPass, 3-D Secure AES key/IV, notification bodies) to anyone who can reach it. ' +
      'Use 127.0.0.1, ::1 or localhost (the default), or pass allowNonLoopback: true (CLI --allow-non-loopback) ' +
      'only inside an isolated network such as a Docker network of your own.',
  )
}

/** The warning printed (always, `quiet` or not) when the sandbox listens beyond loopback. */
export function nonLoopbackWarning(url: string, host: string): string {
  const line = '!'.repeat(100)
  return [
    line,
    `!! escott-sandbox is listening on ${host} (${url}), NOT on loopback only.`,
    '!! Anyone who can reach this address reads every merchant secret it holds (MerchantPass, 3-D Secure AES key/IV,',
    '!! token codes, payment notification bodies) from /_sandbox/* and the console, and can change its clock and state.',
    '!! Use this only inside an isolated network of your own; never on a shared or public network, never with real keys.',
    line,
  ].join('\n')
}

/**
 * Whether a request's Host header names this machine (loopback mode). A missing header is accepted (no browser
 * omits it); `localhost`, `*.localhost` and loopback addresses, with any port, are accepted.
 */
export function isLocalHostHeader(header: string | undefined): boolean {
  if (header === undefined || header === '') return true
  const h = header.trim()
  const name = h.startsWith('[') ? h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']')) : h.replace(/:\d*$/, '')
  return isLocalhostName(name) || isLoopbackAddress(name)
}

/** The start-up line: a development tool, test cards only, and who can reach it. */
export function startBanner(url: string, loopbackOnly: boolean): string {
  return (
    `escott-sandbox at ${url} — 開発専用 / DEVELOPMENT TOOL ONLY: it accepts only its test cards (never a real card number, ` +
    'never real merchant keys). ' +
    (loopbackOnly ? 'Listening on loopback only; still, every process on this machine can read its merchant secrets at /_sandbox/*.' : 'NOT loopback-only: see the warning above.')
  )
}
