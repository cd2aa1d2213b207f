/**
 * Character-set conversion of e-SCOTT text fields — the one place where escott decides what width a character is
 * sent in. Each function reproduces a PHP `mb_convert_kana` mode that the gateway's own modules apply before sending
 * (E2 = Sony Payment Services' EC-CUBE 2 module `mdl_sln`, E42 = its EC-CUBE 4.2 plugin `SlnPayment42`):
 *
 * | Field(s)                                         | Sources                                                     | Function                |
 * |--------------------------------------------------|-------------------------------------------------------------|-------------------------|
 * | 1Auth/1Check/4MemAdd `KanaSei`, `KanaMei`        | `'kha'`: E2 SLN_C_Base.php:122-124, E42 Content/Basic.php:63-65 | {@link toHalfWidthKatakana} |
 * | 2Add `NameKanji`, `ShouhinName`                  | `'KVSA'`: E2 SLN_C_Base.php:82, SLN_Util.php:210, E42 Content/Basic.php:53-62; CS func.php:2735 `'RNASKV'` | {@link toFullWidth} |
 * | 2Add `Free1`–`Free16`, `Comment`                 | `'ASK'` + E2's hand mapping of `" ' \ ~`: E2 SLN_C_Base.php:157-174, SLN_Util.php:233-254, E42 Content/Basic.php:66-83 | {@link toFullWidth} |
 * | 2Add `NameKana`                                  | `'KVSA'` (E2/E42), `'KVC'` (Woo class-spfwc-payment-gateway-cvs.php:307) | {@link toFullWidthKatakana} |
 * | phone numbers (`TelNo`, `Free18`)                | `'a'`: CS func.php:2780, E2 SLN_Config.php:287            | {@link toHalfWidthPhone} |
 * | 2Add `Free19`                                    | `'KVa'`: E2 SLN_Config.php:288                              | {@link toHalfWidthAscii} |
 *
 * The conversions never drop a character: what cannot be converted stays as it is, and the field's validation (in
 * `validation.ts`) refuses it with a message naming the field.
 */

import { EscottValidationError } from './errors/escott-error.js'

const FULLWIDTH_OFFSET = 0xfee0

/** Every conversion takes text; anything else is the caller's mistake, reported as an EscottError. */
function text(value: unknown, fn: string): string {
  if (typeof value !== 'string') throw new EscottValidationError(undefined, [{ field: 'value', message: `${fn} needs a string` }])
  return value
}

/**
 * `mb_convert_kana` mode `A` leaves `"`, `'`, `\` and `~` half-width; E2 maps them by hand (SLN_Util.php:233-254) to
 * ＂ ＇ ＼ ～, which are exactly their U+FF00 block counterparts, so every printable ASCII character shifts by 0xFEE0.
 */
function asciiToFullWidth(ch: string): string {
  // Called for printable ASCII only (the pattern of toFullWidth): the space, or a character of the shifted block.
  const c = ch.charCodeAt(0)
  return c === 0x20 ? '\u3000' /* mode S */ : String.fromCharCode(c + FULLWIDTH_OFFSET)
}

/** Half-width katakana runs become full-width katakana with their voiced marks merged (modes K and V). */
function halfWidthKanaToFullWidth(value: string): string {
  return value.replace(/[\uFF61-\uFF9F]+/g, (run) =>
    run
      .normalize('NFKC')
      // A voiced mark with nothing to merge into stays a visible mark (゛ ゜), as mb_convert_kana leaves it.
      .replace(/\u3099/g, '\u309B')
      .replace(/\u309A/g, '\u309C'),
  )
}

/**
 * The full-width form e-SCOTT expects for 2Add's NameKanji, ShouhinName, Free1–Free16 and Comment: half-width
 * letters, digits, symbols and spaces become full-width (including `" ' \ ~`, as E2 maps them), half-width katakana
 * becomes full-width katakana with voiced marks merged. Kanji, kana and other full-width text are untouched.
 *
 * @example toFullWidth('Tシャツ ｻｲｽﾞM') === 'Ｔシャツ　サイズＭ'
 */
