/** Escaping for the shop's templates: every interpolated value goes through `esc` unless it is already HTML. */
export { escapeHtml as esc } from 'escott-core'
