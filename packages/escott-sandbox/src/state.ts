/** In-memory state of the sandbox gateway, and its JSON snapshot for `--data FILE`. */
import { DEFAULT_RETENTION, markUsed, noneForgotten, trim, trimAround, type ForgottenCounts, type RetentionLimits } from './retention.js'

/** 3-D Secure contract of a merchant. */
export type ThreeDSecureSetting =
  /** Not contracted: OTDS010 answers K06. */
  | 'off'
  /** Contracted, not enforced: plain 1Auth and 3-D Secure both work (the default merchant). */
  | 'optional'
  /** Contracted and in use: a token 1Auth/1Gathering/1Check without 3-D fields gives K06. */
  | 'required'

/** Merchant settings accepted by `startSandbox({ merchant })` and `sb.createMerchant()`. */
export interface MerchantSettings {
  merchantId?: string
  merchantPass?: string
  tenantId?: string
  tokenAuthCode?: string
  threeDSecure?: ThreeDSecureSetting | { aesKey?: string; aesIv?: string; mode?: ThreeDSecureSetting }
  /** Authentication assist: `kana: true` makes KanaSei/KanaMei mandatory on authorisations (K25/K26). */
  authAssist?: { kana?: boolean }
  /** `yyyyMMdd` (or Date): before this sandbox date every request gives K99. */
  serviceStartDate?: string | Date
  /** When set, gateway API requests from other source addresses give K99. */
  allowedIps?: string[]
  /** Where CVS payment notifications are POSTed. */
  notificationUrl?: string
  /** MerchantName sent in CVS notifications. */
  merchantName?: string
  /**
   * Token locks (KI5 / KI6): a card number entered more than `cardAttempts` times, or a terminal more than
   * `terminalAttempts` times, within `window` is locked for `duration` (sandbox clock). `false` turns locks off.
   * Defaults: 5 per card, 10 per terminal, within 10 minutes, locked 30 minutes.
   */
  tokenLock?: false | { cardAttempts?: number; terminalAttempts?: number; window?: string | number; duration?: string | number }
  /** An identical member charge (KaiinId, Amount, MerchantFree1, OperateId) within this window gives KBX (default `'60s'`, 0 = off). */
  duplicateWindow?: string | number
}

/** Token lock settings of a merchant, in milliseconds (0 attempts = that lock is off). */
export interface TokenLockSettings {
  cardAttempts: number
  terminalAttempts: number
  windowMs: number
  durationMs: number
}

/** Entries of one card number or one terminal at one merchant, and its lock. */
export interface TokenLockRecord {
  /** Set when the lock starts (the console's release button names it). */
  id?: string
  merchantId: string
  kind: 'card' | 'terminal'
  /** Card number (test cards only) or terminal id / client address. */
  key: string
  /** Sandbox times of recent entries (within the window). */
  entries: number[]
  lockedAt?: number
  lockedUntil?: number
}

/** Credentials of a sandbox merchant; spreads into `new Escott({ ...merchant, baseUrl })`. */
export interface MerchantCredentials {
  merchantId: string
  merchantPass: string
  tenantId: string
  tokenAuthCode: string
  threeDSecure: { aesKey: string; aesIv: string }
}

export interface MerchantRecord {
  merchantId: string
  merchantPass: string
  tenantId: string
  tokenAuthCode: string
  aesKey: string
  aesIv: string
  threeDSecure: ThreeDSecureSetting
  kanaRequired: boolean
  serviceStartDate?: string
  allowedIps?: string[]
  notificationUrl?: string
  merchantName: string
  failedLogins: number
  lockedUntil?: number
  /** Absent in state saved by older versions: the defaults apply. */
  tokenLock?: TokenLockSettings
  duplicateWindowMs?: number
}

export interface CardData {
  cardNo: string
  /** YYMM */
  cardExp: string
  secCd?: string
}

export interface TokenRecord extends CardData {
  token: string
  merchantId: string
  kanaSei?: string
  kanaMei?: string
  /** Authentication-assist items the token script was given: the last 4 digits of the phone number, `MMdd`. */
  telNo?: string
  birthDay?: string
  createdAt: number
  expiresAt: number
  consumedBy?: string
  consumedAt?: number
}

export type TxStatus = 'checked' | 'authorized' | 'captured' | 'canceled'

export interface TxEvent {
  operateId: string
  transactionId: string
  at: number
  amount?: number
  responseCd: string
}

