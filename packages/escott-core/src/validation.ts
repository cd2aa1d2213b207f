/**
 * Input schemas shared by the resources. Built once at module load (never per call); every message names the
 * rule and the fix, because it ends up in an `EscottValidationError` the developer reads.
 */
import { z } from 'zod'
import { EscottValidationError } from './errors/escott-error.js'
import type { OperateId } from './operations.js'
import { tokyoDate } from './time.js'
import { isFullWidth, isHalfWidthKatakana, toFullWidth, toFullWidthKatakana, toHalfWidthAscii, toHalfWidthKatakana, toHalfWidthPhone } from './text.js'

import { MAX_AMOUNT, MAX_CVS_AMOUNT } from './money.js'

export const amount = z
  .number({ error: 'must be a number of yen' })
  .int('must be an integer number of yen (no decimals: 1000, not 1000.5)')
  .min(1, 'must be at least 1 yen')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT.toLocaleString('en')} yen (7 digits)`)

export const cvsAmount = amount.max(MAX_CVS_AMOUNT, `must be at most ${MAX_CVS_AMOUNT.toLocaleString('en')} yen for convenience-store / online payment`)

const alnum = (label: string, max: number) => z.string({ error: `${label} is required` }).regex(new RegExp(`^[A-Za-z0-9]{1,${max}}$`), `must be 1–${max} half-width letters or digits`)

export const processId = alnum('processId', 64)
export const processPass = alnum('processPass', 64)

export const member = z.object(
  {
    kaiinId: alnum('kaiinId', 20),
    kaiinPass: alnum('kaiinPass', 20),
  },
  { error: 'member must be { kaiinId, kaiinPass }' },
)

export const token = z
  .string({ error: 'token is required (the value the token script passed to your callback)' })
  .regex(/^[A-Za-z0-9+/=_.-]{8,256}$/, 'must be the token string returned by SpsvApi.spsvCreateToken (8–256 URL-safe characters)')

export const payType = z.string().regex(/^(01|0[2-9]|1[0-2]|15|16|18|20|24|30|36|48|54|60|72|80|88)$/, "must be a PayType code: '01' lump sum, '02'–'72' instalments, '80' bonus, '88' revolving")

/**
 * MerchantFree1..3 carry your references; kept to printable ASCII so every gateway hop keeps them intact. `&` is
 * refused: e-SCOTT echoes the values unencoded in its `key=value&…` answer (its own modules split answers on `&`
 * without decoding, E2 SLN_C_Base.php:444-450, E42 Util.php:208-215), so an `&` would cut the value.
 */
export const merchantFree = z.string().regex(/^[\x21-\x25\x27-\x7E]{1,32}$/, "must be 1–32 half-width printable characters without spaces or '&'")
export const merchantFree3 = z
  .string()
  .min(1)
  .max(32, 'must be at most 32 characters')
  .refine((value) => !value.includes('&'), "must not contain '&' (e-SCOTT echoes it unencoded in its answer)")

/** A date as `Date` or `yyyyMMdd`. */
export const dateLike = z.union([z.date(), z.string().regex(/^\d{8}$/, "must be a Date or 'yyyyMMdd'")])

/**
 * SalesDate of 1Capture / 1ReAuth: a Date or `yyyyMMdd`, not after today in Japan (e-SCOTT answers K39 for a
 * future date: 「YYYYMMDD形式では無い、または未来日付」, Welcart paymentESCOTT.main.class.php K39).
 */
export const salesDate = dateLike.refine((d) => (typeof d === 'string' ? d : tokyoDate(d)) <= tokyoDate(), 'must not be after today in Japan (e-SCOTT refuses a future SalesDate with K39)')

/** 7-character 3-D Secure processing number. */
export const procNo = z.string().regex(/^[0-9A-Za-z]{7}$/, 'must be exactly 7 half-width letters or digits')

/** Default upper bound of RedirectUrl; `threeDSecure.maxRedirectUrlLength` changes it (https://github.com/escott-js/escott/blob/main/docs/protocol-decisions.md). */
export const DEFAULT_MAX_REDIRECT_URL_LENGTH = 64

export const redirectUrl = z
  .string()
  .url('must be an absolute URL')
  .max(2048, 'must be at most 2048 characters')
  .regex(/^https?:\/\//, 'must start with https:// (http:// only for local testing)')

export const postUrl = z
  .string()
  .url('must be an absolute URL')
  .max(256)
  .regex(/^https?:\/\//, 'must start with https://')

export const email = z.string().email('must be an e-mail address (required by card brands for 3-D Secure)').max(254)

/** Cardholder name as printed on the card (romanised). */
export const cardholderName = z
  .string({ error: 'cardholderName is required for 3-D Secure (card brand rule since August 2024)' })
  .trim()
  .regex(/^[A-Za-z][A-Za-z .'-]{0,44}$/, 'must be the romanised name on the card: 1–45 letters, spaces, dots, apostrophes or hyphens')

/**
 * Katakana text such as 2Add's NameKana: hiragana and half-width katakana are converted to full-width katakana
 * (text.ts), so nothing the shopper typed is refused for its form alone.
 */
export const kana = (max: number) =>
  z
    .string()
    .transform((value) => toFullWidthKatakana(value.trim()))
    .pipe(z.string().regex(new RegExp(`^[\u30A1-\u30F6\u30FC\u3000]{1,${max}}$`), `must be 1–${max} full-width katakana (カタカナ)`))

/**
 * Authentication-assist KanaSei / KanaMei: 1–10 kana as the gateway's own checkout forms accept them (E2
 * SLN_Credit.php:33, E42 CardType.php:117-127), sent as half-width katakana like E2 and E42 send them.
 */
export const cardKana = z
  .string()
  .transform((value) => value.trim())
  .refine((value) => /^[\u3041-\u3096\u30A1-\u30FA\u30FC\uFF66-\uFF9F]+$/.test(value), 'must be katakana or hiragana without spaces (the name on the card, surname and given name separately)')
  .refine((value) => [...toFullWidthKatakana(value).normalize('NFC')].length <= 10, "must be at most 10 kana (the limit of the gateway's own checkout forms)")
  .transform(toHalfWidthKatakana)
  .pipe(z.string().refine(isHalfWidthKatakana, 'could not be converted to half-width katakana'))

/**
 * Text 2Add sends full width (NameKanji, ShouhinName, Free1–Free16, Comment): half-width letters, digits, symbols,
 * spaces and katakana are converted (text.ts); control characters are refused.
 */
export const fullWidthText = (max: number, label?: string) =>
  z
    .string()
    .transform((value) => toFullWidth(value.trim()))
    .pipe(
      z
        .string()
        .min(1, 'is required')
        .max(max, `must be at most ${max} characters${label ? ` (${label})` : ''}`)
        .refine(isFullWidth, 'must not contain control characters (tabs, line breaks)'),
    )

/** Optional full-width lines (free areas, guidance): an empty line is allowed and not sent. */
export const fullWidthLine = (max: number, label: string) => z.union([z.literal(''), fullWidthText(max, label)])

/** Characters E2 refuses in 2Add's Free17, Free19 and Title (SLN_Config.php:437-460). */
const PROHIBITED = /[&<>"'*]/
export const plainText = (max: number, label: string) =>
  z
    .string()
    .max(max, `must be at most ${max} characters (${label})`)
    .refine((value) => !PROHIBITED.test(value), `must not contain & < > " ' * (${label})`)

