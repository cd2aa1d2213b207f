/**
 * Where a state-changing browser request comes from. Browsers send `Origin` on every POST; a cross-site form that went
 * through a redirect arrives with `Origin: null` (Chromium), so `null` proves nothing. `Sec-Fetch-Site` (fetch metadata,
 * sent by current browsers) tells same-origin from cross-site even then.
 */
import type { Request } from 'express'

/** Why a request's origin is refused. */
export type OriginRefusal = 'cross_site' | 'opaque_origin' | 'no_origin'

/** The hosts the shop answers under: the request's own Host, a proxy's X-Forwarded-Host (when trusted), `publicUrl`'s. */
function ownHosts(req: Request, publicUrl: string | undefined): string[] {
  const hosts = [req.get('host')]
  if (req.app?.get('trust proxy fn')?.(req.socket.remoteAddress ?? '', 0)) hosts.push(req.get('x-forwarded-host'))
  if (publicUrl) hosts.push(new URL(publicUrl).host)
  return hosts.filter((h): h is string => typeof h === 'string' && h !== '')
}

/**
 * Checks a state-changing request's origin. `strict` (admin): a missing or `null` Origin passes only when the browser
 * says `Sec-Fetch-Site: same-origin`; without strict (shop forms) a request with neither header (a non-browser client)
 * passes. Undefined when the request may go ahead.
 */
export function originRefusal(req: Request, publicUrl: string | undefined, strict: boolean): OriginRefusal | undefined {
  const site = req.get('sec-fetch-site')
  // `same-site` (a sibling subdomain, or the shop's pages on www. posting to pay.) still needs an Origin of the shop below.
  if (site === 'cross-site' || site === 'none') return 'cross_site'
  const origin = req.get('origin')
  const source = origin ?? req.get('referer')
  if (source === undefined) return strict && site !== 'same-origin' ? 'no_origin' : undefined
  if (source === 'null') return site === 'same-origin' ? undefined : 'opaque_origin'
  let host: string
  try {
    host = new URL(source).host
  } catch {
    return 'cross_site'
  }
  return ownHosts(req, publicUrl).includes(host) ? undefined : 'cross_site'
}
