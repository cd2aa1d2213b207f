/**
 * Server-side state of the providers: everything the gateway needs that must not sit in Medusa's session or payment
 * data (those are readable by the storefront or the admin): card tokens, ProcessPass, KaiinPass, 3-D Secure results.
 *
 * A store of the providers' own until they move onto escott-flows' ports: one record per
 * Medusa payment session, the journal of gateway calls, stored-card members and received notifications.
 */
import type { ThreeDSecureData } from 'escott-core'
import type { StoredError } from '../core/errors'

/** Where a session is in its life. */
export type SessionState =
  | 'pending' // created, nothing at the gateway
  | 'awaiting_3ds' // a 3-D Secure trip was started
  | 'ready' // 3-D Secure passed (or not needed): may be authorised
  | 'authorizing' // a gateway call is in flight
  | 'authorized'
  | 'captured'
  | 'canceled'
  | 'needs_reconciliation' // a charging call's outcome is unknown: never retried automatically
  | 'cvs_pending' // registered at the gateway, waiting for the shopper to pay at the store
  | 'cvs_paid'
  | 'cvs_expired'

export interface CardCharge {
  processId: string
  processPass: string
  /** Stored-card charges need the member on every follow-up. */
  kaiinId?: string | undefined
  amount: number
  /** Current amount at the gateway after refunds by amount change. */
  currentAmount: number
  operation: '1Auth' | '1Gathering'
  approveNo?: string | undefined
  transactionId?: string | undefined
  authorizedAt: string
  capturedAt?: string | undefined
  canceledAt?: string | undefined
  refunded: number
  /** Medusa refund / capture ids already applied (idempotency keys). */
  appliedKeys: string[]
}

export interface ThreeDSecureTrip {
  procNo: string
  operation: string
  startedAt: string
  /** The registration flow registers (or replaces) the member before paying with it. */
  registerMember?: 'create' | 'update' | undefined
  kaiinId?: string | undefined
  /** Where the shopper's browser goes after the gateway's return (validated when the trip started). */
  returnUrl?: string | undefined
  result?: { passed: boolean; data?: ThreeDSecureData | undefined; secureResult: string; error?: StoredError | undefined; at: string } | undefined
}

export interface CvsRecord {
  processId: string
  processPass: string
  kessaiNumber: string
  paymentPageUrl: string
  paymentPageUrlForMail: string
  payLimit: string
  fee: number
  /** What the shopper pays at the store: order total plus fee. */
  chargedAmount: number
  paidAt?: string | undefined
  cvsCd?: string | undefined
  recvNum?: string | undefined
}

export interface SessionRecord {
  sessionId: string
  method: 'card' | 'cvs'
  merchantFree1: string
  /** Integer yen, from Medusa's payment collection. */
  amount: number
  state: SessionState
  accountHolderId?: string | undefined
  customerEmail?: string | undefined
  card?: {
    token?: string | undefined
    payType: string
    saveCard: boolean
    /** Paying with a saved card: the member's KaiinId (a payment method id). */
    kaiinId?: string | undefined
    maskedCard?: string | undefined
  }
  trips?: ThreeDSecureTrip[]
  charge?: CardCharge | undefined
  cvs?: CvsRecord | undefined
  payer?: { nameKanji: string; nameKana: string; telNo: string } | undefined
  error?: StoredError | undefined
  updatedAt?: string
}

/** A stored card: one e-SCOTT member per Medusa account holder. */
export interface MemberRecord {
  /** The account holder's external id (its first KaiinId). */
  holderId: string
  kaiinId: string
  kaiinPass: string
  /** Known at the gateway (4MemAdd done). A placeholder is kept before a 3-D Secure registration trip. */
  registered: boolean
  maskedCard?: string | undefined
  cardExp?: string | undefined
  /** Card authorisations with this member (ISO dates): the deletion rule needs them. */
  authorizations: string[]
  deletedAt?: string | undefined
}

export interface JournalLine {
  id: number
  sessionId: string
  merchantFree1: string
  operation: string
  amount?: number | undefined
  outcome: 'pending' | 'ok' | 'failed' | 'unknown'
  result?: Record<string, unknown> | undefined
  createdAt: string
}

export interface EscottMedusaStore {
  getSession(sessionId: string): Promise<SessionRecord | undefined>
  findSessionByMerchantFree1(merchantFree1: string): Promise<SessionRecord | undefined>
  /** Inserts, or returns the existing record unchanged (re-entry). */
  createSession(record: SessionRecord): Promise<SessionRecord>
  /**
   * Applies `patch` when the record's state is one of `from` (all states when omitted); returns the updated record
   * or undefined when the state did not match: the compare-and-set that makes every claim happen once.
   */
  updateSession(sessionId: string, patch: Partial<SessionRecord>, from?: SessionState[]): Promise<SessionRecord | undefined>
  /** CVS sessions still waiting for payment whose deadline is before `before`. */
  listExpiredCvs(before: Date): Promise<SessionRecord[]>

  getMember(holderId: string): Promise<MemberRecord | undefined>
  getMemberByKaiinId(kaiinId: string): Promise<MemberRecord | undefined>
  saveMember(member: MemberRecord): Promise<void>

  appendJournal(line: Omit<JournalLine, 'id' | 'createdAt' | 'outcome'>): Promise<JournalLine>
  completeJournal(id: number, outcome: 'ok' | 'failed' | 'unknown', result?: Record<string, unknown>): Promise<void>
  journal(sessionId: string): Promise<JournalLine[]>

  /** Records a notification once per (processId, recvNum); false when it was already recorded (a replay). */
  recordNotification(key: { processId: string; recvNum: string }, record: Record<string, unknown>): Promise<boolean>
}
