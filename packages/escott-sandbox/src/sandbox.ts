/** `startSandbox()`: wires state, clock, faults, handlers, notifier and persistence to an HTTP server. */
import type { AddressInfo } from 'node:net'
import { SandboxClock, parseDuration } from './clock.js'
import { SandboxFaults } from './faults.js'
import { DEFAULT_CONFIG, Gateway, type PostUrlOrder, type SandboxConfig } from './gateway.js'
import { findCvs, markPaid } from './handlers/cvs.js'
import { ThreeDSecure, type PostUrlDelivery } from './handlers/tds.js'
import { createMerchant, credentialsOf, DEFAULT_DUPLICATE_WINDOW_MS, DEFAULT_MERCHANT, DEFAULT_TOKEN_LOCK } from './merchants.js'
import { Notifier } from './notifier.js'
import { loadSnapshot, Persister, prepareDataDir } from './persistence.js'
import { codedError } from './util.js'
import { createSandboxServer } from './server.js'
import { isLoopbackAddress, isLoopbackHost, nonLoopbackRefusal, nonLoopbackWarning, startBanner } from './exposure.js'
import { checkLimits, type ForgottenCounts, type RetentionLimits } from './retention.js'
import type { TokenLockFilter, TokenLockInfo } from './token-locks.js'
import { Store, type MerchantCredentials, type MerchantSettings, type NotificationRecord, type Snapshot } from './state.js'

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** TCP port; `0` (the default) picks a free one. The CLI defaults to 8731. */
  port?: number
  /**
   * Interface to listen on: `127.0.0.1` (the default), `::1`, `localhost` or another loopback address. Anything else
   * (`0.0.0.0`, a LAN address…) is refused unless `allowNonLoopback` is set, because the console and `/_sandbox/*`
   * hand out merchant secrets to whoever can reach them.
   */
  host?: string
  /**
   * Allow a non-loopback `host` (e.g. `0.0.0.0` inside a Docker network of your own). A loud warning is printed at
   * start, `quiet` or not. In loopback mode requests whose Host header is not a loopback name are refused (403).
   */
  allowNonLoopback?: boolean
  /**
   * Memory bound: how many card transactions (and, each separately, CVS payments, tokens, 3-D Secure authentications,
   * finished notifications) and card members are kept, least recently used forgotten first (default 10,000 each).
   * A forgotten record answers as the gateway answers an unknown id (KBZ, K71, KHZ). `Infinity` keeps everything.
   */
  retention?: Partial<RetentionLimits>
  /** Where the default merchant's CVS payment notifications are POSTed. */
  notificationUrl?: string
  /** Settings (and optionally fixed credentials) of the default merchant, e.g. `{ threeDSecure: 'required' }`. */
  merchant?: MerchantSettings
  /**
   * Keep state in this JSON file across restarts (default: memory only). Written atomically with mode 0600 (it holds
   * the merchant secrets); a missing folder is created 0700; a looser existing file is tightened at start.
   */
  dataFile?: string
  /** Token lifetime on the sandbox clock: `'10m'` (default), `'30m'`, or milliseconds. */
  tokenTtl?: string | number
  /** Delay of the "approved but slow" test card in ms (default 3000). */
  slowCardDelayMs?: number
  /** 3-D Secure result delivery: which of RedirectUrl (browser) and PostUrl (server) goes first, and the delay between. */
  /** `maxRedirectUrlLength`: longest RedirectUrl OTDS010 accepts (default 64). */
  threeDSecure?: { postUrlOrder?: PostUrlOrder; postUrlDelayMs?: number; maxRedirectUrlLength?: number }
  /** CVS notification retries: delays between attempts (bounded list) and per-attempt timeout. */
  notification?: { retryDelaysMs?: number[]; timeoutMs?: number }
  /** Do not print the development-only banner. */
  quiet?: boolean
}

/** A test card as the shopper types it; `createToken` issues the same token the browser script would. */
export interface CardInput {
  cardNo: string
  /** Two-digit year (four digits accepted). */
  expYY: string | number
  /** Month, `'12'` or `12`. */
  expMM: string | number
  secCd?: string
  kanaSei?: string
  kanaMei?: string
  /** Authentication assist, as `spsvCreateToken` takes them: the last 4 digits of the phone number, birth month and day. */
  telNo?: string
  birthMM?: string
  birthDD?: string
}

