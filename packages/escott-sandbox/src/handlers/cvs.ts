/** OCNV005: online payment collection (2Add 2Chg 2Del 2Ref), the payment-place page and paying at a store. */
import type { Gateway } from '../gateway.js'
import type { CvsRecord, MerchantRecord } from '../state.js'
import { codedError, parseTokyo, randomAlnum, randomDigits, randomHex, tokyoDateTime } from '../util.js'
import type { Fields } from '../wire.js'
import { fail, parseAmount } from './shared.js'
import { CVS_STORES } from '../pages.js'

export const MAX_CVS_AMOUNT = 299_999
const KANA = /^[\u30A1-\u30F6\u30FC\u3000 \uFF66-\uFF9F\u3041-\u3096]+$/
/** Full-width text: no ASCII (letters, digits, symbols, spaces, controls) and no half-width katakana. */
const FULL_WIDTH = /^[^\x00-\x7F\uFF61-\uFF9F]*$/

function within(v: string | undefined, max: number): boolean {
  return v === undefined || v.length <= max
}

/**
 * Fields 2Add takes full width only (WC paymentESCOTT.main.class.php:1663 「ShouhinName は全角文字のみ許容される」; the
 * gateway's own modules convert NameKanji, ShouhinName, Free1–Free16 and Comment to full width before sending, E2
 * SLN_C_Base.php:82,157-174, E42 Content/Basic.php:53-83). Missing = fine; present = at most `max` full-width characters.
 */
function fullWidth(v: string | undefined, max: number): boolean {
  return v === undefined || v === '' || (v.length <= max && FULL_WIDTH.test(v))
}

/** Whether a pending payment is past its PayLimit (yyyyMMddHHmm, inclusive of that minute). */
export function cvsExpired(c: CvsRecord, now: number): boolean {
  const limit = parseTokyo(c.payLimit)
  return c.status === 'pending' && limit !== undefined && now >= limit + 60_000
}

/** Status for display and 2Ref: pending, paid, canceled or expired. */
export function cvsState(c: CvsRecord, now: number): string {
  return cvsExpired(c, now) ? 'expired' : c.status
}

function payLimitCode(v: string | undefined, now: number): boolean {
  if (!v || !/^\d{12}$/.test(v)) return false
  const t = parseTokyo(v)
  return t !== undefined && t > now
}

function issueNumbers(gw: Gateway, c: CvsRecord) {
  c.kessaiNumber = randomDigits(11)
  c.freeArea = randomAlnum(40)
  gw.store.indexCvs(c)
}

