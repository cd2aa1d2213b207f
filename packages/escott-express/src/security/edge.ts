/**
 * Input checks at the edge: control characters (NUL and the other C0 controls, DEL, C1) in an id, a query value or a
 * form field are refused with 400 before any handler runs, so they never reach a store (PostgreSQL refuses a NUL with an
 * error, which would have been a 500) or a log.
 */
import type { Request, RequestHandler } from 'express'
import { CONTROL_CHARACTERS } from 'escott-core/wire'

/** Tab, line feed and carriage return are allowed in form text (a textarea); nowhere else. */
const FORM_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/

function badValue(value: unknown, pattern: RegExp): boolean {
  if (typeof value === 'string') return pattern.test(value)
  if (Array.isArray(value)) return value.some((v) => badValue(v, pattern))
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => pattern.test(k) || badValue(v, pattern))
  return false
}

/** The first part of the request with a control character, or undefined. */
export function controlCharacterIn(req: Request): 'path' | 'query' | 'form' | undefined {
  // The raw path: Express decodes params later; %00 must be caught before it becomes a NUL in req.params.
  let path = req.path
  try {
    path = decodeURIComponent(req.path)
  } catch {
    return 'path'
  }
  if (CONTROL_CHARACTERS.test(path)) return 'path'
  if (badValue(req.query, CONTROL_CHARACTERS)) return 'query'
  if (req.body && typeof req.body === 'object' && badValue(req.body, FORM_CONTROL)) return 'form'
  return undefined
}

/** Refuses a request whose path, query or (already parsed) form carries a control character. */
export function refuseControlCharacters(onRefuse: (req: Request, res: Parameters<RequestHandler>[1], where: string) => void): RequestHandler {
  return (req, res, next) => {
    const where = controlCharacterIn(req)
    if (where) return onRefuse(req, res, where)
    next()
  }
}
