/** The options of `createBilling`, validated once (unknown keys rejected) with the defaults as named constants. */
import { z } from 'zod'
import type { EscottClient, Logger } from 'escott-core'
import { EscottValidationError } from 'escott-core'
import { isTimeOfDay } from './calendar.js'
import { isSchemaName } from './db/database.js'

/** The parts of an escott-core client the billing uses (an `Escott` instance fits). */
export interface BillingGateway {
  card: Pick<EscottClient['card'], 'authorize' | 'retrieve'>
  members: Pick<EscottClient['members'], 'retrieve'>
}

/** Dunning: when declined charges are retried and what happens when they stay unpaid. */
export interface DunningOptions {
  /** Days after the first failure on which a soft decline is retried, e.g. `[1, 3, 7]`. */
  retryAfterDays?: number[]
  /** After the last retry (and for hard declines, at the end of that window): stay `past_due` or `cancel`. */
  finally?: 'past_due' | 'cancel'
}

export interface BillingOptions {
  /** An escott-core client (`new Escott({...})`). */
  escott: BillingGateway
  /** External PostgreSQL. Omitted: an embedded cluster kept in `dataDir` (one process). `DATABASE_URL` is not read implicitly: pass it. */
  databaseUrl?: string | undefined
  /** Folder of the embedded cluster; default `.billing`. */
  dataDir?: string
  /** Postgres schema of the billing tables; pg-boss uses `<schema>_jobs`. Default `escott_billing`. */
  schema?: string
  /** The billing clock; default `() => new Date()`. Tests and demos pass the sandbox's clock. */
  now?: () => Date
  /** Time of day (Asia/Tokyo, `HH:MM`) renewals and retries run; default `'10:00'`. */
  chargeTime?: string
  dunning?: DunningOptions
  /** Emit `card.expiring` this many days before the stored card expires; default 30, 0 = never. */
  cardExpiryNoticeDays?: number
  /**
   * Gateway calls in flight at once per process; default 8. Twice as many charges are worked on, so that reading a
   * subscription and recording an answer run beside the calls (the database pool is sized for it).
   */
  concurrency?: number
  /** pino-compatible logger; default silent. */
  logger?: Logger
  /** Re-checks of an unknown outcome by 1Search, in ms after the previous one; default 5 min, 1 h, then daily for 5 days. */
  reconcileDelaysMs?: number[]
  /** An attempt claimed longer ago than this without an answer is treated as abandoned (its worker died): default 60 s. Each gateway call is given two thirds of it as its own timeout. */
  attemptTimeoutMs?: number
  /** A worker's pg-boss job not finished within this is handed to another worker; default 45 s (plus up to `maintenanceSeconds`). */
  jobTimeoutSeconds?: number
  /** How often pg-boss looks for expired jobs; default 15 s. */
  maintenanceSeconds?: number
  /** How often `startWorker` fans out due work (one tick per slot across all processes); default 60 s. */
  tickSeconds?: number
  /** Connection pool size per process; default `2 × concurrency + 4`. */
  poolSize?: number
}

export const DEFAULT_CHARGE_TIME = '10:00'
export const DEFAULT_RETRY_AFTER_DAYS = [1, 3, 7]
export const DEFAULT_CARD_EXPIRY_NOTICE_DAYS = 30
export const DEFAULT_CONCURRENCY = 8
export const DEFAULT_RECONCILE_DELAYS_MS = [5 * 60_000, 60 * 60_000, ...Array(5).fill(24 * 60 * 60_000)]
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 60_000
export const DEFAULT_JOB_TIMEOUT_SECONDS = 45
export const DEFAULT_MAINTENANCE_SECONDS = 15

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger

const schema = z
  .object({
    escott: z.custom<BillingGateway>(
      (v) => typeof v === 'object' && v !== null && typeof (v as BillingGateway).card?.authorize === 'function' && typeof (v as BillingGateway).members?.retrieve === 'function',
      'must be an escott-core client: new Escott({ merchantId, merchantPass, … })',
    ),
    databaseUrl: z.string().min(1).optional(),
    dataDir: z.string().min(1).default('.billing'),
    schema: z.string().refine(isSchemaName, 'must be lower-case letters, digits and _ (a Postgres schema name)').default('escott_billing'),
    now: z.custom<() => Date>((v) => typeof v === 'function', 'must be a function returning a Date').default(() => () => new Date()),
    chargeTime: z.string().refine(isTimeOfDay, "must be 'HH:MM' (24 h, Asia/Tokyo), e.g. '10:00'").default(DEFAULT_CHARGE_TIME),
    dunning: z
      .object({
        retryAfterDays: z
          .array(z.number().int().min(1).max(60))
          .max(20)
          .refine((a) => a.every((d, i) => i === 0 || d > a[i - 1]!), 'must be increasing days after the first failure, e.g. [1, 3, 7]')
          .default(DEFAULT_RETRY_AFTER_DAYS),
        finally: z.enum(['past_due', 'cancel']).default('past_due'),
      })
      .strict()
      .default({ retryAfterDays: DEFAULT_RETRY_AFTER_DAYS, finally: 'past_due' }),
    cardExpiryNoticeDays: z.number().int().min(0).max(366).default(DEFAULT_CARD_EXPIRY_NOTICE_DAYS),
    concurrency: z.number().int().min(1).max(256).default(DEFAULT_CONCURRENCY),
    logger: z.custom<Logger>((v) => typeof v === 'object' && v !== null && typeof (v as Logger).info === 'function', 'must be a pino-compatible logger').default(silent),
    reconcileDelaysMs: z.array(z.number().int().min(1000)).min(1).max(50).default(DEFAULT_RECONCILE_DELAYS_MS),
    attemptTimeoutMs: z.number().int().min(1000).default(DEFAULT_ATTEMPT_TIMEOUT_MS),
    jobTimeoutSeconds: z.number().int().min(5).max(3600).default(DEFAULT_JOB_TIMEOUT_SECONDS),
    maintenanceSeconds: z.number().int().min(1).max(600).default(DEFAULT_MAINTENANCE_SECONDS),
    tickSeconds: z.number().int().min(1).max(3600).default(60),
    poolSize: z.number().int().min(2).max(200).optional(),
  })
  .strict()

export type ResolvedOptions = z.output<typeof schema>

/** Validates the options; a mistake names the field and the fix. */
export function resolveOptions(options: BillingOptions): ResolvedOptions {
  const r = schema.safeParse(options ?? {})
  if (!r.success) {
    throw new EscottValidationError(
      undefined,
      r.error.issues.map((i) => ({
        field: `createBilling: ${i.path.join('.') || '(options)'}`,
        message: i.code === 'unrecognized_keys' ? `unknown option(s) ${i.keys.join(', ')}` : i.message,
      })),
    )
  }
  return r.data
}
