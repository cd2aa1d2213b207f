/**
 * OTDS010: 3-D Secure. Decrypts EncryptValue, authenticates (frictionless or a challenge page, by test card), runs the
 * merged authorisation / member registration, and returns the encrypted result to RedirectUrl (browser) and PostUrl (server).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { findTestCard } from '../cards.js'
import type { CardSource, Gateway } from '../gateway.js'
import { checkCommon } from '../merchants.js'
import { autoPostPage, challengePage, errorPage } from '../pages.js'
import type { AuthenticationRecord, MerchantRecord, TdsSession } from '../state.js'
import { aesDecrypt, aesEncrypt, DAY_MS, maskCard, randomHex, sleep } from '../util.js'
import { parseForm, type Fields } from '../wire.js'
import { authorize } from './card.js'
import { registerMember } from './member.js'
import { assistChecks, parseAmount, PAY_TYPE, resolveSource } from './shared.js'

export const TDS_PATH = '/online/tds/OTDS010.do'
export const CHALLENGE_PATH = '/online/tds/OTDS010Challenge.do'

const OPS = new Set(['3Secure', '4MemAdd', '4MemChg', '1Auth', '1Gathering'])
/** What an expired session keeps: enough to return U06 to the merchant, no card or member data. */
const SESSION_KEEP = ['MerchantId', 'OperateId', 'ProcNo', 'RedirectUrl', 'PostUrl', 'MerchantFree1', 'MerchantFree2', 'MerchantFree3'] as const

export interface PageResult {
  status: number
  html: string
}

/** One server-to-server PostUrl delivery, for tests and the console. */
export interface PostUrlDelivery {
  url: string
  at: number
  status?: number
  error?: string
}

const page = (html: string, status = 200): PageResult => ({ status, html })

/** Query string of the encrypted payload: encodeURIComponent(key)=encodeURIComponent(value) joined by `&`. */
export function encodePayload(fields: Record<string, string | undefined>): string {
  return Object.entries(fields)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v))
    .join('&')
}

export class ThreeDSecure {
  /** PostUrl deliveries, newest last. */
  readonly postUrlLog: PostUrlDelivery[] = []

  constructor(private readonly gw: Gateway) {
    gw.clock.onChange(() => this.expireSessions())
  }

  /**
   * Challenges left unanswered past the session timeout expire: their ProcNo is free again and the card data is
   * dropped; a late answer still gets U06 for a day, then the session is forgotten. Nothing is sent on expiry itself.
   */
  expireSessions(now = this.gw.clock.nowMs()) {
    const store = this.gw.store
    const timeout = this.gw.config.threeDSecure.sessionTimeoutMs
    for (const [id, s] of store.tdsSessions) {
      if (now - s.createdAt <= timeout) continue
      if (now - s.createdAt > timeout + DAY_MS) {
        store.tdsSessions.delete(id)
        if (!s.expired) store.openProcNos.delete(s.merchantId + ':' + s.fields.ProcNo)
      } else if (!s.expired) {
        s.expired = true
        store.openProcNos.delete(s.merchantId + ':' + s.fields.ProcNo)
        const kept: Fields = {}
        for (const k of SESSION_KEEP) if (s.fields[k] !== undefined) kept[k] = s.fields[k]
        s.fields = kept
        s.cardNo = maskCard(s.cardNo)
      } else continue
      store.touch()
    }
  }