export interface TxRecord {
  processId: string
  processPass: string
  merchantId: string
  transactionId: string
  origin: '1Check' | '1Auth' | '1Gathering'
  status: TxStatus
  amount: number
  payType: string
  salesDate?: string
  cardNo: string
  cardExp: string
  companyCd: string
  approveNo: string
  kaiinId?: string
  threeDSecure: boolean
  merchantFree1?: string
  merchantFree2?: string
  merchantFree3?: string
  createdAt: number
  authorizedAt: number
  history: TxEvent[]
}

export interface MemberRecord extends CardData {
  merchantId: string
  kaiinId: string
  kaiinPass: string
  companyCd: string
  /** EnableCheckUseKbn as registered (E42: 洗替使用区分, card-information refresh). */
  enableCheckUseKbn?: string
  invalidated: boolean
  deleted: boolean
  failures: number
  locked: boolean
  /** Registered (or last changed) through 3-D Secure: merchant-initiated 1Auth without 3-D fields is allowed. */
  via3DS: boolean
  enableDate: string
  createdAt: number
  updatedAt: number
}

/**
 * A finished 3-D Secure authentication. A later 1Auth / 1Gathering / 1Check of the same token or member carries its
 * result fields (the ones the official plugins forward) and is checked against it.
 */
export interface AuthenticationRecord {
  /** ThreeDSServerTransactionId. (Data files of older sandbox versions keyed it by `transactionId3D`.) */
  id: string
  merchantId: string
  token?: string
  kaiinId?: string
  secureResultCode: string
  messageVersion: string
  dsTransactionId: string
  encodeXId: string
  transactionStatus: string
  cavvAlgorithm: string
  cavv: string
  eci: string
  passed: boolean
  used: boolean
  createdAt: number
}

/** An authentication as older sandbox versions saved it. */
type LegacyAuthentication = Partial<AuthenticationRecord> & {
  transactionId3D?: string
  merchantId: string
  cavv: string
  eci: string
  passed: boolean
  used: boolean
  createdAt: number
  secureResultCode: string
}

function upgradeAuthentication(a: LegacyAuthentication): AuthenticationRecord {
  const { transactionId3D, ...rest } = a
  return {
    messageVersion: '2.2.0',
    dsTransactionId: '',
    encodeXId: '',
    transactionStatus: '',
    cavvAlgorithm: a.cavv ? '2' : '',
    ...rest,
    id: a.id ?? transactionId3D ?? '',
  }
}

export interface TdsSession {
  id: string
  merchantId: string
  fields: Record<string, string>
  cardNo: string
  createdAt: number
  done: boolean
  /** Left unanswered past the session timeout: ProcNo released, card fields dropped; a late answer gets U06. */
  expired?: boolean
}

export type CvsStatus = 'pending' | 'paid' | 'canceled'

export interface CvsRecord {
  processId: string
  processPass: string
  merchantId: string
  transactionId: string
  transactionDate: string
  merchantFree1?: string
  merchantFree2?: string
  merchantFree3?: string
  amount: number
  payLimit: string
  nameKanji: string
  nameKana: string
  telNo: string
  shouhinName: string
  kessaiNumber: string
  freeArea: string
  /** Previous KessaiNumbers / FreeAreas (invalid since a 2Chg). */
  superseded: string[]
  status: CvsStatus
  cvsCd?: string
  recvNum?: string
  tenantCd?: string
  nyukinDate?: string
  stampFlag: string
  createdAt: number
  history: { operateId: string; at: number; transactionId: string }[]
}

export interface DeliveryAttempt {
  at: number
  status?: number
  body?: string
  error?: string
  acknowledged: boolean
}

/** One CVS payment notification and its delivery attempts. */
export interface NotificationRecord {
  id: string
  processId: string
  kessaiNumber: string
  url: string
  body: string
  attempts: DeliveryAttempt[]
  acknowledged: boolean
  /** Gave up after the last configured retry. */
  abandoned: boolean
  /** Sandbox time of the next retry while pending. */
  nextAttemptAt?: number
}

