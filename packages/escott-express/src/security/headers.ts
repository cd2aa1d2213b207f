/**
 * Security headers: every page of the router gets nosniff, a same-origin referrer policy (the order page URL is a
 * capability: it must not leak to other sites, and same-origin form posts must keep their Origin header) and a CSP that
 * lets only the shop frame it; the admin pages are never framed (`frame-ancestors 'none'`, clickjacking) and post only
 * to the shop itself.
 */
import type { RequestHandler } from 'express'

const COMMON = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
}

/** Shop pages: the checkout auto-posts to the gateway (3-D Secure) and loads its token script, so no form-action / script-src. */
export const SHOP_CSP = "frame-ancestors 'self'; base-uri 'none'; object-src 'none'"

/** Admin pages: never in a frame, forms post to this origin only. */
export const ADMIN_CSP = "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"

/** Headers for every route of the router. */
export function shopHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.set({ ...COMMON, 'Content-Security-Policy': SHOP_CSP, 'X-Frame-Options': 'SAMEORIGIN' })
    next()
  }
}

/** Headers for the admin pages (replace the shop's). */
export function adminHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.set({ ...COMMON, 'Content-Security-Policy': ADMIN_CSP, 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' })
    next()
  }
}
