/**
 * Card brands, `PayType` codes and the installment options each brand allows.
 *
 * Sources: the e-SCOTT Smart manuals of the WooCommerce and Welcart plugins (支払回数) list the same per-brand
 * table; the gateway's EC-CUBE 2 module gives the complete `PayType` code list. Ambiguities and the choices made:
 * https://github.com/escott-js/escott/blob/main/docs/decisions-tables.md
 */
import type { Bilingual } from './codes/types.js'
import { EscottValidationError } from './errors/escott-error.js'
import type { OperateId } from './operations.js'

/**
 * A card brand as far as installment rules care.
 * - `VISA`, `MASTER` (Mastercard), `JCB`, `AMEX` (American Express), `DINERS` (Diners Club): the five brands of the
 *   e-SCOTT basic contract; the names follow the manuals' own spelling (“VISA、MASTER、JCB”, “AMEX”, “Diners”).
 * - `DISCOVER`: recognised so that callers can tell it apart, but the manuals list no installment rules for it.
 * - `UNKNOWN`: anything else, including input too short or malformed to decide.
 */
export type CardBrand = (typeof CARD_BRANDS)[number]

/** Every {@link CardBrand}, in the manuals' order. */
export const CARD_BRANDS = ['VISA', 'MASTER', 'JCB', 'AMEX', 'DINERS', 'DISCOVER', 'UNKNOWN'] as const

/** Other spellings people (and card-type fields of other systems) use, keyed by their normalised form. */
const BRAND_ALIASES: Readonly<Record<string, CardBrand>> = {
  MASTERCARD: 'MASTER',
  MC: 'MASTER',
  AMERICANEXPRESS: 'AMEX',
  AMEXCARD: 'AMEX',
  AX: 'AMEX',
  DINERSCLUB: 'DINERS',
  DINERSCLUBINTERNATIONAL: 'DINERS',
  DINER: 'DINERS',
  DC: 'DINERS',
  DISCOVERCARD: 'DISCOVER',
  JAPANCREDITBUREAU: 'JCB',
  VISACARD: 'VISA',
}

const CANONICAL: ReadonlySet<string> = new Set(CARD_BRANDS)

/** The aliases {@link parseCardBrand} accepts, for messages and docs. */
export const CARD_BRAND_ALIASES: readonly string[] = Object.freeze(['Mastercard', 'MC', 'American Express', 'Diners Club', 'Discover Card', 'Visa card'])

/**
 * The {@link CardBrand} a name stands for, whatever its case, width, spaces, hyphens or dots: `visa` → `VISA`,
 * `Mastercard` → `MASTER`, `American Express` / `Amex` → `AMEX`, `Diners Club` → `DINERS`. Undefined for anything
 * else.
 *
 * @example
 * ```ts
 * import { parseCardBrand } from 'escott-core'
 * parseCardBrand('Mastercard') // 'MASTER'
 * parseCardBrand('ｖｉｓａ') // 'VISA'
 * parseCardBrand('UnionPay') // undefined
 * ```
 */
export function parseCardBrand(value: unknown): CardBrand | undefined {
  if (typeof value !== 'string') return undefined
  const key = value
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s._-]/g, '')
  if (CANONICAL.has(key)) return key as CardBrand
  return BRAND_ALIASES[key]
}

/** What an unknown brand message lists. */
export function cardBrandHint(): string {
  return `use one of ${CARD_BRANDS.join(', ')} (any case; also ${CARD_BRAND_ALIASES.join(', ')})`
}

/**
 * {@link parseCardBrand}, or an `EscottValidationError` naming `field` and listing the allowed values.
 */
export function requireCardBrand(value: unknown, field = 'brand', operation?: OperateId): CardBrand {
  const brand = parseCardBrand(value)
  if (brand) return brand
  throw new EscottValidationError(operation, [{ field, message: `unknown card brand ${JSON.stringify(value)}: ${cardBrandHint()}` }])
}

/** Digits of a card number or BIN after removing spaces and hyphens; `undefined` when anything else remains. */
function digitsOf(value: string): string | undefined {
  if (typeof value !== 'string') return undefined
  const digits = value.replace(/[\s-]/g, '')
  return /^\d+$/.test(digits) ? digits : undefined
}