/** The whole sandbox state. */
export class Store {
  merchants = new Map<string, MerchantRecord>()
  tokens = new Map<string, TokenRecord>()
  transactions = new Map<string, TxRecord>()
  /** key: merchantId + '\u0000' + kaiinId */
  members = new Map<string, MemberRecord>()
  authentications = new Map<string, AuthenticationRecord>()
  tdsSessions = new Map<string, TdsSession>()
  cvs = new Map<string, CvsRecord>()
  /** FreeArea or KessaiNumber -> ProcessId */
  cvsIndex = new Map<string, string>()
  notifications: NotificationRecord[] = []
  /** Pending ProcNo per merchant (K89 while a 3-D Secure session with the same ProcNo is open). */
  openProcNos = new Set<string>()
  /** key: merchantId + kind + key */
  tokenLocks = new Map<string, TokenLockRecord>()
  /** Latest approved member charge per charge key (KBX check): key -> ProcessId. Rebuilt from transactions on restore. */
  recentCharges = new Map<string, string>()
  seq = 0
  dirty = false
  onDirty: (() => void) | undefined
  /** How many records of each family are kept (the live `config.retention` object once the sandbox starts). */
  limits: RetentionLimits = { ...DEFAULT_RETENTION }
  /** Records forgotten since start because a limit was reached. */
  forgotten: ForgottenCounts = noneForgotten()
  /** Called once, the first time a transaction, CVS payment or member is forgotten. */
  onFirstForget: ((family: 'transactions' | 'cvsPayments' | 'members', limit: number) => void) | undefined

  private forgot(family: keyof ForgottenCounts, n: number) {
    if (n === 0) return
    this.forgotten[family] += n
    if (this.onFirstForget && (family === 'transactions' || family === 'cvsPayments' || family === 'members')) {
      const tell = this.onFirstForget
      this.onFirstForget = undefined
      tell(family, family === 'members' ? this.limits.members : this.limits.transactions)
    }
  }

  // ---- bounded collections: every insertion goes through these, every use marks the record as recently used ----

  addTransaction(tx: TxRecord) {
    this.transactions.set(tx.processId, tx)
    this.forgot('transactions', trim(this.transactions, this.limits.transactions))
  }

  useTransaction(tx: TxRecord) {
    markUsed(this.transactions, tx.processId, tx)
  }

  /** A new CVS payment (already indexed by {@link indexCvs}). */
  addCvs(c: CvsRecord) {
    this.useCvs(c)
    this.forgot(
      'cvsPayments',
      trim(this.cvs, this.limits.transactions, (old) => this.unindexCvs(old)),
    )
  }

  useCvs(c: CvsRecord) {
    markUsed(this.cvs, c.processId, c)
  }

  addMember(mem: MemberRecord) {
    this.members.set(Store.memberKey(mem.merchantId, mem.kaiinId), mem)
    this.forgot('members', trim(this.members, this.limits.members))
  }

  useMember(mem: MemberRecord) {
    markUsed(this.members, Store.memberKey(mem.merchantId, mem.kaiinId), mem)
  }

  /** A new token. Tokens are forgotten oldest first, but never while still usable (unconsumed and unexpired). */
  addToken(t: TokenRecord, now: number) {
    this.tokens.set(t.token, t)
    this.trimTokens(now)
  }

  /**
   * A new token-lock counter (one per card number and per terminal; the TerminalId is the client's choice, so there can
   * be any number). Counters are forgotten least recently used first — that terminal starts counting afresh — but never
   * a lock still in force.
   */
  addTokenLock(k: string, rec: TokenLockRecord, now: number) {
    this.tokenLocks.set(k, rec)
    this.forgot(
      'tokenLocks',
      trimAround(this.tokenLocks, this.limits.transactions, (l) => l === rec || (l.lockedUntil !== undefined && l.lockedUntil > now)),
    )
  }

  useTokenLock(k: string, rec: TokenLockRecord) {
    markUsed(this.tokenLocks, k, rec)
  }

  addAuthentication(a: AuthenticationRecord) {
    this.authentications.set(a.id, a)
    this.forgot('authentications', trim(this.authentications, this.limits.transactions))
  }

  /** A new notification. Finished ones (acknowledged or abandoned) are forgotten oldest first; pending ones stay. */
  addNotification(rec: NotificationRecord) {
    this.notifications.push(rec)
    this.trimNotifications()
  }

  /** Applies the limits to everything (after a restore, or after the limits were lowered). */
  enforceLimits(now: number) {
    this.forgot('transactions', trim(this.transactions, this.limits.transactions))
    this.forgot(
      'cvsPayments',
      trim(this.cvs, this.limits.transactions, (old) => this.unindexCvs(old)),
    )
    this.forgot('members', trim(this.members, this.limits.members))
    this.forgot('authentications', trim(this.authentications, this.limits.transactions))
    this.forgot(
      'tokenLocks',
      trimAround(this.tokenLocks, this.limits.transactions, (l) => l.lockedUntil !== undefined && l.lockedUntil > now),
    )
    this.trimTokens(now)
    this.trimNotifications()
  }

