/** A tiny HTML templating helper: every interpolated value is escaped unless wrapped with `raw()`. */
import { escapeHtml } from 'escott-core'

const RAW = Symbol('raw-html')

/** HTML that must not be escaped again. */
export interface RawHtml {
  readonly [RAW]: true
  readonly value: string
}

/** Marks already-safe HTML. Never pass user input to it. */
export function raw(value: string): RawHtml {
  return { [RAW]: true, value }
}

function isRaw(v: unknown): v is RawHtml {
  return typeof v === 'object' && v !== null && (v as RawHtml)[RAW] === true
}

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return ''
  if (Array.isArray(value)) return value.map(render).join('')
  if (isRaw(value)) return value.value
  return escapeHtml(value)
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`; arrays are joined; null/undefined/false render nothing. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): RawHtml {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '')
  return raw(out)
}

/** JSON for an inline `<script>`: `<`, `>`, `&` and line separators are escaped so the data cannot end the script. */
export function scriptJson(value: unknown): RawHtml {
  return raw(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  )
}
