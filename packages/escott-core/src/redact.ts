/** Removes secrets and card data from field maps before they reach a log, an error or a snapshot. */

/** Wire fields that are never shown, not even partly. */
const SECRET_FIELDS = new Set([
  'MerchantPass',
  'KaiinPass',
  'NewKaiinPass',
  'ProcessPass',
  'SecCd',
  'CardExp',
  'Token',
  'EncryptValue',
  'k_TokenNinsyoCode',
  'TokenNinsyoCode',
  'HashCd',
  'CAVV3D',
  'BirthDay',
  'TelNo',
  'KanaSei',
  'KanaMei',
  'NameKanji',
  'NameKana',
  'BillingFullName',
  'BillingEmail',
  'McTelNo',
  'McBirthDay',
])

/** Fields shown masked (first 6 and last 4 digits). */
const CARD_FIELDS = new Set(['CardNo', 'PANCardNo3D'])

export const REDACTED = '[REDACTED]'

/** Masks a card number down to BIN and last four digits. */
export function maskCardNumber(value: string): string {
  const digits = String(value).replace(/\D/g, '')
  if (digits.length < 12) return REDACTED
  return digits.slice(0, 6) + '*'.repeat(digits.length - 10) + digits.slice(-4)
}

/** A copy of `fields` with every secret replaced; safe to log. */
export function redactFields(fields: Record<string, string | number | undefined | null>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key in fields) {
    const value = fields[key]
    if (value === undefined || value === null) continue
    if (SECRET_FIELDS.has(key)) out[key] = REDACTED
    else if (CARD_FIELDS.has(key)) out[key] = maskCardNumber(String(value))
    else out[key] = String(value)
  }
  return out
}