  private trimTokens(now: number) {
    this.forgot(
      'tokens',
      trim(this.tokens, this.limits.transactions, undefined, (t) => !t.consumedBy && t.expiresAt > now),
    )
  }

  private trimNotifications() {
    // Compacted in place: `sb.notifications()` hands out this very array.
    const list = this.notifications
    let excess = list.length - this.limits.transactions
    if (excess <= 0) return
    let w = 0
    for (const rec of list) {
      if (excess > 0 && (rec.acknowledged || rec.abandoned)) {
        excess--
        this.forgotten.notifications++
      } else list[w++] = rec
    }
    list.length = w
  }

  private unindexCvs(c: CvsRecord) {
    for (const n of [c.kessaiNumber, c.freeArea]) if (this.cvsIndex.get(n) === c.processId) this.cvsIndex.delete(n)
  }

  /** Next TransactionId: 12 digits, increasing. */
  nextTransactionId(): string {
    this.seq++
    return String(100000000000 + this.seq)
  }

  touch() {
    if (this.onDirty) {
      this.dirty = true
      this.onDirty()
    }
  }

  static memberKey(merchantId: string, kaiinId: string) {
    return merchantId + '\u0000' + kaiinId
  }

  static lockKey(merchantId: string, kind: TokenLockRecord['kind'], key: string) {
    return merchantId + '\u0000' + kind + '\u0000' + key
  }

  /** KBX key of a member charge. */
  static chargeKey(merchantId: string, kaiinId: string, operateId: string, amount: number, merchantFree1: string | undefined) {
    return merchantId + '\u0000' + kaiinId + '\u0000' + operateId + '\u0000' + amount + '\u0000' + (merchantFree1 ?? '')
  }

  snapshot(clockOffsetMs: number): Snapshot {
    return {
      version: 1,
      savedAt: new Date().toISOString(),
      clockOffsetMs,
      seq: this.seq,
      merchants: [...this.merchants.values()],
      tokens: [...this.tokens.values()],
      transactions: [...this.transactions.values()],
      members: [...this.members.values()],
      authentications: [...this.authentications.values()],
      cvs: [...this.cvs.values()],
      notifications: this.notifications,
      tdsSessions: [...this.tdsSessions.values()],
      tokenLocks: [...this.tokenLocks.values()],
    }
  }

  restore(s: Snapshot) {
    this.seq = s.seq
    for (const m of s.merchants) this.merchants.set(m.merchantId, m)
    for (const t of s.tokens) this.tokens.set(t.token, t)
    for (const t of s.transactions) {
      // data files written before the spelling was unified say 'cancelled'
      if ((t.status as string) === 'cancelled') t.status = 'canceled'
      this.transactions.set(t.processId, t)
      if (t.kaiinId && t.origin !== '1Check') this.recentCharges.set(Store.chargeKey(t.merchantId, t.kaiinId, t.origin, t.history[0]?.amount ?? t.amount, t.merchantFree1), t.processId)
    }
    for (const m of s.members) this.members.set(Store.memberKey(m.merchantId, m.kaiinId), m)
    for (const saved of s.authentications as LegacyAuthentication[]) {
      const a = upgradeAuthentication(saved)
      this.authentications.set(a.id, a)
    }
    for (const c of s.cvs) {
      if ((c.status as string) === 'cancelled') c.status = 'canceled'
      this.indexCvs(c)
    }
    this.notifications = s.notifications ?? []
    for (const t of s.tdsSessions ?? []) {
      this.tdsSessions.set(t.id, t)
      if (!t.done && !t.expired) this.openProcNos.add(t.merchantId + ':' + t.fields.ProcNo)
    }
    for (const l of s.tokenLocks ?? []) this.tokenLocks.set(Store.lockKey(l.merchantId, l.kind, l.key), l)
  }

  indexCvs(c: CvsRecord) {
    this.cvs.set(c.processId, c)
    this.cvsIndex.set(c.freeArea, c.processId)
    this.cvsIndex.set(c.kessaiNumber, c.processId)
  }
}

export interface Snapshot {
  version: 1
  savedAt: string
  clockOffsetMs: number
  seq: number
  merchants: MerchantRecord[]
  tokens: TokenRecord[]
  transactions: TxRecord[]
  members: MemberRecord[]
  authentications: AuthenticationRecord[]
  cvs: CvsRecord[]
  notifications: NotificationRecord[]
  /** Open (and recently expired) 3-D Secure challenge sessions; absent in older files. */
  tdsSessions?: TdsSession[]
  /** Token lock counters and locks; absent in older files. */
  tokenLocks?: TokenLockRecord[]
}
