/**
 * HTML escaping for the pages the SDK renders (the 3-D Secure redirect form), exported so that adapters escape the
 * same way. The sandbox keeps its own on purpose: it does not import escott-core.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Escapes text for HTML element content and quoted attribute values (`& < > " '`).
 *
 * @example
 * ```ts
 * import { escapeHtml } from 'escott-core'
 * `<input value="${escapeHtml(value)}">`
 * ```
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}