/** 2Add Free18 (問合せ電話): half-width digits and hyphens, at most 12 (E2 SLN_Config.php:287, 329-331). */
export const contactTel = z
  .string()
  .transform(toHalfWidthPhone)
  .pipe(z.string().regex(/^[0-9-]{1,12}$/, 'must be at most 12 half-width digits and hyphens (Free18, 問合せ電話)'))

/** 2Add Free19 (問合せ時間): at most 11 printable half-width characters (E2 SLN_Config.php:288 GRAPH_CHECK). */
export const contactHours = z
  .string()
  .transform(toHalfWidthAscii)
  .pipe(plainText(11, 'Free19, 問合せ時間').refine((value) => /^[\x20-\x7E]*$/.test(value), 'must be half-width characters such as 9:00-18:00 (Free19, 問合せ時間)'))

/** Japanese phone number; full-width digits, hyphens and spaces are accepted and removed. */
export const telNo = z
  .string()
  .transform((v) => toHalfWidthPhone(v).replace(/[-\s()]/g, ''))
  .pipe(z.string().regex(/^0\d{9,10}$/, 'must be a Japanese phone number of 10 or 11 digits starting with 0'))

/**
 * 2Add TelNo as typed (`telNoFormat: 'asEntered'`): the gateway accepts half-width digits and hyphens, at most 13
 * characters (Welcart's copy of the K28 text: 「半角数字ハイフン≦13桁」; E2 SLN_C_Base.php:93-97 drops a digit of
 * 4-4-4 numbers for that reason).
 */
export const telNoAsEntered = z
  .string()
  .transform((v) => toHalfWidthPhone(v).replace(/\s/g, ''))
  .pipe(z.string().regex(/^[0-9-]{1,13}$/, "must be at most 13 half-width digits and hyphens with telNoFormat 'asEntered' (e-SCOTT answers K28 otherwise)"))

/**
 * Authentication-assist TelNo: the gateway compares the last 4 digits of the cardholder's phone number (E42
 * SlnContent/Credit/Master.php:80 「電話番号下4ケタです」, errors.yml K28 電話番号下4桁精査エラー; E2
 * SLN_C_Base.php:89 and sln_credit.tpl:171). Give those 4 digits, or the whole number (10–11 digits, hyphens
 * allowed): only its last 4 digits are sent.
 */
export const assistTelNo = z
  .string()
  .transform((v) => toHalfWidthPhone(v).replace(/[-\s()]/g, ''))
  .pipe(
    z
      .string()
      .regex(/^(\d{4}|0\d{9,10})$/, 'must be the last 4 digits of the phone number (or the whole number, 10–11 digits, of which the last 4 are sent)')
      .transform((digits) => digits.slice(-4)),
  )

/** Converts zod issues into one `EscottValidationError` that names each field and its fix. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, operation: OperateId | undefined): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = result.error.issues.map((i) => ({
    field: i.path.map(String).join('.') || 'input',
    message: i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message,
  }))
  throw new EscottValidationError(operation, issues)
}