  /** Browser POST of MerchantId + EncryptValue. */
  async entry(form: Fields): Promise<PageResult> {
    const gw = this.gw
    const now = gw.clock.nowMs()
    this.expireSessions(now)
    const m = form.MerchantId ? gw.store.merchants.get(form.MerchantId) : undefined
    if (!m) return page(errorPage('K02', 'MerchantId is not a sandbox merchant.'), 400)
    if (!form.EncryptValue) return page(errorPage('K01', 'EncryptValue is missing.'), 400)
    let f: Fields
    try {
      f = parseForm(aesDecrypt(form.EncryptValue, m.aesKey, m.aesIv))
    } catch {
      return page(errorPage('K01', "EncryptValue could not be decrypted with this merchant's AES key and IV (AES-128-CBC, PKCS#7, base64)."), 400)
    }
    f.MerchantId = m.merchantId
    const redirect = f.RedirectUrl ?? ''
    const maxRedirect = gw.config.threeDSecure.maxRedirectUrlLength
    if (!/^https?:\/\/\S+$/.test(redirect) || redirect.length > maxRedirect) {
      return page(errorPage('K01', `RedirectUrl must be an absolute http(s) URL of at most ${maxRedirect} characters (got ${redirect.length}): the gateway cannot return the shopper.`), 400)
    }
    const fail = (codes: string[]) => this.finish(m, f, { ResponseCd: codes.join('|') }, undefined)

    const common = checkCommon(gw.store, f, undefined, now, true)
    if (common.codes.length) return fail(common.codes)
    const op = f.OperateId ?? ''
    if (m.threeDSecure === 'off' || !OPS.has(op)) return fail(['K06'])
    const codes: string[] = []
    if (!f.ProcNo || !/^[0-9A-Za-z]{7}$/.test(f.ProcNo)) codes.push('K86')
    if (f.PostUrl && (!/^https?:\/\/\S+$/.test(f.PostUrl) || f.PostUrl.length > 256)) codes.push('K87')
    if (op === '3Secure' || op === '1Auth' || op === '1Gathering') {
      if (parseAmount(f.Amount) === undefined) codes.push('K23')
    }
    if ((op === '1Auth' || op === '1Gathering') && f.PayType && !PAY_TYPE.test(f.PayType)) codes.push('K22')
    // Mandatory since the August 2024 card-brand rule.
    if (!f.BillingFullName || !f.BillingEmail || !/^[^@\s]+@[^@\s]+$/.test(f.BillingEmail)) codes.push('U13')
    let source: CardSource | undefined
    if (op === '4MemAdd' || op === '4MemChg') {
      if (op === '4MemAdd') {
        if (!f.KaiinId || !/^[A-Za-z0-9]{1,20}$/.test(f.KaiinId)) codes.push('K45')
        if (!f.KaiinPass || !/^[A-Za-z0-9]{1,20}$/.test(f.KaiinPass)) codes.push('K46')
        else if (f.KaiinId && gw.member(m, f.KaiinId)) codes.push('K69')
      } else {
        const v = gw.verifyMember(m, f, now, 'manage')
        if (!v.member) codes.push(...v.codes)
      }
      const { token, code } = gw.lookupToken(m, f.Token, now)
      if (!token) codes.push(code!)
      else source = { kind: 'token', token, card: { cardNo: token.cardNo, cardExp: token.cardExp } }
    } else {
      const r = resolveSource(gw, m, f, now)
      codes.push(...r.codes)
      source = r.source
      if (op !== '3Secure') codes.push(...assistChecks(m, f, source))
    }
    if (codes.length || !source) return fail(codes)
    const openKey = m.merchantId + ':' + f.ProcNo
    if (gw.store.openProcNos.has(openKey)) return fail(['K89'])

    const card = findTestCard(source.card.cardNo)!
    const session: TdsSession = { id: randomHex(16), merchantId: m.merchantId, fields: f, cardNo: source.card.cardNo, createdAt: now, done: false }
    if (card.threeDSecure.flow === 'challenge') {
      gw.store.tdsSessions.set(session.id, session)
      gw.store.openProcNos.add(openKey)
      gw.store.touch()
      return page(challengePage({ session: session.id, maskedCardNo: maskCard(session.cardNo), ...(f.Amount ? { amount: f.Amount } : {}), merchantName: m.merchantName, action: CHALLENGE_PATH }))
    }
    return this.authenticate(m, session, card.threeDSecure.secureResultCode, source)
  }

  /** The challenge page's buttons. */
  async challenge(form: Fields): Promise<PageResult> {
    const gw = this.gw
    this.expireSessions()
    const session = form.session ? gw.store.tdsSessions.get(form.session) : undefined
    if (!session || session.done) return page(errorPage('U08', 'This authentication session no longer exists (already answered or never opened).'), 400)
    session.done = true
    gw.store.tdsSessions.delete(session.id)
    gw.store.openProcNos.delete(session.merchantId + ':' + session.fields.ProcNo)
    gw.store.touch()
    const m = gw.store.merchants.get(session.merchantId)!
    if (session.expired) {
      return this.finish(m, session.fields, { ResponseCd: 'U06' }, undefined)
    }
    const card = findTestCard(session.cardNo)!
    const src = form.action === 'approve' ? card.threeDSecure.secureResultCode : '1'
    return this.authenticate(m, session, src, undefined)
  }

