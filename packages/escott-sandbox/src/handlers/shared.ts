/** Pieces shared by the card, member and 3-D Secure handlers. */
import type { CardSource, Gateway } from '../gateway.js'
import { THREE_D_FIELDS } from '../gateway.js'
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

/** Authentication-assist kana checks (K25/K26) when the merchant requires them. */
export function kanaChecks(m: MerchantRecord, f: Fields, source: CardSource | undefined): string[] {
  if (!m.kanaRequired) return []
  const tok = source?.kind === 'token' ? source.token : undefined
  const sei = f.KanaSei || tok?.kanaSei
  const mei = f.KanaMei || tok?.kanaMei
  const codes: string[] = []
  if (!sei || !KANA.test(sei)) codes.push('K25')
  if (!mei || !KANA.test(mei)) codes.push('K26')
  return codes
}

export function has3DFields(f: Fields): boolean {
  for (const k of THREE_D_FIELDS) if (f[k]) return true
  return false
}

/**
 * Checks the 3-D fields of a 1Auth/1Gathering/1Check against a finished, passed, unused authentication of the same
 * token or member (K31 otherwise; K35/K36 on a CAVV/ECI mismatch).
 */
export function check3D(gw: Gateway, m: MerchantRecord, f: Fields, source: CardSource): { auth?: AuthenticationRecord; codes: string[] } {
  if (m.threeDSecure === 'off') return { codes: ['K06'] }
  const a = f.TransactionId3D ? gw.store.authentications.get(f.TransactionId3D) : undefined
  if (!a || a.merchantId !== m.merchantId || !a.passed || a.used) return { codes: ['K31'] }
  const sameCard =
    source.kind === 'token' ? a.token === source.token.token : source.kind === 'member' ? a.kaiinId === source.member.kaiinId : false
  if (!sameCard) return { codes: ['K31'] }
  const codes: string[] = []
  if (f.CAVV3D && f.CAVV3D !== a.cavv) codes.push('K35')
  if (f.ECI3D && f.ECI3D !== a.eci) codes.push('K36')
  return codes.length ? { codes } : { auth: a, codes }
}
