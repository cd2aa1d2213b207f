/** Pieces shared by the card, member and 3-D Secure handlers. */
import type { CardSource, Gateway } from '../gateway.js'
import { BIRTH_DAY, THREE_D_FIELDS } from '../gateway.js'
import type { AuthenticationRecord, MerchantRecord } from '../state.js'
import type { Fields } from '../wire.js'

export const PAY_TYPE = /^(01|0[2-9]|1[0-2]|15|16|18|20|24|30|36|48|54|60|72|80|88)$/
const KANA = /^[\u30A1-\u30F6\u30FC\u3000 \uFF66-\uFF9F]{1,30}$/

export type Result = Fields | Promise<Fields>

export function fail(r: Fields, codes: string[]): Fields {
  r.ResponseCd = codes.join('|')
  return r
}

/** Integer yen 1..max, or undefined. */
export function parseAmount(value: string | undefined, max = 9_999_999): number | undefined {
  if (!value || !/^\d{1,7}$/.test(value)) return undefined
  const n = Number(value)
  return n >= 1 && n <= max ? n : undefined
}

/** Where the card comes from: Token, else KaiinId/KaiinPass, else CardNo/CardExp. Tokens are looked up, not consumed. */
export function resolveSource(gw: Gateway, m: MerchantRecord, f: Fields, now: number): { source?: CardSource; codes: string[] } {
  if (f.Token) {
    const { token, code } = gw.lookupToken(m, f.Token, now)
    if (!token) return { codes: [code!] }
    const card = { cardNo: token.cardNo, cardExp: token.cardExp, ...(token.secCd ? { secCd: token.secCd } : {}) }
    return { source: { kind: 'token', token, card }, codes: [] }
  }
  if (f.KaiinId || f.KaiinPass) {
    const { member, codes } = gw.verifyMember(m, f, now, 'pay')
    if (!member) return { codes }
    return { source: { kind: 'member', member, card: { cardNo: member.cardNo, cardExp: member.cardExp } }, codes: [] }
  }
  if (f.CardNo || f.CardExp) {
    const { card, codes } = gw.rawCard(f)
    if (!card) return { codes }
    return { source: { kind: 'card', card }, codes: [] }
  }
  return { codes: ['K20'] }
}

/** Half-width katakana, the form E2 and E42 send KanaSei / KanaMei in (mb_convert_kana 'kha', E2 SLN_C_Base.php:122-124). */
const HALF_WIDTH_KANA = /^[\uFF66-\uFF9F]{1,30}$/

/**
 * Authentication-assist checks of a 1Auth / 1Gathering / 1Check: KanaSei / KanaMei sent on the message must be
 * half-width katakana (K25 / K26) and are mandatory when the merchant requires kana (the token script's kana count
 * too); TelNo is the last 4 digits of the phone number (K28: 電話番号下4桁精査エラー, E42 errors.yml); BirthDay is
 * `MMdd` (K27).
 */
export function assistChecks(m: MerchantRecord, f: Fields, source: CardSource | undefined): string[] {
  const tok = source?.kind === 'token' ? source.token : undefined
  const codes: string[] = []
  if (f.KanaSei ? !HALF_WIDTH_KANA.test(f.KanaSei) : m.kanaRequired && !(tok?.kanaSei && KANA.test(tok.kanaSei))) codes.push('K25')
  if (f.KanaMei ? !HALF_WIDTH_KANA.test(f.KanaMei) : m.kanaRequired && !(tok?.kanaMei && KANA.test(tok.kanaMei))) codes.push('K26')
  if (f.BirthDay !== undefined && f.BirthDay !== '' && !BIRTH_DAY.test(f.BirthDay)) codes.push('K27')
  if (f.TelNo !== undefined && f.TelNo !== '' && !/^\d{4}$/.test(f.TelNo)) codes.push('K28')
  return codes
}

export function has3DFields(f: Fields): boolean {
  for (const k of THREE_D_FIELDS) if (f[k]) return true
  return false
}

/**
 * The passed, unused authentication of this token or member that a 1Auth's 3-D fields refer to: the one with their
 * ThreeDSServerTransactionId, else the latest one of the card.
 */
function findAuthentication(gw: Gateway, m: MerchantRecord, f: Fields, source: CardSource): AuthenticationRecord | undefined {
  const sameCard = (a: AuthenticationRecord) => (source.kind === 'token' ? a.token === source.token.token : source.kind === 'member' ? a.kaiinId === source.member.kaiinId : false)
  const usable = (a: AuthenticationRecord) => a.merchantId === m.merchantId && a.passed && !a.used && sameCard(a)
  if (f.ThreeDSServerTransactionId) {
    const a = gw.store.authentications.get(f.ThreeDSServerTransactionId)
    return a && usable(a) ? a : undefined
  }
  let latest: AuthenticationRecord | undefined
  for (const a of gw.store.authentications.values()) if (usable(a) && (!latest || a.createdAt >= latest.createdAt)) latest = a
  return latest
}

/**
 * Checks the 3-D fields of a 1Auth / 1Gathering / 1Check against a finished, passed, unused authentication of the same
 * token or member. No such authentication: K35 (its CAVV cannot be verified). A field that differs from the
 * authentication: its own code — K30 MessageVersionNo3D, K32 EncodeXId3D, K33 TransactionStatus3D, K34
 * CAVVAlgorithm3D, K35 CAVV3D, K36 ECI3D; a malformed TransactionId3D (3-D Secure 1.0, not used otherwise) K31.
 */
export function check3D(gw: Gateway, m: MerchantRecord, f: Fields, source: CardSource): { auth?: AuthenticationRecord; codes: string[] } {
  if (m.threeDSecure === 'off') return { codes: ['K06'] }
  if (f.MessageVersionNo3D && !/^\d\.\d\.\d$/.test(f.MessageVersionNo3D)) return { codes: ['K30'] }
  if (f.TransactionId3D && !/^[\x21-\x7E]{1,40}$/.test(f.TransactionId3D)) return { codes: ['K31'] }
  const a = findAuthentication(gw, m, f, source)
  if (!a) return { codes: ['K35'] }
  const codes: string[] = []
  const differs = (sent: string | undefined, kept: string) => (sent ?? '') !== kept
  if (differs(f.MessageVersionNo3D, a.messageVersion)) codes.push('K30')
  if (differs(f.EncodeXId3D, a.encodeXId)) codes.push('K32')
  if (differs(f.TransactionStatus3D, a.transactionStatus)) codes.push('K33')
  if (differs(f.CAVVAlgorithm3D, a.cavvAlgorithm)) codes.push('K34')
  if (differs(f.CAVV3D, a.cavv)) codes.push('K35')
  if (differs(f.ECI3D, a.eci)) codes.push('K36')
  return codes.length ? { codes } : { auth: a, codes }
}
