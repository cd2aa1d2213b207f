/** What the plugin's routes share: reaching the providers, the shopper's language, the return-URL rule. */
import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http'
import type { IPaymentModuleService } from '@medusajs/framework/types'
import type { ThrottleVerdict } from 'escott-flows'
import { ContainerRegistrationKeys, MedusaError, Modules } from '@medusajs/framework/utils'
import { escottProvider, escottProviderIds } from './resolve-provider'

export function paymentModuleOf(req: MedusaRequest): IPaymentModuleService {
  return req.scope.resolve(Modules.PAYMENT)
}

export function languageOf(req: MedusaRequest): 'ja' | 'en' {
  const header = String(req.headers['accept-language'] ?? '')
  const first = header.split(',')[0]?.trim().toLowerCase() ?? ''
  return first === '' || first.startsWith('ja') ? 'ja' : 'en'
}

/** Every enabled card (or CVS) provider instance, for requests that carry only the gateway's payload. */
export async function allProviders<I extends 'escott-card' | 'escott-cvs'>(req: MedusaRequest, identifier: I) {
  const payment = paymentModuleOf(req)
  const ids = await escottProviderIds(payment, identifier)
  return ids.map((id) => ({ id, provider: escottProvider(payment, id, identifier) }))
}

/**
 * A return URL must point at the storefront: the origin of the provider's `storefrontUrl`, or one of the literal
 * origins in Medusa's `storeCors`. Anything else would make the 3-D Secure return an open redirect.
 */
export function checkReturnUrl(req: MedusaRequest, url: unknown, storefrontUrl: string | undefined): string | undefined {
  if (url === undefined || url === null || url === '') return undefined
  let parsed: URL
  try {
    parsed = new URL(String(url))
  } catch {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: return_url must be an absolute URL of the storefront')
  }
  const allowed = new Set<string>()
  if (storefrontUrl) allowed.add(new URL(storefrontUrl).origin)
  try {
    const config = req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as { projectConfig?: { http?: { storeCors?: string } } }
    for (const entry of (config.projectConfig?.http?.storeCors ?? '').split(',')) {
      try {
        allowed.add(new URL(entry.trim()).origin)
      } catch {
        // regular expressions and blanks are not origins
      }
    }
  } catch {
    // no config module in this container
  }
  if (!allowed.has(parsed.origin) || !/^https?:$/.test(parsed.protocol)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `escott: return_url must be on the storefront (${[...allowed].join(', ') || 'set storefrontUrl or storeCors'})`)
  }
  return parsed.href
}

/** The storefront address after 3-D Secure, with the outcome in the query string. */
export function withOutcome(base: string, params: Record<string, string>): string {
  const u = new URL(base)
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v)
  return u.href
}

/** The client address as Express resolves it (Medusa's `trust proxy` setting decides which forwarded hop counts). */
export function clientOf(req: MedusaRequest): string | undefined {
  return req.ip ?? req.socket?.remoteAddress ?? undefined
}

/** Answers a throttled payment attempt: 429, `Retry-After`, the shopper message in the request's language. */
export function sendLocked(req: MedusaRequest, res: MedusaResponse, verdict: Extract<ThrottleVerdict, { kind: 'locked' }>): void {
  res
    .status(429)
    .set('Retry-After', String(verdict.retryAfterSeconds))
    .json({ type: 'not_allowed', code: 'escott_too_many_attempts', message: verdict.shopper[languageOf(req)] })
}
