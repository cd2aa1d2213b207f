/**
 * The adapter's own records: one per Medusa payment session, seen by escott-flows as an order (its `OrderPort`):
 * id = the `payses_…` id, MerchantFree1 = `MD` + its ULID, customerId = the Medusa account holder's external id (the
 * key of the customer's stored card), amount = what the gateway is asked for. What Medusa needs besides the flows'
 * view is in `extras`. Everything here stays server-side: session and payment `data` (readable by the storefront and
 * the admin) get only the public view built in `core/public-data.ts`.
 */
import type { FlowOrder, FlowOrderPatch, OrderPort, PaymentStatus } from 'escott-flows'

/** The convenience-store payer, from the storefront's session data. */
export interface CvsPayer {
  nameKanji: string
  nameKana: string
  telNo: string
}

/** What a payment session keeps besides the flows' order view. */
export interface SessionExtras {
  /** The e-SCOTT merchant (MerchantId) whose provider created the session: several may share Medusa's database. */
  merchantId?: string
  /** The amount Medusa holds for the session (the gateway amount of a card payment before refunds; without the fee for CVS). */
  medusaAmount: number
  card?: {
    /** The new card's token until a charge used it. Never in session data. */
    token?: string | undefined
    payType: string
    /** Save the new card for the customer (register it, then pay with it). */
    saveCard: boolean
    /** The customer's stored card pays. */
    savedCard: boolean
  }
  cvs?: { payer: CvsPayer; fee: number }
  /** Medusa refund ids already applied, with the gateway amount each one leaves (a repeated refund id changes nothing). */
  refunds?: Record<string, number>
  /** The storefront page the latest 3-D Secure trip returns the browser to (validated when the trip started). */
  returnUrl?: string | undefined
}

/** A payment session as the providers keep it. */
export interface PaymentSessionRecord extends FlowOrder {
  extras: SessionExtras
  createdAt: Date
}

/** Input of {@link SessionStore.create}. */
export interface NewPaymentSession {
  id: string
  merchantFree1: string
  customerId: string | null
  amount: number
  /** How it is paid: known when Medusa creates the session (the provider), else set by the first charge. */
  method: 'card' | 'cvs' | null
  extras: SessionExtras
}

/**
 * The sessions, behind escott-flows' `OrderPort` (compare-and-set on the status) plus what the providers need to
 * create, annotate and find them.
 */
export interface SessionStore extends OrderPort {
  get(id: string): Promise<PaymentSessionRecord | undefined>
  getByMerchantFree1(merchantFree1: string): Promise<PaymentSessionRecord | undefined>
  update(id: string, patch: FlowOrderPatch, expectStatus?: readonly PaymentStatus[]): Promise<PaymentSessionRecord | undefined>
  /** Inserts the session, or returns the one already stored under this id unchanged (Medusa re-entry). */
  create(session: NewPaymentSession): Promise<PaymentSessionRecord>
  /** Merges `extras` (a key set to `undefined` is removed). */
  setExtras(id: string, extras: Partial<SessionExtras>): Promise<PaymentSessionRecord | undefined>
  /** Sessions of one customer (account holder), newest first: the stored-card deletion rule counts them. */
  listByCustomer(customerId: string): Promise<PaymentSessionRecord[]>
  /** Registered convenience-store payments not paid yet, oldest first (the expiry job looks at their deadlines). */
  listUnpaidCvs(): Promise<PaymentSessionRecord[]>
}
