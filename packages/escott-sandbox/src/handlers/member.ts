/** OCRP005: the card vault (4MemAdd 4MemChg 4MemRef 4MemRefM 4MemInval 4MemUnInval 4MemDel 4MemRefToken). */
import type { CardSource, Gateway } from '../gateway.js'
import type { CardData, MemberRecord, MerchantRecord } from '../state.js'
import { maskCard, tokyoDate } from '../util.js'
import type { Fields } from '../wire.js'
import { fail, type Result } from './shared.js'
import { findTestCard, securityCodeCheck } from '../cards.js'

export function handleMember(gw: Gateway, m: MerchantRecord, f: Fields, now: number): Result {
  switch (f.OperateId) {
    case '4MemAdd':
      return memAdd(gw, m, f, now)
    case '4MemChg':
      return memChg(gw, m, f, now)
    case '4MemRef':
    case '4MemRefM':
      return memRef(gw, m, f, now)
    case '4MemInval':
    case '4MemUnInval':
    case '4MemDel':
      return memState(gw, m, f, now)
    case '4MemRefToken':
      return memRefToken(gw, m, f, now)
    default:
      return fail(gw.base(f, now), ['K06'])
  }
}

/** Card for a registration: Token (looked up, not consumed yet) or CardNo/CardExp. */
function registrationCard(gw: Gateway, m: MerchantRecord, f: Fields, now: number, required: boolean): { source?: CardSource; codes: string[] } {
  if (f.Token) {
    const { token, code } = gw.lookupToken(m, f.Token, now)
    if (!token) return { codes: [code!] }
    return { source: { kind: 'token', token, card: { cardNo: token.cardNo, cardExp: token.cardExp, ...(token.secCd ? { secCd: token.secCd } : {}) } }, codes: [] }
  }
  if (f.CardNo || f.CardExp) {
    const { card, codes } = gw.rawCard(f)
    return card ? { source: { kind: 'card', card }, codes } : { codes }
  }
  return required ? { codes: ['K20'] } : { codes: [] }
}

/**
 * Registers a member (also used by OTDS010 after a passed authentication). Consumes the token. Registration does not
 * authorise the card: the FAQ tells merchants to check a token with 1TokenSearch before registering it. A security
 * code is compared (McSecCd in the answer, as E42's MemAdd answer lists it). EnableCheckUseKbn is E42's 洗替使用区分
 * (card-information refresh, SlnContent/Credit/Member.php:66-69): kept and echoed.
 */
export function registerMember(gw: Gateway, m: MerchantRecord, f: Fields, now: number, via3DS: boolean): { codes: string[]; member?: MemberRecord; mcSecCd?: string; companyCd?: string } {
  const op = f.OperateId!
  const codes: string[] = []
  const isAdd = op === '4MemAdd'
  let existing: MemberRecord | undefined
  if (isAdd) {
    if (!f.KaiinId || !/^[A-Za-z0-9]{1,20}$/.test(f.KaiinId)) codes.push('K45')
    if (!f.KaiinPass || !/^[A-Za-z0-9]{1,20}$/.test(f.KaiinPass)) codes.push('K46')
  }
  if (f.NewKaiinPass !== undefined && !/^[A-Za-z0-9]{1,20}$/.test(f.NewKaiinPass)) codes.push('K47')
  if (f.EnableCheckUseKbn !== undefined && f.EnableCheckUseKbn !== '' && !/^[01]$/.test(f.EnableCheckUseKbn)) codes.push('K48')
  const { source, codes: cardCodes } = registrationCard(gw, m, f, now, isAdd)
  codes.push(...cardCodes)
  if (codes.length) return { codes }
  if (isAdd) {
    // Deleted KaiinIds are never reusable either.
    if (gw.member(m, f.KaiinId!)) return { codes: ['K69'] }
  } else {
    const v = gw.verifyMember(m, f, now, 'manage')
    if (!v.member) return { codes: v.codes }
    if (v.member.locked) return { codes: ['K74'] }
    if (v.member.invalidated) return { codes: ['K75'] }
    existing = v.member
  }
  let card: CardData | undefined = source?.card
  if (source?.kind === 'token') gw.consumeToken(source.token, op, now)
  const mcSecCd = card?.secCd ? securityCodeCheck(card.secCd).mcSecCd : undefined
  const companyCd = card ? findTestCard(card.cardNo)!.companyCd : existing!.companyCd
  let mem: MemberRecord
  if (existing) {
    mem = existing
    if (card) {
      mem.cardNo = card.cardNo
      mem.cardExp = card.cardExp
      mem.companyCd = companyCd
      mem.enableDate = tokyoDate(now)
      mem.via3DS = via3DS
    }
    if (f.NewKaiinPass) mem.kaiinPass = f.NewKaiinPass
    if (f.EnableCheckUseKbn) mem.enableCheckUseKbn = f.EnableCheckUseKbn
    mem.updatedAt = now
  } else {
    card = card!
    mem = {
      merchantId: m.merchantId,
      kaiinId: f.KaiinId!,
      kaiinPass: f.KaiinPass!,
      cardNo: card.cardNo,
      cardExp: card.cardExp,
      companyCd,
      invalidated: false,
      deleted: false,
      failures: 0,
      locked: false,
      via3DS,
      ...(f.EnableCheckUseKbn ? { enableCheckUseKbn: f.EnableCheckUseKbn } : {}),
      enableDate: tokyoDate(now),
      createdAt: now,
      updatedAt: now,
    }
    gw.store.addMember(mem)
  }
  gw.store.touch()
  return { codes: [], member: mem, companyCd, ...(mcSecCd ? { mcSecCd } : {}) }
}

