/**
 * Admin CSRF protection, in two independent layers:
 * 1. the origin: a state change needs a same-origin `Origin` (or `Sec-Fetch-Site: same-origin`); `Origin: null` and a
 *    missing Origin are refused — a cross-site form sent through a 307 redirect arrives with `Origin: null`;
 * 2. a token (double-submit): the admin pages set a random token in an HttpOnly, SameSite=Strict cookie and put the
 *    same value in every form; a state change must send both, equal (compared in constant time). A cross-site page can
 *    neither read the cookie nor the form.
 * The admin's own authentication (Basic auth, a session) is sent by the browser automatically, so it proves nothing
 * about who made the request.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Request, RequestHandler, Response } from 'express'
import { originRefusal } from './origin.js'

/** The form field that carries the token. */
export const CSRF_FIELD = '_csrf'

function cookieName(req: Request): string {
  // __Host- binds the cookie to this host over HTTPS (no subdomain can set it); plain HTTP (local development) cannot use it.
  return req.secure ? '__Host-escott_admin_csrf' : 'escott_admin_csrf'
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/

/** The admin page's token: the cookie's, or a new one set on the response. */
export function csrfToken(req: Request, res: Response): string {
  const existing = res.locals.escottCsrf as string | undefined
  if (existing) return existing
  const name = cookieName(req)
  let token = readCookie(req, name)
  if (!token || !TOKEN.test(token)) {
    token = randomBytes(32).toString('base64url')
    res.append('Set-Cookie', `${name}=${token}; Path=/; HttpOnly; SameSite=Strict${req.secure ? '; Secure' : ''}`)
  }
  res.locals.escottCsrf = token
  return token
}

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false
  return timingSafeEqual(Buffer.from(a), Buffer.from(b))
}

/** Why an admin state change was refused. */
export type CsrfRefusal = 'cross_site' | 'opaque_origin' | 'no_origin' | 'token'

/**
 * Guards the admin's state-changing requests (after the form body is parsed). `onRefuse` answers (403); the request
 * never reaches the handler.
 */
export function adminCsrf(publicUrl: string | undefined, onRefuse: (req: Request, res: Response, why: CsrfRefusal) => void): RequestHandler {
  return (req, res, next) => {
    const origin = originRefusal(req, publicUrl, true)
    if (origin) return onRefuse(req, res, origin)
    const body = (req.body ?? {}) as Record<string, unknown>
    const sent = typeof body[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : undefined
    if (!sameToken(sent, readCookie(req, cookieName(req)))) return onRefuse(req, res, 'token')
    next()
  }
}