export function handleCvs(gw: Gateway, m: MerchantRecord, f: Fields, now: number): Fields {
  const r = gw.base(f, now)
  const op = f.OperateId
  if (op === '2Add') {
    const codes: string[] = []
    const amount = parseAmount(f.Amount, MAX_CVS_AMOUNT)
    if (amount === undefined) codes.push('K23')
    if (!payLimitCode(f.PayLimit, now)) codes.push('K50')
    if (!f.NameKanji || !fullWidth(f.NameKanji, 20)) codes.push('K51')
    if (!f.NameKana || f.NameKana.length > 20 || !KANA.test(f.NameKana)) codes.push('K52')
    // 「半角数字ハイフン≦13桁」 (Welcart's copy of the K28 text, paymentESCOTT.main.class.php:3655).
    if (!f.TelNo || !/^(?=.*\d)[0-9-]{1,13}$/.test(f.TelNo)) codes.push('K28')
    if (!f.ShouhinName || !fullWidth(f.ShouhinName, 16)) codes.push('K53')
    for (let i = 1; i <= 7; i++)
      if (!fullWidth(f['Free' + i], 16)) {
        codes.push('K54')
        break
      }
    if (!fullWidth(f.Comment, 30)) codes.push('K55')
    for (let i = 8; i <= 16; i++)
      if (!fullWidth(f['Free' + i], 30)) {
        codes.push('K56')
        break
      }
    if (!within(f.Free17, 21)) codes.push('K57')
    if (f.Free18 && !/^[0-9-]{1,12}$/.test(f.Free18)) codes.push('K58') // E2 SLN_Config.php:329-331
    if (f.Free19 && !/^[\x20-\x7E]{1,11}$/.test(f.Free19)) codes.push('K59') // E2 SLN_Config.php:288 (GRAPH_CHECK)
    // E2 cuts ReturnURL at 128 (SLN_C_Base.php:111, defines.php MODORISAKIURL_LEN).
    if (f.ReturnURL && (!/^https?:\/\/\S+$/.test(f.ReturnURL) || f.ReturnURL.length > 128)) codes.push('K60')
    if (codes.length) return fail(r, codes)
    const c: CvsRecord = {
      processId: randomHex(16),
      processPass: randomHex(16),
      merchantId: m.merchantId,
      transactionId: r.TransactionId!,
      transactionDate: r.TransactionDate!,
      ...(f.MerchantFree1 ? { merchantFree1: f.MerchantFree1 } : {}),
      ...(f.MerchantFree2 ? { merchantFree2: f.MerchantFree2 } : {}),
      ...(f.MerchantFree3 ? { merchantFree3: f.MerchantFree3 } : {}),
      amount: amount!,
      payLimit: f.PayLimit!,
      nameKanji: f.NameKanji!,
      nameKana: f.NameKana!,
      telNo: f.TelNo!,
      shouhinName: f.ShouhinName!,
      kessaiNumber: '',
      freeArea: '',
      superseded: [],
      status: 'pending',
      stampFlag: amount! >= 50_000 ? '1' : '0',
      createdAt: now,
      history: [{ operateId: '2Add', at: now, transactionId: r.TransactionId! }],
    }
    issueNumbers(gw, c)
    gw.store.addCvs(c)
    gw.store.touch()
    return { ...r, ProcessId: c.processId, ProcessPass: c.processPass, ResponseCd: 'OK', KessaiNumber: c.kessaiNumber, FreeArea: c.freeArea }
  }
  if (op !== '2Chg' && op !== '2Del' && op !== '2Ref') return fail(r, ['K06'])
  const codes: string[] = []
  if (!f.ProcessId || !/^[A-Za-z0-9]{1,64}$/.test(f.ProcessId)) codes.push('K10')
  if (!f.ProcessPass || !/^[A-Za-z0-9]{1,64}$/.test(f.ProcessPass)) codes.push('K11')
  let amount: number | undefined
  if (op === '2Chg') {
    if (f.Amount !== undefined && f.Amount !== '') {
      amount = parseAmount(f.Amount, MAX_CVS_AMOUNT)
      if (amount === undefined) codes.push('K23')
    }
    if (f.PayLimit && !payLimitCode(f.PayLimit, now)) codes.push('K50')
    if (!f.PayLimit && amount === undefined) codes.push('K50')
  }
  if (codes.length) return fail(r, codes)
  const c = gw.store.cvs.get(f.ProcessId!)
  if (!c || c.merchantId !== m.merchantId) return fail(r, ['KBZ'])
  if (c.processPass !== f.ProcessPass) return fail(r, ['K12'])
  gw.store.useCvs(c)
  const ok = (extra: Fields): Fields => {
    c.history.push({ operateId: op, at: now, transactionId: r.TransactionId! })
    gw.store.touch()
    return { ...r, ProcessId: c.processId, ProcessPass: c.processPass, ResponseCd: 'OK', ...extra }
  }
  switch (op) {
    case '2Ref':
      return ok({
        Amount: String(c.amount),
        CvsCd: c.cvsCd ?? '',
        TenantCd: c.tenantCd ?? '',
        NyukinDate: c.nyukinDate ?? '',
        StampFlag: c.stampFlag,
        RecvNum: c.recvNum ?? '',
        KessaiNumber: c.kessaiNumber,
      })
    case '2Chg':
      if (c.status !== 'pending') return fail(r, ['K14'])
      c.superseded.push(c.kessaiNumber, c.freeArea)
      gw.store.cvsIndex.delete(c.kessaiNumber)
      gw.store.cvsIndex.delete(c.freeArea)
      if (amount !== undefined) {
        c.amount = amount
        c.stampFlag = amount >= 50_000 ? '1' : '0'
      }
      if (f.PayLimit) c.payLimit = f.PayLimit
      issueNumbers(gw, c)
      return ok({ KessaiNumber: c.kessaiNumber, FreeArea: c.freeArea })
    case '2Del':
      if (c.status !== 'pending') return fail(r, ['K14'])
      c.status = 'canceled'
      return ok({})
  }
  return fail(r, ['K06'])
}

/** Finds a payment by KessaiNumber or FreeArea (current numbers only). */
export function findCvs(gw: Gateway, numberOrCode: string): CvsRecord | undefined {
  const pid = gw.store.cvsIndex.get(numberOrCode)
  return pid ? gw.store.cvs.get(pid) : undefined
}

/** The slip a payment code still opens: undefined for an unknown code and for one 2Chg/2Del replaced or withdrew. */
export function slipOfCode(gw: Gateway, code: string | undefined): CvsRecord | undefined {
  const c = code ? findCvs(gw, code) : undefined
  return c && c.freeArea === code ? c : undefined
}

/** Marks a payment paid at a store; throws when it cannot be paid. */
export function markPaid(gw: Gateway, c: CvsRecord, cvsCd: string): void {
  const now = gw.clock.nowMs()
  if (c.status !== 'pending') throw codedError('not-payable', `payment ${c.kessaiNumber} is ${c.status}`)
  if (cvsExpired(c, now)) throw codedError('expired', `payment ${c.kessaiNumber} expired at ${c.payLimit}`)
  if (!/^[A-Z]{3}$/.test(cvsCd)) throw codedError('bad-cvs', `cvsCd must be a 3-letter CvsCd such as ${CVS_STORES.map((s) => s[0]).join(', ')}`)
  c.status = 'paid'
  c.cvsCd = cvsCd
  c.recvNum = randomDigits(12)
  c.tenantCd = randomDigits(7)
  c.nyukinDate = tokyoDateTime(now)
  c.history.push({ operateId: 'paid', at: now, transactionId: '' })
  gw.store.useCvs(c)
  gw.store.touch()
}
