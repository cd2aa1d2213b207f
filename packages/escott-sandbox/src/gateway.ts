/** The gateway engine shared by the per-family handlers: configuration, state, and the card / token / member rules. */
import { findTestCard, securityCodeCheck, type TestCard } from './cards.js'
import type { SandboxClock } from './clock.js'
import type { SandboxFaults } from './faults.js'
import type { CardData, MemberRecord, MerchantRecord, Store, TokenRecord, TxRecord } from './state.js'
import { Store as StoreClass } from './state.js'
import { DEFAULT_DUPLICATE_WINDOW_MS } from './merchants.js'
import { DEFAULT_RETENTION, type RetentionLimits } from './retention.js'
import { TokenLocks } from './token-locks.js'
import { codedError, DAY_MS, randomDigits, randomHex, tokyoDate } from './util.js'
import type { Fields } from './wire.js'

/** Where the 3-D Secure result goes first: the shopper's browser (RedirectUrl) or the server-to-server PostUrl. */
export type PostUrlOrder = 'browser-first' | 'post-first'

/** `MMdd` of a real calendar day (February 29 allowed). */
export const BIRTH_DAY = /^(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/

/** Tunables of a sandbox instance. */
export interface SandboxConfig {
  /** Token lifetime on the sandbox clock (default 10 minutes). */
  tokenTtlMs: number
  /** Delay of the "approved but slow" test card (default 3000 ms). */
  slowCardDelayMs: number
  /** Authorisations older than this refuse capture / amount change / re-auth (default 60 days). */
  authLifetimeDays: number
  /** Transactions older than this are gone (KBZ) (default 210 days, the gateway's 7-month retention). */
  retentionDays: number
  /** Wrong KaiinPass attempts before the member is locked (KaiinStatus 2, K74) (default 5). */
  memberLockAfter: number
  /** How many records the sandbox keeps in memory and in its data file; the least recently used are forgotten first. */
  retention: RetentionLimits
  threeDSecure: {
    /** Order of RedirectUrl (browser) and PostUrl (server) deliveries (default browser-first). */
    postUrlOrder: PostUrlOrder
    /** Delay before the second delivery, in ms (default 0). */
    postUrlDelayMs: number
    /** A challenge left open longer than this answers U06 (default 40 minutes). */
    sessionTimeoutMs: number
    /**
     * Longest RedirectUrl accepted (default 64, the limit the Salesforce cartridge documents; the CS-Cart add-on sends
     * longer ones, so raise it to model such a contract).
     */
    maxRedirectUrlLength: number
  }
  notification: {
    /** Delays between CVS notification attempts while not acknowledged (default 1 s, 5 s, 30 s, 2 min, 10 min). */
    retryDelaysMs: number[]
    /** Per-attempt timeout (default 5000 ms). */
    timeoutMs: number
  }
}

export const DEFAULT_CONFIG: SandboxConfig = {
  tokenTtlMs: 10 * 60_000,
  slowCardDelayMs: 3000,
  authLifetimeDays: 60,
  retentionDays: 210,
  memberLockAfter: 5,
  retention: { ...DEFAULT_RETENTION },
  threeDSecure: { postUrlOrder: 'browser-first', postUrlDelayMs: 0, sessionTimeoutMs: 40 * 60_000, maxRedirectUrlLength: 64 },
  notification: { retryDelaysMs: [1000, 5000, 30_000, 120_000, 600_000], timeoutMs: 5000 },
}

/**
 * 3-D Secure result fields a 1Auth / 1Gathering / 1Check may carry: the ones every official plugin forwards
 * (WooCommerce class-spfwc-payment-gateway.php:744-771, Welcart paymentESCOTT.main.class.php:1422-1450), plus the
 * 3-D Secure 1.0 ones in E42's request field list (TransactionId3D, PANCardNo3D).
 */
export const THREE_D_FIELDS = [
  'EncodeXId3D',
  'MessageVersionNo3D',
  'TransactionStatus3D',
  'CAVVAlgorithm3D',
  'ECI3D',
  'CAVV3D',
  'SecureResultCode',
  'DSTransactionId',
  'ThreeDSServerTransactionId',
  'TransactionId3D',
  'PANCardNo3D',
] as const

/** Outcome of resolving where the card comes from. */
export type CardSource = { kind: 'token'; token: TokenRecord; card: CardData } | { kind: 'member'; member: MemberRecord; card: CardData } | { kind: 'card'; card: CardData }

export class Gateway {
  /** KI5 / KI6 token locks. */
  readonly locks: TokenLocks
  #pruneChargesAt = 10_000

  constructor(
    readonly store: Store,
    readonly clock: SandboxClock,
    readonly faults: SandboxFaults,
    readonly config: SandboxConfig,
  ) {
    this.locks = new TokenLocks(store, clock)
  }

  /** Response skeleton every answer carries. */
  base(f: Fields, now: number): Fields {
    const r: Fields = {
      TransactionId: this.store.nextTransactionId(),
      TransactionDate: tokyoDate(now),
      OperateId: f.OperateId ?? '',
      MerchantFree1: f.MerchantFree1 ?? '',
      MerchantFree2: f.MerchantFree2 ?? '',
      MerchantFree3: f.MerchantFree3 ?? '',
    }
    return r
  }

  // ---- tokens -------------------------------------------------------------------------------------------------

  /**
   * Issues a token for a test card; throws `{ code }` for numbers the sandbox refuses.
   * `terminal` (the token script's entries) counts the entry against the terminal and card-number locks (KI6 / KI5);
   * without it (the programmatic helpers) existing card-number locks are honoured but nothing is counted.
   */
  issueToken(
    m: MerchantRecord,
    input: { cardNo: string; expYY: string; expMM: string; secCd?: string; kanaSei?: string; kanaMei?: string; telNo?: string; birthMM?: string; birthDD?: string },
    terminal?: string,
  ): TokenRecord {
    if (terminal !== undefined) this.locks.enter(m, 'terminal', terminal)
    const cardNo = String(input.cardNo ?? '').replace(/[\s-]/g, '')
    if (!/^\d{13,19}$/.test(cardNo)) throw codedError('K20', 'card number must be 13-19 digits')
    if (!findTestCard(cardNo)) throw codedError('C16', 'not a sandbox test card: the sandbox accepts only its test cards')
    if (terminal !== undefined) this.locks.enter(m, 'card', cardNo)
    else this.locks.check(m, 'card', cardNo)
    const yy = String(input.expYY ?? '').slice(-2)
    const mm = String(input.expMM ?? '').padStart(2, '0')
    if (!/^\d{2}$/.test(yy) || !/^(0[1-9]|1[0-2])$/.test(mm)) throw codedError('K21', 'expiry must be MM and YY')
    if (input.secCd && !/^\d{3,4}$/.test(input.secCd)) throw codedError('K24', 'security code must be 3-4 digits')
    // Authentication assist through the script: the last 4 digits of the phone number (E42 SlnContent/Credit/Master.php:80).
    if (input.telNo && !/^\d{4}$/.test(input.telNo)) throw codedError('K28', 'telNo must be the last 4 digits of the phone number')
    const birthDay = input.birthMM || input.birthDD ? String(input.birthMM ?? '').padStart(2, '0') + String(input.birthDD ?? '').padStart(2, '0') : undefined
    if (birthDay !== undefined && !BIRTH_DAY.test(birthDay)) throw codedError('K27', 'birth month and day must be MM and DD')
    const now = this.clock.nowMs()
    const rec: TokenRecord = { token: randomHex(16), merchantId: m.merchantId, cardNo, cardExp: yy + mm, createdAt: now, expiresAt: now + this.config.tokenTtlMs }
    if (input.secCd) rec.secCd = input.secCd
    if (input.kanaSei) rec.kanaSei = input.kanaSei
    if (input.kanaMei) rec.kanaMei = input.kanaMei
    if (input.telNo) rec.telNo = input.telNo
    if (birthDay) rec.birthDay = birthDay
    this.store.addToken(rec, now)
    this.store.touch()
    return rec
  }

  /** Looks a token up without consuming it: KHX format, KHZ unknown / other merchant, KI2 used, KI3 expired. */
  lookupToken(m: MerchantRecord, token: string | undefined, now: number): { token?: TokenRecord; code?: string } {
    if (!token || !/^[0-9a-f]{32}$/.test(token)) return { code: 'KHX' }
    const t = this.store.tokens.get(token)
    if (!t || t.merchantId !== m.merchantId) return { code: 'KHZ' }
    if (t.consumedBy) return { code: 'KI2' }
    if (t.expiresAt <= now) return { code: 'KI3' }
    return { token: t }
  }

  consumeToken(t: TokenRecord, operateId: string, now: number) {
    t.consumedBy = operateId
    t.consumedAt = now
    this.store.touch()
  }

  // ---- members ------------------------------------------------------------------------------------------------

  member(m: MerchantRecord, kaiinId: string): MemberRecord | undefined {
    return this.store.members.get(StoreClass.memberKey(m.merchantId, kaiinId))
  }

  /** KaiinStatus: 4 deleted, 3 invalidated, 2 locked by failed logins, 1 card invalid (expired), 0 valid. */
  kaiinStatus(mem: MemberRecord, now: number): '0' | '1' | '2' | '3' | '4' {
    if (mem.deleted) return '4'
    if (mem.invalidated) return '3'
    if (mem.locked) return '2'
    if (this.cardExpired(mem, now)) return '1'
    return '0'
  }

  /**
   * Checks KaiinId/KaiinPass: K45/K46 format, K71 unknown or wrong password (K74 once locked).
   * `use: 'pay'` also refuses invalid members (K75 invalidated, K79 card invalid, K74 locked).
   */
  verifyMember(m: MerchantRecord, f: Fields, now: number, use: 'pay' | 'ref' | 'manage'): { member?: MemberRecord; codes: string[] } {
    const codes: string[] = []
    if (!f.KaiinId || !/^[A-Za-z0-9]{1,20}$/.test(f.KaiinId)) codes.push('K45')
    if (!f.KaiinPass || !/^[A-Za-z0-9]{1,20}$/.test(f.KaiinPass)) codes.push('K46')
    if (codes.length) return { codes }
    const mem = this.member(m, f.KaiinId!)
    if (!mem) return { codes: ['K71'] }
    if (mem.kaiinPass !== f.KaiinPass) {
      if (mem.deleted) return { codes: ['K71'] }
      mem.failures++
      if (mem.failures >= this.config.memberLockAfter) mem.locked = true
      this.store.touch()
      return { codes: [mem.locked ? 'K74' : 'K71'] }
    }
    this.store.useMember(mem)
    if (use === 'ref') return { member: mem, codes: [] }
    if (mem.deleted) return { codes: ['K71'] }
    if (use === 'pay') {
      if (mem.locked) return { codes: ['K74'] }
      if (mem.invalidated) return { codes: ['K75'] }
      if (this.cardExpired(mem, now)) return { codes: ['K79'] }
    }
    if (mem.failures && !mem.locked) mem.failures = 0
    return { member: mem, codes: [] }
  }

  // ---- cards --------------------------------------------------------------------------------------------------

  /** Whether the card is past its expiry month on the sandbox clock (or is the "expired" test card). */
  cardExpired(card: CardData, now: number): boolean {
    if (findTestCard(card.cardNo)?.expired) return true
    const yymm = tokyoDate(now).slice(2, 6)
    return card.cardExp < yymm
  }

  /** Raw CardNo / CardExp / SecCd fields (card-passing type). */
  rawCard(f: Fields): { card?: CardData; codes: string[] } {
    const codes: string[] = []
    const cardNo = f.CardNo ?? ''
    if (!/^\d{13,19}$/.test(cardNo)) codes.push('K20')
    if (!f.CardExp || !/^\d{2}(0[1-9]|1[0-2])$/.test(f.CardExp)) codes.push('K21')
    if (f.SecCd && !/^\d{3,4}$/.test(f.SecCd)) codes.push('K24')
    if (codes.length) return { codes }
    if (!findTestCard(cardNo)) return { codes: ['C16'] }
    const card: CardData = { cardNo, cardExp: f.CardExp! }
    if (f.SecCd) card.secCd = f.SecCd
    return { card, codes: [] }
  }

  /**
   * Authorisation decision for a card: the test card's codes, G83 when expired, G44 on a security-code mismatch.
   * Returns the codes (empty = approved), McSecCd and the test card.
   */
  authorise(card: CardData, now: number): { codes: string[]; mcSecCd: string; testCard: TestCard } {
    const testCard = findTestCard(card.cardNo)!
    const sec = securityCodeCheck(card.secCd)
    if (testCard.declineCodes.length) return { codes: [...testCard.declineCodes], mcSecCd: sec.mcSecCd, testCard }
    if (this.cardExpired(card, now)) return { codes: ['G83'], mcSecCd: sec.mcSecCd, testCard }
    if (!sec.ok) return { codes: ['G44'], mcSecCd: sec.mcSecCd, testCard }
    return { codes: [], mcSecCd: sec.mcSecCd, testCard }
  }

  slowDelay(testCard: TestCard): number {
    return testCard.slowMs ? this.config.slowCardDelayMs : 0
  }

  newTransaction(m: MerchantRecord, init: Omit<TxRecord, 'processId' | 'processPass' | 'merchantId' | 'approveNo' | 'history' | 'createdAt' | 'authorizedAt'>, now: number): TxRecord {
    const tx: TxRecord = {
      processId: randomHex(16),
      processPass: randomHex(16),
      merchantId: m.merchantId,
      approveNo: randomDigits(7),
      createdAt: now,
      authorizedAt: now,
      history: [],
      ...init,
    }
    this.store.addTransaction(tx)
    this.store.touch()
    return tx
  }

  // ---- duplicate member charges (KBX) -----------------------------------------------------------------------

  /**
   * KBX check for a member charge: `null` when an identical one (same KaiinId, OperateId, Amount and MerchantFree1) was
   * approved within the merchant's duplicate window and not canceled; else the key to remember once this one is approved
   * (undefined when the check is off).
   */
  duplicateCharge(m: MerchantRecord, kaiinId: string, operateId: string, amount: number, merchantFree1: string | undefined, now: number): string | null | undefined {
    const windowMs = m.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS
    if (windowMs <= 0) return undefined
    const key = StoreClass.chargeKey(m.merchantId, kaiinId, operateId, amount, merchantFree1)
    const pid = this.store.recentCharges.get(key)
    const prev = pid === undefined ? undefined : this.store.transactions.get(pid)
    if (prev && prev.status !== 'canceled' && now - prev.createdAt < windowMs) return null
    return key
  }

  rememberCharge(key: string, tx: TxRecord, now: number) {
    const recent = this.store.recentCharges
    recent.set(key, tx.processId)
    if (recent.size > this.#pruneChargesAt) {
      // Forget charges older than the longest window any merchant uses.
      let longest = DEFAULT_DUPLICATE_WINDOW_MS
      for (const m of this.store.merchants.values()) longest = Math.max(longest, m.duplicateWindowMs ?? 0)
      for (const [k, pid] of recent) {
        const t = this.store.transactions.get(pid)
        if (!t || now - t.createdAt >= longest) recent.delete(k)
      }
      this.#pruneChargesAt = Math.max(10_000, recent.size * 2)
    }
  }

  /** Whether an authorisation is older than the authorisation lifetime. */
  authExpired(tx: TxRecord, now: number): boolean {
    return now - tx.authorizedAt > this.config.authLifetimeDays * DAY_MS
  }
}