  private async authenticate(m: MerchantRecord, session: TdsSession, src: string, source: CardSource | undefined): Promise<PageResult> {
    const gw = this.gw
    const now = gw.clock.nowMs()
    const f = session.fields
    const op = f.OperateId!
    const card = findTestCard(session.cardNo)!
    const passed = src === '0' || src === '2' || src === '3' || src === '4'
    const master = card.brand === 'Mastercard'
    const eci = src === '0' ? (master ? '02' : '05') : src === '4' ? (master ? '01' : '06') : master ? '00' : '07'
    const cavv = src === '0' || src === '4' ? randomBytes(20).toString('base64') : ''
    const auth: AuthenticationRecord = {
      id: randomUUID(),
      merchantId: m.merchantId,
      secureResultCode: src,
      messageVersion: '2.2.0',
      dsTransactionId: randomUUID(),
      encodeXId: randomBytes(20).toString('base64'),
      transactionStatus: src === '0' ? 'Y' : src === '4' ? 'A' : src === '1' ? 'N' : 'U',
      cavvAlgorithm: cavv ? '2' : '',
      cavv,
      eci,
      passed,
      used: false,
      createdAt: now,
    }
    if (f.Token) auth.token = f.Token
    if (f.KaiinId) auth.kaiinId = f.KaiinId
    if (source?.kind === 'member') auth.kaiinId = source.member.kaiinId
    gw.store.addAuthentication(auth)
    gw.store.touch()
    // What an authentication-only result carries: the fields the official plugins read and forward to 1Auth
    // (WooCommerce class-spfwc-payment-response-handler.php:172-198, Welcart paymentESCOTT.main.class.php:1137-1163).
    // No TransactionId3D: none of them reads one.
    const threeD: Record<string, string | undefined> = {
      EncodeXId3D: auth.encodeXId,
      MessageVersionNo3D: auth.messageVersion,
      TransactionStatus3D: auth.transactionStatus,
      CAVVAlgorithm3D: auth.cavvAlgorithm || undefined,
      ECI3D: auth.eci,
      CAVV3D: auth.cavv || undefined,
      SecureResultCode: src,
      DSTransactionId: auth.dsTransactionId,
      ThreeDSServerTransactionId: auth.id,
    }
    // The merged authorisation's answer: E42 Content/Credit/Response/ThreeDAuth.php adds these four to the 1Auth answer.
    const merged = {
      SecureResultCode: src,
      MessageVersionNo3D: auth.messageVersion,
      DSTransactionId: auth.dsTransactionId,
      ThreeDSServerTransactionId: auth.id,
    }
    const isMerged = op === '1Auth' || op === '1Gathering'
    if (!passed) {
      return this.finish(m, f, { ResponseCd: src === '1' ? 'U04' : src === '8' ? 'U14' : 'U95', ...(isMerged ? merged : threeD) }, undefined)
    }
    if (isMerged) {
      const res = await authorize(gw, m, f, now, { via3DS: true })
      if (res.ResponseCd === 'OK') auth.used = true
      const extra: Record<string, string | undefined> = { ResponseCd: res.ResponseCd ?? 'K98', ...merged }
      for (const k of ['ProcessId', 'ProcessPass', 'CompanyCd', 'ApproveNo', 'McSecCd'] as const) if (res[k]) extra[k] = res[k]!
      return this.finish(m, f, extra, res.TransactionId)
    }
    if (op === '4MemAdd' || op === '4MemChg') {
      const reg = registerMember(gw, m, f, now, true)
      if (reg.codes.length) return this.finish(m, f, { ResponseCd: reg.codes.join('|'), ...threeD }, undefined)
      auth.kaiinId = reg.member!.kaiinId
      return this.finish(
        m,
        f,
        { ResponseCd: 'OK', ...threeD, KaiinId: reg.member!.kaiinId, CompanyCd: reg.companyCd!, EnableCheckUseKbn: f.EnableCheckUseKbn || undefined, McSecCd: reg.mcSecCd },
        undefined,
      )
    }
    return this.finish(m, f, { ResponseCd: 'OK', ...threeD }, undefined)
  }

  /** Encrypts the result, delivers it to PostUrl (order and delay as configured) and returns the auto-post page. */
  private async finish(m: MerchantRecord, f: Fields, result: Record<string, string | undefined>, transactionId: string | undefined): Promise<PageResult> {
    const gw = this.gw
    const base = gw.base(f, gw.clock.nowMs())
    const payload: Record<string, string | undefined> = {
      MerchantId: m.merchantId,
      TransactionId: transactionId ?? base.TransactionId!,
      TransactionDate: base.TransactionDate!,
      OperateId: f.OperateId ?? '',
      MerchantFree1: f.MerchantFree1 ?? '',
      MerchantFree2: f.MerchantFree2 ?? '',
      MerchantFree3: f.MerchantFree3 ?? '',
      ProcNo: f.ProcNo ?? '',
      ...result,
    }
    const formFields = { MerchantId: m.merchantId, EncryptValue: aesEncrypt(encodePayload(payload), m.aesKey, m.aesIv) }
    const html = autoPostPage(f.RedirectUrl!, formFields)
    if (f.PostUrl) {
      const { postUrlOrder, postUrlDelayMs } = gw.config.threeDSecure
      const deliver = () => this.postToUrl(f.PostUrl!, formFields)
      if (postUrlOrder === 'post-first') {
        if (postUrlDelayMs) await sleep(postUrlDelayMs)
        await deliver()
      } else {
        setTimeout(() => void deliver(), postUrlDelayMs)
      }
    }
    return page(html)
  }

  private async postToUrl(url: string, fields: Fields): Promise<void> {
    const entry: PostUrlDelivery = { url, at: this.gw.clock.nowMs() }
    this.postUrlLog.push(entry)
    if (this.postUrlLog.length > 1000) this.postUrlLog.shift()
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        signal: AbortSignal.timeout(10_000),
      })
      entry.status = res.status
      await res.arrayBuffer().catch(() => undefined)
    } catch (e) {
      entry.error = (e as Error).message
    }
  }
}