/** Result of paying a CVS payment at a store. */
export interface SandboxCvsReceipt {
  processId: string
  kessaiNumber: string
  amount: number
  cvsCd: string
  recvNum: string
  nyukinDate: string
  /** The notification and its first delivery attempt (undefined when the merchant has no notification URL). */
  notification: NotificationRecord | undefined
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:8731`; pass it as `baseUrl` to `new Escott()`. */
  url: string
  /** Credentials of the default merchant: `new Escott({ ...sb.merchant, baseUrl: sb.url })`. */
  merchant: MerchantCredentials
  /** Sandbox time: `sb.clock.advance('61d')`. */
  clock: SandboxClock
  /** Fault injection: `sb.faults.next({ type: 'reset-after-commit' })`. */
  faults: SandboxFaults
  /** Live configuration (token lifetime, 3-D Secure delivery order, notification retries, retention limits…). */
  config: SandboxConfig
  /** Whether the sandbox listens on loopback only (false only with `allowNonLoopback` and a non-loopback host). */
  loopbackOnly: boolean
  /** Retention limits, how many records are kept now, and how many were forgotten since start. */
  retention(): RetentionReport
  /** Issues a token for a test card, like `SpsvApi.spsvCreateToken` in the browser. Resolves to the 32-hex token. */
  createToken(card: CardInput, options?: { merchantId?: string }): Promise<string>
  /** Pays a CVS payment as the shopper would at the store (`cvsCd` default `SEV`), then sends the notification. */
  payCvs(kessaiNumber: string, options?: { cvsCd?: string }): Promise<SandboxCvsReceipt>
  /** Adds a merchant with settings (`threeDSecure: 'required'`, `authAssist: { kana: true }`, `serviceStartDate`, `allowedIps`…). */
  createMerchant(settings?: MerchantSettings): MerchantCredentials
  /** Credentials and settings of every merchant. */
  merchants(): Array<MerchantCredentials & { settings: Record<string, unknown> }>
  /**
   * CVS notification delivery log (all attempts). `sb.notifications.flush()` delivers every pending retry now and
   * resolves with those notifications once the attempts are done (retries otherwise follow the sandbox clock).
   */
  notifications: {
    (): NotificationRecord[]
    flush(): Promise<NotificationRecord[]>
  }
  /** Current token locks (KI5 card number / KI6 terminal), card numbers masked. */
  tokenLocks(): TokenLockInfo[]
  /** Releases token locks matching the filter (all when empty), like the admin console; returns how many. */
  releaseTokenLock(filter?: TokenLockFilter): number
  /** 3-D Secure PostUrl deliveries. */
  postUrlDeliveries(): PostUrlDelivery[]
  /** The whole state as JSON-ready data (what `--data` writes). */
  snapshot(): Snapshot
  /** Stops the server (and writes the data file). */
  close(): Promise<void>
}

/** What {@link Sandbox.retention} reports. */
export interface RetentionReport {
  limits: RetentionLimits
  kept: { transactions: number; cvsPayments: number; members: number; tokens: number; authentications: number; notifications: number; tokenLocks: number }
  forgotten: ForgottenCounts
}

let bannerShown = false

function buildConfig(o: SandboxOptions): SandboxConfig {
  const c: SandboxConfig = structuredClone(DEFAULT_CONFIG)
  if (o.tokenTtl !== undefined) c.tokenTtlMs = parseDuration(o.tokenTtl)
  if (o.slowCardDelayMs !== undefined) c.slowCardDelayMs = o.slowCardDelayMs
  if (o.threeDSecure?.postUrlOrder) c.threeDSecure.postUrlOrder = o.threeDSecure.postUrlOrder
  if (o.threeDSecure?.postUrlDelayMs !== undefined) c.threeDSecure.postUrlDelayMs = o.threeDSecure.postUrlDelayMs
  if (o.threeDSecure?.maxRedirectUrlLength !== undefined) c.threeDSecure.maxRedirectUrlLength = o.threeDSecure.maxRedirectUrlLength
  if (o.notification?.retryDelaysMs) c.notification.retryDelaysMs = [...o.notification.retryDelaysMs]
  if (o.notification?.timeoutMs !== undefined) c.notification.timeoutMs = o.notification.timeoutMs
  if (o.retention) {
    checkLimits(o.retention)
    if (o.retention.transactions !== undefined) c.retention.transactions = o.retention.transactions
    if (o.retention.members !== undefined) c.retention.members = o.retention.members
  }
  return c
}

/**
 * Starts a sandbox e-SCOTT Smart gateway over real HTTP.
 *
 * @example
 * const sb = await startSandbox({ port: 0 })
 * const escott = new Escott({ ...sb.merchant, baseUrl: sb.url })
 * const token = await sb.createToken({ cardNo: '4000000000001000', expYY: '28', expMM: '12', secCd: '777' })
 * await escott.card.authorize({ amount: 1000, token })
 * await sb.close()
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const listenHost = options.host ?? '127.0.0.1'
  const loopbackOnly = await isLoopbackHost(listenHost)
  if (!loopbackOnly && !options.allowNonLoopback) throw nonLoopbackRefusal(listenHost)
  const config = buildConfig(options)
  const store = new Store()
  store.limits = config.retention
  // Once, quiet or not: a KBZ / K71 for a forgotten record is otherwise hard to tell from a real "no such transaction".
  store.onFirstForget = (family, limit) =>
    console.warn(
      `escott-sandbox: more than ${limit} ${family === 'members' ? 'members' : family === 'cvsPayments' ? 'CVS payments' : 'card transactions'}; ` +
        'the least recently used are forgotten and answer as unknown (KBZ / K71) from now on. Raise retention (--retain-transactions / --retain-members) if a test re-checks old ones.',
    )
  if (options.dataFile) prepareDataDir(options.dataFile)
  const snapshot = options.dataFile ? loadSnapshot(options.dataFile) : undefined
  let persister: Persister | undefined
  const clock = new SandboxClock(snapshot?.clockOffsetMs ?? 0, () => store.touch())
  const faults = new SandboxFaults()
  const gw = new Gateway(store, clock, faults, config)
  if (snapshot) {
    store.restore(snapshot)
    store.enforceLimits(clock.nowMs())
  }

  const defaultId = options.merchant?.merchantId ?? DEFAULT_MERCHANT.merchantId
  let defaultMerchant = store.merchants.get(defaultId)
  if (!defaultMerchant) {
    defaultMerchant = createMerchant(store, { ...options.merchant, ...(options.notificationUrl ? { notificationUrl: options.notificationUrl } : {}) }, DEFAULT_MERCHANT)
  } else if (options.notificationUrl) {
    defaultMerchant.notificationUrl = options.notificationUrl
  }
  if (options.dataFile) {
    persister = new Persister(options.dataFile, store, () => clock.offsetMs)
    store.onDirty = () => persister!.changed()
  }
  const tds = new ThreeDSecure(gw)
  const notifier = new Notifier(gw)
  notifier.resume()

  const merchantFor = (merchantId?: string) => {
    const m = store.merchants.get(merchantId ?? defaultMerchant.merchantId)
    if (!m) throw new Error(`Unknown sandbox merchant ${merchantId}`)
    return m
  }

  const sb: Sandbox = {
    url: '',
    merchant: credentialsOf(defaultMerchant),
    clock,
    faults,
    config,
    loopbackOnly,
    retention: () => ({
      limits: { ...config.retention },
      kept: {
        transactions: store.transactions.size,
        cvsPayments: store.cvs.size,
        members: store.members.size,
        tokens: store.tokens.size,
        authentications: store.authentications.size,
        notifications: store.notifications.length,
        tokenLocks: store.tokenLocks.size,
      },
      forgotten: { ...store.forgotten },
    }),
    async createToken(card, opts) {
      const t = gw.issueToken(merchantFor(opts?.merchantId), {
        cardNo: card.cardNo,
        expYY: String(card.expYY),
        expMM: String(card.expMM),
        ...(card.secCd ? { secCd: card.secCd } : {}),
        ...(card.kanaSei ? { kanaSei: card.kanaSei } : {}),
        ...(card.kanaMei ? { kanaMei: card.kanaMei } : {}),
        ...(card.telNo ? { telNo: card.telNo } : {}),
        ...(card.birthMM ? { birthMM: card.birthMM } : {}),
        ...(card.birthDD ? { birthDD: card.birthDD } : {}),
      })
      return t.token
    },
    async payCvs(kessaiNumber, opts) {
      const c = findCvs(gw, kessaiNumber)
      if (!c) throw codedError('not-found', `No current CVS payment with KessaiNumber or FreeArea ${kessaiNumber}`)
      markPaid(gw, c, opts?.cvsCd ?? 'SEV')
      const notification = await notifier.notify(c, store.merchants.get(c.merchantId)!)
      return { processId: c.processId, kessaiNumber: c.kessaiNumber, amount: c.amount, cvsCd: c.cvsCd!, recvNum: c.recvNum!, nyukinDate: c.nyukinDate!, notification }
    },
    createMerchant(settings = {}) {
      return credentialsOf(createMerchant(store, settings))
    },
    merchants() {
      return [...store.merchants.values()].map((m) => ({
        ...credentialsOf(m),
        settings: {
          threeDSecure: m.threeDSecure,
          authAssist: { kana: m.kanaRequired },
          serviceStartDate: m.serviceStartDate,
          allowedIps: m.allowedIps,
          notificationUrl: m.notificationUrl,
          merchantName: m.merchantName,
          tokenLock: m.tokenLock ?? DEFAULT_TOKEN_LOCK,
          duplicateWindowMs: m.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
        },
      }))
    },
    notifications: Object.assign(() => store.notifications, { flush: () => notifier.flush() }),
    tokenLocks: () => gw.locks.list(),
    releaseTokenLock: (filter) => gw.locks.release(filter),
    postUrlDeliveries: () => tds.postUrlLog,
    snapshot: () => store.snapshot(clock.offsetMs),
    async close() {
      notifier.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      if (persister) await persister.flush()
    },
  }

  const server = createSandboxServer({ gw, tds, notifier, admin: sb, localOnly: loopbackOnly })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, listenHost, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const addr = server.address() as AddressInfo
  if (loopbackOnly && !isLoopbackAddress(addr.address)) {
    // The name resolved differently when the server bound it than when it was checked.
    await new Promise<void>((resolve) => server.close(() => resolve()))
    throw nonLoopbackRefusal(`${listenHost} (${addr.address})`)
  }
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address
  sb.url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${addr.port}`
  if (!loopbackOnly) console.warn(nonLoopbackWarning(sb.url, listenHost))
  if (!options.quiet && !bannerShown) {
    bannerShown = true
    console.warn(startBanner(sb.url, loopbackOnly))
  }
  return sb
}
