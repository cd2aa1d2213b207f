/**
 * Input schemas shared by the resources. Built once at module load (never per call); every message names the
 * rule and the fix, because it ends up in an `EscottValidationError` the developer reads.
 */
import { z } from 'zod'
import { EscottValidationError } from './errors/escott-error.js'
import type { OperateId } from './operations.js'

import { MAX_AMOUNT, MAX_CVS_AMOUNT } from './money.js'

export const amount = z
  .number({ error: 'must be a number of yen' })
  .int('must be an integer number of yen (no decimals: 1000, not 1000.5)')
  .min(1, 'must be at least 1 yen')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT.toLocaleString('en')} yen (7 digits)`)

export const cvsAmount = amount.max(MAX_CVS_AMOUNT, `must be at most ${MAX_CVS_AMOUNT.toLocaleString('en')} yen for convenience-store / online payment`)

const alnum = (label: string, max: number) =>
  z.string({ error: `${label} is required` }).regex(new RegExp(`^[A-Za-z0-9]{1,${max}}$`), `must be 1–${max} half-width letters or digits`)

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

export const payType = z
  .string()
  .regex(/^(01|0[2-9]|1[0-2]|15|16|18|20|24|30|36|48|54|60|72|80|88)$/, "must be a PayType code: '01' lump sum, '02'–'72' instalments, '80' bonus, '88' revolving")

/** MerchantFree1..3 carry your references; kept to printable ASCII so every gateway hop keeps them intact. */
export const merchantFree = z.string().regex(/^[\x21-\x7E]{1,32}$/, 'must be 1–32 half-width printable characters without spaces')
export const merchantFree3 = z.string().min(1).max(32, 'must be at most 32 characters')

/** A date as `Date` or `yyyyMMdd`. */
export const dateLike = z.union([z.date(), z.string().regex(/^\d{8}$/, "must be a Date or 'yyyyMMdd'")])

/** 7-character 3-D Secure processing number. */
export const procNo = z.string().regex(/^[0-9A-Za-z]{7}$/, 'must be exactly 7 half-width letters or digits')

export const redirectUrl = z
  .string()
  .url('must be an absolute URL')
  .max(64, 'must be at most 64 characters: e-SCOTT truncates longer RedirectUrls and 3-D Secure fails (use a short return path)')
  .regex(/^https?:\/\//, 'must start with https:// (http:// only for local testing)')

export const postUrl = z.string().url('must be an absolute URL').max(256).regex(/^https?:\/\//, 'must start with https://')

export const email = z.string().email('must be an e-mail address (required by card brands for 3-D Secure)').max(254)

/** Cardholder name as printed on the card (romanised). */
export const cardholderName = z
  .string({ error: 'cardholderName is required for 3-D Secure (card brand rule since August 2024)' })
  .trim()
  .regex(/^[A-Za-z][A-Za-z .'-]{0,44}$/, 'must be the romanised name on the card: 1–45 letters, spaces, dots, apostrophes or hyphens')

/** Half-width katakana and hiragana become full-width katakana, so shoppers' input is not refused for form alone. */
export function toFullWidthKatakana(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60))
    .replace(/ /g, '\u3000')
}

export const kana = (max: number) =>
  z
    .string()
    .transform(toFullWidthKatakana)
    .pipe(z.string().regex(new RegExp(`^[\u30A1-\u30F6\u30FC\u3000]{1,${max}}$`), `must be 1–${max} full-width katakana (カタカナ)`))

export const fullWidthText = (max: number) =>
  z
    .string()
    .transform((v) => v.normalize('NFKC').trim())
    .pipe(
      z
        .string()
        .min(1, 'is required')
        .max(max, `must be at most ${max} characters`)
        .regex(/^[^\uFF61-\uFF9F]*$/, 'must not contain half-width katakana'),
    )

/** Japanese phone number; hyphens and spaces are accepted and removed. */
export const telNo = z
  .string()
  .transform((v) => v.normalize('NFKC').replace(/[-\s()]/g, ''))
  .pipe(z.string().regex(/^0\d{9,10}$/, 'must be a Japanese phone number of 10 or 11 digits starting with 0'))

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