/** True when the first `width` digits of `digits` exist and form a number within `[from, to]`. */
function prefixIn(digits: string, width: number, from: number, to: number): boolean {
  if (digits.length < width) return false
  const n = Number(digits.slice(0, width))
  return n >= from && n <= to
}

/**
 * Detects the brand from a full card number or its leading digits (a 6-digit BIN is enough; even fewer digits work
 * when they already decide, e.g. `4` → VISA), or a masked number such as `400000******1000` (the digits before the
 * first `*` count). Spaces and hyphens are ignored; any other character yields `UNKNOWN`.
 *
 * Ranges: JCB 3528–3589; Diners 36, 300–305, 38, 39; AMEX 34, 37; Mastercard 51–55 and 2221–2720; VISA 4;
 * Discover 6011, 65, 644–649.
 */
export function detectBrand(cardNumberOrBin: string): CardBrand {
  if (typeof cardNumberOrBin !== 'string') return 'UNKNOWN'
  // A masked number from the token callback or 4MemRefM (`400000******1000`): the leading digits are the BIN.
  const star = cardNumberOrBin.indexOf('*')
  const d = digitsOf(star === -1 ? cardNumberOrBin : cardNumberOrBin.slice(0, star))
  if (!d) return 'UNKNOWN'
  if (d.startsWith('4')) return 'VISA'
  if (prefixIn(d, 2, 51, 55) || prefixIn(d, 4, 2221, 2720)) return 'MASTER'
  if (prefixIn(d, 2, 34, 34) || prefixIn(d, 2, 37, 37)) return 'AMEX'
  if (prefixIn(d, 4, 3528, 3589)) return 'JCB'
  if (prefixIn(d, 2, 36, 36) || prefixIn(d, 2, 38, 39) || prefixIn(d, 3, 300, 305)) return 'DINERS'
  if (prefixIn(d, 4, 6011, 6011) || prefixIn(d, 2, 65, 65) || prefixIn(d, 3, 644, 649)) return 'DISCOVER'
  return 'UNKNOWN'
}

/**
 * Luhn (mod 10) check of a card number. Spaces and hyphens are ignored; anything else, or a length outside
 * 12–19 digits (the lengths payment cards use), gives `false`.
 */
export function luhnValid(cardNumber: string): boolean {
  const d = digitsOf(cardNumber)
  if (!d || d.length < 12 || d.length > 19) return false
  let sum = 0
  let double = false
  for (let i = d.length - 1; i >= 0; i--) {
    let n = d.charCodeAt(i) - 48
    if (double) {
      n *= 2
      if (n > 9) n -= 9
    }
    sum += n
    double = !double
  }
  return sum % 10 === 0
}

/** How a `PayType` splits the payment. */
export type PayTypeKind = 'lump' | 'installment' | 'bonus' | 'revolving'

/** One `PayType` code with its meaning and labels. */
export interface PayTypeInfo extends Bilingual {
  /** The two-digit value sent in the `PayType` field. */
  readonly code: string
  readonly kind: PayTypeKind
  /** Number of payments for `lump` (1) and `installment`; absent for bonus and revolving. */
  readonly count?: number
}

const INSTALLMENT_COUNTS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 18, 20, 24, 30, 36, 48, 54, 60, 72] as const

const pad2 = (n: number) => String(n).padStart(2, '0')

/**
 * Every `PayType` the gateway knows, in display order: `01` lump sum (一括払い), `02`–`72` installments
 * (the list of the gateway's EC-CUBE 2 module: 02–12, 15, 16, 18, 20, 24, 30, 36, 48, 54, 60, 72), `80` bonus lump sum
 * (ボーナス一括払い), `88` revolving (リボ払い). Whether a code is accepted also depends on the brand and the
 * merchant's contract — see {@link installmentOptions}.
 */
export const PAY_TYPES: readonly PayTypeInfo[] = Object.freeze([
  Object.freeze({ code: '01', kind: 'lump', count: 1, ja: '一括払い', en: 'Lump sum' } as const),
  ...INSTALLMENT_COUNTS.map((n) => Object.freeze({ code: pad2(n), kind: 'installment', count: n, ja: `${n}回払い`, en: `${n} installments` } as const)),
  Object.freeze({ code: '80', kind: 'bonus', ja: 'ボーナス一括払い', en: 'Bonus lump sum' } as const),
  Object.freeze({ code: '88', kind: 'revolving', ja: 'リボ払い', en: 'Revolving' } as const),
])

