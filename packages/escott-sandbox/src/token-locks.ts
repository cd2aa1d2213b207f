/**
 * Token locks: a card number (KI5) or a terminal (KI6) entered too often within a window is locked for a while, per
 * merchant and on the sandbox clock. Released when the lock runs out, or through the admin route / the console
 * (the real console's "トークン決済ロック情報検索").
 */
import type { SandboxClock } from './clock.js'
import { DEFAULT_TOKEN_LOCK } from './merchants.js'
import { Store, type MerchantRecord, type TokenLockRecord } from './state.js'
import { codedError, maskCard, randomHex, tokyoText } from './util.js'

export type TokenLockKind = TokenLockRecord['kind']

/** A current lock, as the admin route and `sb.tokenLocks()` list it. Card numbers are masked. */
export interface TokenLockInfo {
  id: string
  merchantId: string
  kind: TokenLockKind
  /** KI5 for a card number, KI6 for a terminal. */
  code: 'KI5' | 'KI6'
  /** Masked card number, or the terminal id / client address. */
  key: string
  lockedAt: string
  lockedUntil: string
}

/** Which locks to release; every given field must match (nothing given = all). */
export interface TokenLockFilter {
  id?: string
  merchantId?: string
  kind?: TokenLockKind
  cardNo?: string
  terminal?: string
}

const CODE = { card: 'KI5', terminal: 'KI6' } as const
const MESSAGE = {
  card: '同一カード番号の連続入力によりロックされています。 / This card number is locked after repeated entries',
  terminal: '同一端末からの連続入力により端末がロックされています。 / This terminal is locked after repeated entries',
} as const

export class TokenLocks {
  constructor(
    private readonly store: Store,
    private readonly clock: SandboxClock,
  ) {}

  private settings(m: MerchantRecord) {
    return m.tokenLock ?? DEFAULT_TOKEN_LOCK
  }

  /** The record when it is locked now; a lock that ran out is dropped on the way. */
  private locked(m: MerchantRecord, kind: TokenLockKind, key: string, now: number): TokenLockRecord | undefined {
    const k = Store.lockKey(m.merchantId, kind, key)
    const rec = this.store.tokenLocks.get(k)
    if (rec?.lockedUntil === undefined) return undefined
    if (rec.lockedUntil > now) return rec
    this.store.tokenLocks.delete(k)
    this.store.touch()
    return undefined
  }

  private refuse(kind: TokenLockKind, rec: TokenLockRecord): never {
    throw codedError(CODE[kind], `${MESSAGE[kind]} (until ${tokyoText(rec.lockedUntil!)} JST).`)
  }

  /** Throws KI5 / KI6 when the card number / terminal is locked; does not count an entry. */
  check(m: MerchantRecord, kind: TokenLockKind, key: string) {
    if (this.limit(m, kind) === 0) return
    const rec = this.locked(m, kind, key, this.clock.nowMs())
    if (rec) this.refuse(kind, rec)
  }

  private limit(m: MerchantRecord, kind: TokenLockKind): number {
    const s = this.settings(m)
    return kind === 'card' ? s.cardAttempts : s.terminalAttempts
  }

  /** Counts one entry; throws KI5 / KI6 when locked, or when this entry goes over the limit (the lock starts now). */
  enter(m: MerchantRecord, kind: TokenLockKind, key: string) {
    const limit = this.limit(m, kind)
    if (limit === 0) return
    const now = this.clock.nowMs()
    const locked = this.locked(m, kind, key, now)
    if (locked) this.refuse(kind, locked)
    const { windowMs, durationMs } = this.settings(m)
    const k = Store.lockKey(m.merchantId, kind, key)
    let rec = this.store.tokenLocks.get(k)
    if (!rec) {
      rec = { merchantId: m.merchantId, kind, key, entries: [] }
      this.store.addTokenLock(k, rec, now)
    } else this.store.useTokenLock(k, rec)
    rec.entries = rec.entries.filter((t) => now - t < windowMs)
    rec.entries.push(now)
    this.store.touch()
    if (rec.entries.length > limit) {
      rec.id = randomHex(8)
      rec.lockedAt = now
      rec.lockedUntil = now + durationMs
      this.refuse(kind, rec)
    }
  }

  /** Current locks (expired ones are dropped). */
  list(): TokenLockInfo[] {
    const now = this.clock.nowMs()
    const out: TokenLockInfo[] = []
    for (const rec of [...this.store.tokenLocks.values()]) {
      const m = this.store.merchants.get(rec.merchantId)
      if (!m || !this.locked(m, rec.kind, rec.key, now)) continue
      out.push({
        id: rec.id!,
        merchantId: rec.merchantId,
        kind: rec.kind,
        code: CODE[rec.kind],
        key: rec.kind === 'card' ? maskCard(rec.key) : rec.key,
        lockedAt: new Date(rec.lockedAt!).toISOString(),
        lockedUntil: new Date(rec.lockedUntil!).toISOString(),
      })
    }
    return out
  }

  /** Releases matching locks (and forgets their entries); returns how many locks were released. */
  release(filter: TokenLockFilter = {}): number {
    let released = 0
    for (const [k, rec] of this.store.tokenLocks) {
      if (filter.id !== undefined && rec.id !== filter.id) continue
      if (filter.merchantId !== undefined && rec.merchantId !== filter.merchantId) continue
      if (filter.kind !== undefined && rec.kind !== filter.kind) continue
      if (filter.cardNo !== undefined && (rec.kind !== 'card' || rec.key !== filter.cardNo.replace(/[\s-]/g, ''))) continue
      if (filter.terminal !== undefined && (rec.kind !== 'terminal' || rec.key !== filter.terminal)) continue
      if (rec.lockedUntil !== undefined && rec.lockedUntil > this.clock.nowMs()) released++
      this.store.tokenLocks.delete(k)
    }
    this.store.touch()
    return released
  }
}
