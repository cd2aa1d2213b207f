/** What every part of the billing shares: the database, the gateway client, the clock and the options. */
import type { Logger } from 'escott-core'
import type { ClaimWriter } from './charging/claims.js'
import type { GatewaySlots } from './charging/gateway-slots.js'
import type { SuccessRecorder } from './charging/record.js'
import type { Database } from './db/database.js'
import type { BillingGateway, ResolvedOptions } from './options.js'

export interface BillingContext {
  db: Database
  /** Schema name, already validated: safe to interpolate. */
  s: string
  escott: BillingGateway
  now: () => Date
  opts: ResolvedOptions
  log: Logger
  /** Gateway calls in flight in this process, at most `concurrency`. */
  slots: GatewaySlots
  /** Charges claimed in batches (one statement for those started at about the same time). */
  claims: ClaimWriter
  /** Approved attempts recorded in batches (one statement for those approved at the same time). */
  successes: SuccessRecorder
  /** Called after events were written, so an in-process dispatcher can deliver them promptly. */
  eventsWritten: () => void
  /** Called when a subscription may have become due (create, resume, card update), so a running worker can pick it up now. */
  becameDue: (subscriptionId: string) => void
}