const BY_CODE: ReadonlyMap<string, PayTypeInfo> = new Map(PAY_TYPES.map((p) => [p.code, p]))

/** The {@link PAY_TYPES} entry of a code, or `undefined` for a code the gateway does not know. */
export function payTypeInfo(code: string): PayTypeInfo | undefined {
  return BY_CODE.get(code)
}

/**
 * Which installment choices the shop offers, as in the plugins' 支払回数 setting:
 * - `lump`: 一括払いのみ (lump sum only; also the only choice with the hosted “external link” page);
 * - `installments`: 分割払いを有効にする (installments and revolving);
 * - `installmentsAndBonus`: 分割払いとボーナス払いを有効にする (everything the brand allows; the default here).
 */
export type InstallmentMode = 'lump' | 'installments' | 'installmentsAndBonus'

/** Codes per brand, in the order the checkout shows them (as the Welcart manual does: counts, then リボ, then ボーナス). */
const BRAND_CODES: Readonly<Record<CardBrand, readonly string[]>> = {
  // both manuals
  VISA: ['01', '02', '03', '05', '06', '10', '12', '15', '18', '20', '24', '88', '80'],
  MASTER: ['01', '02', '03', '05', '06', '10', '12', '15', '18', '20', '24', '88', '80'],
  JCB: ['01', '02', '03', '05', '06', '10', '12', '15', '18', '20', '24', '88', '80'],
  // both manuals: no 2 installments, no revolving
  AMEX: ['01', '03', '05', '06', '10', '12', '15', '18', '20', '24', '80'],
  // the Welcart manual (the WooCommerce one omits 1回; lump sum is always possible)
  DINERS: ['01', '88', '80'],
  // not covered by the manuals: lump sum only
  DISCOVER: ['01'],
  UNKNOWN: ['01'],
}

function modeAllows(mode: InstallmentMode, info: PayTypeInfo): boolean {
  if (info.kind === 'lump') return true
  if (mode === 'lump') return false
  if (info.kind === 'bonus') return mode === 'installmentsAndBonus'
  return true
}

/**
 * The `PayType` choices a shopper may pick for a card of this brand, with labels, in display order.
 * Lump sum (`01`) is always first. `mode` narrows the list to the shop's 支払回数 setting (default: everything the
 * brand allows). The brand is read with {@link parseCardBrand} (`'visa'` works); an unknown name is an
 * `EscottValidationError` listing the allowed ones.
 *
 * | brand | codes |
 * |---|---|
 * | VISA, MASTER, JCB | 01, 02, 03, 05, 06, 10, 12, 15, 18, 20, 24, 88 (リボ), 80 (ボーナス) |
 * | AMEX | 01, 03, 05, 06, 10, 12, 15, 18, 20, 24, 80 |
 * | DINERS | 01, 88, 80 |
 * | DISCOVER, UNKNOWN | 01 |
 *
 * @example
 * ```ts
 * import { detectBrand, installmentOptions } from 'escott-core'
 * installmentOptions(detectBrand(maskedCardNo)).map((p) => p.ja) // ['一括払い', '2回払い', …]
 * installmentOptions('amex', 'installments').map((p) => p.code) // ['01', '03', '05', …]
 * ```
 */
export function installmentOptions(brand: CardBrand | (string & {}), mode: InstallmentMode = 'installmentsAndBonus'): readonly PayTypeInfo[] {
  const codes = BRAND_CODES[requireCardBrand(brand)]
  const out: PayTypeInfo[] = []
  for (const code of codes) {
    const info = BY_CODE.get(code)
    if (info && modeAllows(mode, info)) out.push(info)
  }
  return out
}

/**
 * True when `payType` (the exact two-digit code, e.g. `'03'`) is offered for this brand under `mode`
 * (default: everything the brand allows).
 */
export function isPayTypeAllowed(brand: CardBrand | (string & {}), payType: string, mode: InstallmentMode = 'installmentsAndBonus'): boolean {
  return installmentOptions(brand, mode).some((p) => p.code === payType)
}