function memAdd(gw: Gateway, m: MerchantRecord, f: Fields, now: number): Fields {
  return memWrite(gw, m, f, now)
}

function memChg(gw: Gateway, m: MerchantRecord, f: Fields, now: number): Fields {
  return memWrite(gw, m, f, now)
}

function memWrite(gw: Gateway, m: MerchantRecord, f: Fields, now: number): Fields {
  const r = gw.base(f, now)
  const res = registerMember(gw, m, f, now, false)
  if (res.codes.length) return fail(r, res.codes)
  r.KaiinId = res.member!.kaiinId
  r.ResponseCd = 'OK'
  r.CompanyCd = res.companyCd!
  if (f.EnableCheckUseKbn) r.EnableCheckUseKbn = f.EnableCheckUseKbn
  if (res.mcSecCd) r.McSecCd = res.mcSecCd
  return r
}

function describe(gw: Gateway, mem: MemberRecord, r: Fields, now: number): Fields {
  r.ResponseCd = 'OK'
  r.CardNo = maskCard(mem.cardNo)
  r.CardExp = mem.cardExp
  r.CompanyCd = mem.companyCd
  r.KaiinStatus = gw.kaiinStatus(mem, now)
  r.KaiinEnableDate = mem.enableDate
  return r
}

function memRef(gw: Gateway, m: MerchantRecord, f: Fields, now: number): Fields {
  const r = gw.base(f, now)
  const v = gw.verifyMember(m, f, now, 'ref')
  if (!v.member) return fail(r, v.codes)
  r.KaiinId = v.member.kaiinId
  return describe(gw, v.member, r, now)
}

function memState(gw: Gateway, m: MerchantRecord, f: Fields, now: number): Fields {
  const r = gw.base(f, now)
  const v = gw.verifyMember(m, f, now, 'ref')
  if (!v.member) return fail(r, v.codes)
  const mem = v.member
  if (mem.deleted) return fail(r, ['K71'])
  switch (f.OperateId) {
    case '4MemInval':
      if (mem.invalidated) return fail(r, ['K75'])
      mem.invalidated = true
      break
    case '4MemUnInval':
      if (!mem.invalidated && !mem.locked) return fail(r, ['K73'])
      // A member whose stored card has expired cannot be restored: register a new KaiinId.
      if (gw.cardExpired(mem, now)) return fail(r, ['K79'])
      mem.invalidated = false
      mem.locked = false
      mem.failures = 0
      r.CompanyCd = mem.companyCd
      break
    case '4MemDel':
      if (!mem.invalidated) return fail(r, ['K70'])
      mem.deleted = true
      break
  }
  mem.updatedAt = now
  gw.store.touch()
  r.ResponseCd = 'OK'
  return r
}

function memRefToken(gw: Gateway, m: MerchantRecord, f: Fields, now: number): Fields {
  const r = gw.base(f, now)
  const { token, code } = gw.lookupToken(m, f.Token, now)
  if (!token) return fail(r, [code!])
  const found: MemberRecord[] = []
  for (const mem of gw.store.members.values()) {
    if (mem.merchantId === m.merchantId && !mem.deleted && mem.cardNo === token.cardNo) found.push(mem)
  }
  if (found.length === 0) return fail(r, ['K71'])
  if (found.length > 30) return fail(r, ['K15'])
  found.sort((a, b) => b.updatedAt - a.updatedAt)
  r.KaiinId = found[0]!.kaiinId
  return describe(gw, found[0]!, r, now)
}