export function toFullWidth(value: string): string {
  return halfWidthKanaToFullWidth(text(value, 'toFullWidth')).replace(/[\x20-\x7E]/g, asciiToFullWidth)
}

/** Hiragana become katakana (mb_convert_kana mode C). */
function hiraganaToKatakana(value: string): string {
  return value.replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60))
}

/**
 * Full-width katakana for 2Add's NameKana: hiragana and half-width katakana become full-width katakana, spaces
 * become ideographic spaces, everything else as {@link toFullWidth}.
 *
 * @example toFullWidthKatakana('やまだ ﾀﾛｳ') === 'ヤマダ　タロウ'
 */
export function toFullWidthKatakana(value: string): string {
  return toFullWidth(hiraganaToKatakana(text(value, 'toFullWidthKatakana')))
}

/** Full-width katakana → half-width, built from Unicode's own compatibility mapping of the half-width block. */
const HALF_WIDTH_KANA = (() => {
  const map = new Map<string, string>()
  for (let c = 0xff61; c <= 0xff9d; c++) {
    const half = String.fromCharCode(c)
    map.set(half.normalize('NFKC'), half)
  }
  // Small or rare katakana without a half-width form: mb_convert_kana gives the nearest plain one.
  for (const [full, half] of [
    ['ヵ', 'ｶ'],
    ['ヶ', 'ｹ'],
    ['ヮ', 'ﾜ'],
    ['ヰ', 'ｲ'],
    ['ヱ', 'ｴ'],
  ] as const)
    map.set(full, half)
  map.set('\u3099', '\uFF9E') // combining voiced mark (from NFD)
  map.set('\u309A', '\uFF9F')
  map.set('\u309B', '\uFF9E') // ゛
  map.set('\u309C', '\uFF9F') // ゜
  return map
})()

/**
 * Half-width katakana, as E2 and E42 send the authentication-assist KanaSei / KanaMei (`mb_convert_kana(.., 'kha')`):
 * hiragana and full-width katakana become half-width katakana (ガ → ｶﾞ), full-width letters and digits become
 * half-width.
 *
 * @example toHalfWidthKatakana('やまだ') === 'ﾔﾏﾀﾞ'
 */
export function toHalfWidthKatakana(value: string): string {
  let out = ''
  for (const ch of toHalfWidthAscii(hiraganaToKatakana(text(value, 'toHalfWidthKatakana'))).normalize('NFD')) out += HALF_WIDTH_KANA.get(ch) ?? ch
  return out
}

/**
 * Full-width ASCII letters, digits and symbols become half-width, and the ideographic space a normal space
 * (mb_convert_kana modes `a` and `s`): what shoppers type on Japanese keyboards in phone-number fields.
 *
 * @example toHalfWidthAscii('０３－１２３４') === '03-1234'
 */
export function toHalfWidthAscii(value: string): string {
  return text(value, 'toHalfWidthAscii')
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - FULLWIDTH_OFFSET))
    .replace(/\u3000/g, ' ')
}

/**
 * A phone number as typed on a Japanese keyboard, in half-width: {@link toHalfWidthAscii}, and the dashes IMEs
 * produce between digits (‐ – — ― − ー) become hyphens.
 *
 * @example toHalfWidthPhone('０３ー１２３４ー５６７８') === '03-1234-5678'
 */
export function toHalfWidthPhone(value: string): string {
  return toHalfWidthAscii(text(value, 'toHalfWidthPhone')).replace(/[\u2010-\u2015\u2212\u30FC]/g, '-')
}

/** True when every character is full width: no ASCII, no control character, no half-width katakana. */
export function isFullWidth(value: string): boolean {
  return typeof value === 'string' && !/[\x00-\x7F\uFF61-\uFF9F]/.test(value)
}

/** True when every character is half-width katakana (what KanaSei / KanaMei must be after conversion). */
export function isHalfWidthKatakana(value: string): boolean {
  return typeof value === 'string' && /^[\uFF66-\uFF9F]+$/.test(value)
}
