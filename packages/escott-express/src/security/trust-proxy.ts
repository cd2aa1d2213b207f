/**
 * `TRUST_PROXY` (an environment variable, so always text) as Express's `trust proxy` setting expects it
 * (https://expressjs.com/en/guide/behind-proxies.html): `true` / `false`, a hop count (`1`: trust the first proxy),
 * or addresses, subnets and the names `loopback`, `linklocal`, `uniquelocal`, comma-separated. Handing the raw text
 * to Express is wrong twice over: `"true"` is read as an address and crashes at the first request, and `"1"` is read as
 * the address 0.0.0.1.
 */
import { isIP } from 'node:net'
import { EscottConfigurationError } from 'escott-core'

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/**
 * The value for `app.set('trust proxy', …)`; undefined for an unset or empty variable (Express's default: trust none).
 *
 * @example
 * ```ts
 * const trust = parseTrustProxy(process.env.TRUST_PROXY) // '1' → 1, 'true' → true, 'loopback, 10.0.0.0/8' → ['loopback', '10.0.0.0/8']
 * if (trust !== undefined) app.set('trust proxy', trust)
 * ```
 */
export function parseTrustProxy(value: string | undefined): boolean | number | string[] | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (text === '') return undefined
  const lower = text.toLowerCase()
  if (lower === 'true') return true
  if (lower === 'false') return false
  if (/^\d+$/.test(text)) {
    const hops = Number(text)
    if (!Number.isSafeInteger(hops)) throw invalid(value, 'a hop count must be a small whole number')
    return hops
  }
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
  for (const entry of entries) {
    if (NAMES.has(entry)) continue
    const [address, bits, ...rest] = entry.split('/')
    const family = isIP(address ?? '')
    const max = family === 6 ? 128 : 32
    if (!family || rest.length || (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max))) {
      throw invalid(value, `'${entry}' is not an address, a subnet (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`)
    }
  }
  return entries
}

function invalid(value: string, why: string): EscottConfigurationError {
  return new EscottConfigurationError(
    `TRUST_PROXY=${JSON.stringify(value)}: ${why}. Use true, false, a hop count (1 = the first proxy in front of the shop), or comma-separated addresses/subnets (see Express's "behind proxies" guide)`,
  )
}
