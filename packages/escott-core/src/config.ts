import { z } from 'zod'
import { EscottConfigurationError } from './errors/escott-error.js'
import { silentLogger, type Logger } from './logger.js'

/** Request timeout when `timeoutMs` is not given: 30 s, the Woo plugin's order of magnitude (it waits 60 s). */
export const DEFAULT_TIMEOUT_MS = 30_000
/** How often a request that cannot have changed anything is retried when `maxRetries` is not given. */
export const DEFAULT_MAX_RETRIES = 2
/** First pause before a retry; doubled each time, with 50–100 % jitter. */
export const INITIAL_RETRY_DELAY_MS = 150
/** Longest pause between two retries. */
export const MAX_RETRY_DELAY_MS = 2_000

/** Which e-SCOTT environment to talk to. */
export type Environment = 'test' | 'production'

const HOSTS: Record<Environment, { api: string; paymentPage: string }> = {
  production: { api: 'https://www.e-scott.jp', paymentPage: 'https://link.kessai.info/JLP/JLPcon' },
  test: { api: 'https://www.test.e-scott.jp', paymentPage: 'https://link.kessai.info/JLPCT/JLPcon' },
}

/**
 * Source addresses of payment notifications, as published to merchants (2021 "new environment": main and DR
 * sites, plus the legacy addresses still listed by integrations).
 */
export const NOTIFICATION_SOURCE_IPS: Record<Environment, readonly string[]> = {
  production: ['54.238.10.224', '3.114.145.91', '54.248.234.19', '13.208.56.91', '13.208.108.172', '15.152.0.135', '211.128.98.141', '211.128.98.133'],
  test: ['35.72.54.3', '54.248.208.159', '35.72.47.156'],
}

/**
 * SecureResultCode values accepted as "authentication passed" when ResponseCd is OK, unless
 * `threeDSecure.acceptSecureResults` says otherwise: `0` authenticated, `2` no 3-D password at the issuer, `3`
 * issuer not participating, `4` attempt (https://github.com/escott-js/escott/blob/main/docs/protocol-decisions.md).
 */
export const DEFAULT_ACCEPTED_SECURE_RESULTS: readonly string[] = Object.freeze(['0', '2', '3', '4'])

/** Options of `new Escott(...)`. Unknown keys are refused (a typo must not silently fall back to a default). */
export interface EscottConfig {
  /** 加盟店ID (MerchantId): 1–20 half-width alphanumerics. */
  merchantId: string
  /** 加盟店パスワード (MerchantPass). Never logged. */
  merchantPass: string
  /** 店舗コード (TenantId), 4 digits; default `0001`, for a merchant with a single shop. */
  tenantId?: string
  /** `test` (default) or `production`. */
  environment?: Environment
  /**
   * Overrides the gateway origin, e.g. a local `escott-sandbox`. Every URL the SDK builds (API endpoints, token
   * script, 3-D Secure form action, payment-place page) then points at this base.
   */
  baseUrl?: string
  /** トークン決済認証コード (k_TokenNinsyoCode), needed for the token script URL. Never logged. */
  tokenAuthCode?: string
  /** EMV 3-D Secure encryption settings: the merchant's own 16-character AES key and IV. No built-in fallback. */
  threeDSecure?: {
    aesKey: string
    aesIv: string
    /** SecureResultCode values treated as "authentication passed"; default {@link DEFAULT_ACCEPTED_SECURE_RESULTS}. */
    acceptSecureResults?: string[]
    /**
     * Authentication-only (`3Secure`) results: also require `ResponseCd` OK. Default `false`: like the official
     * WooCommerce and Welcart plugins, only the SecureResultCode decides and the following 1Auth is the gateway's
     * verdict (a `2`/`3` may come with a U-code there). See https://github.com/escott-js/escott/blob/main/docs/protocol-decisions.md
     */
    requireResponseOk?: boolean
    /**
     * Longest RedirectUrl accepted by `createRequest` (default 64, the limit one integration reports; raise it only if
     * your contract confirms longer return URLs work).
     */
    maxRedirectUrlLength?: number
  }
  /**
   * Request timeout in milliseconds, 1 … 300 000; default {@link DEFAULT_TIMEOUT_MS}. A timeout after sending raises
   * `EscottOutcomeUnknownError`. Per call: `RequestOptions.timeoutMs`.
   */
  timeoutMs?: number
  /**
   * How many times a request that cannot have changed anything (a read, or a connection that never opened) is
   * retried, 0 … 5; default {@link DEFAULT_MAX_RETRIES}. Charges are never retried after they may have been sent.
   */
  maxRetries?: number
  /** A `fetch` implementation, called as `fetch(url, init)` with a string body (default: the global one). */
  fetch?: typeof fetch
  /** A pino-compatible logger; secrets are removed before anything is logged. */
  logger?: Logger
  /**
   * How TelNo is sent with 2Add: `digits` (default: hyphens and spaces removed) or `asEntered` (as the shopper typed
   * it, in half width: digits and hyphens, at most 13).
   */
  telNoFormat?: 'digits' | 'asEntered'
  /**
   * Send `TenantId` on card follow-ups (1Capture, 1Change, 1Delete, 1ReAuth, 1Search). Default `true`, as E2, the
   * WooCommerce and the Welcart plugins do; `false` leaves it out as E42 does (https://github.com/escott-js/escott/blob/main/docs/protocol-decisions.md).
   */
  sendTenantIdOnFollowUps?: boolean
}

/** What each option must be, in the words every configuration error uses (never zod's). */
const EXPECTED: Record<string, string> = {
  merchantId: 'must be your 加盟店ID (MerchantId): 1–20 half-width letters or digits',
  merchantPass: 'must be your 加盟店パスワード (MerchantPass): a non-empty string of at most 64 characters',
  tenantId: "must be the 4-digit 店舗コード (TenantId), e.g. '0001'",
  environment: "must be 'test' or 'production'",
  baseUrl: 'must be an absolute http(s) URL such as http://127.0.0.1:8731 (a local escott-sandbox), or left out',
  tokenAuthCode: 'must be the トークン決済認証コード from the e-SCOTT admin console (a non-empty string), or left out',
  threeDSecure: 'must be { aesKey, aesIv } with the 16-character AES key and IV from the e-SCOTT admin console, or left out',
  'threeDSecure.aesKey': 'must be exactly 16 bytes (16 half-width characters, from the e-SCOTT admin console)',
  'threeDSecure.aesIv': 'must be exactly 16 bytes (16 half-width characters, from the e-SCOTT admin console)',
  'threeDSecure.acceptSecureResults': "must be a list of SecureResultCode digits, e.g. ['0', '2', '3', '4']",
  'threeDSecure.requireResponseOk': 'must be true or false (default false: a 3Secure result passes on its SecureResultCode)',
  'threeDSecure.maxRedirectUrlLength': 'must be an integer from 16 to 2048 (default 64)',
  timeoutMs: 'must be an integer number of milliseconds from 1 to 300000 (default 30000)',
  maxRetries: 'must be an integer from 0 to 5 (default 2)',
  fetch: 'must be a fetch function, or left out',
  logger: 'must be a pino-compatible logger with debug, info, warn and error methods, or left out',
  telNoFormat: "must be 'digits' or 'asEntered'",
  sendTenantIdOnFollowUps: 'must be true or false (default true: TenantId on 1Capture, 1Change, 1Delete, 1ReAuth, 1Search)',
}

const THREE_D_SECURE_KEYS = ['aesKey', 'aesIv', 'acceptSecureResults', 'requireResponseOk', 'maxRedirectUrlLength'] as const

const sixteenBytes = z.string().refine((s) => Buffer.byteLength(s) === 16)

const schema = z.strictObject({
  merchantId: z.string().regex(/^[A-Za-z0-9]{1,20}$/),
  merchantPass: z.string().min(1).max(64),
  tenantId: z
    .string()
    .regex(/^\d{4}$/)
    .default('0001'),
  environment: z.enum(['test', 'production']).default('test'),
  baseUrl: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+/)
    .refine((u) => URL.canParse(u))
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  tokenAuthCode: z.string().min(1).optional(),
  threeDSecure: z
    .strictObject({
      aesKey: sixteenBytes,
      aesIv: sixteenBytes,
      acceptSecureResults: z.array(z.string().regex(/^\d$/)).default([...DEFAULT_ACCEPTED_SECURE_RESULTS]),
      requireResponseOk: z.boolean().default(false),
      maxRedirectUrlLength: z.number().int().min(16).max(2048).default(64),
    })
    .optional(),
  timeoutMs: z.number().int().min(1).max(300_000).default(DEFAULT_TIMEOUT_MS),
  maxRetries: z.number().int().min(0).max(5).default(DEFAULT_MAX_RETRIES),
  fetch: z.custom<typeof fetch>((f) => typeof f === 'function').optional(),
  logger: z.custom<Logger>((l) => typeof l === 'object' && l !== null && ['debug', 'info', 'warn', 'error'].every((m) => typeof (l as Record<string, unknown>)[m] === 'function')).optional(),
  telNoFormat: z.enum(['digits', 'asEntered']).default('digits'),
  sendTenantIdOnFollowUps: z.boolean().default(true),
})

/** The option names `new Escott(config)` accepts. */
export const CONFIG_OPTIONS: readonly string[] = Object.freeze(Object.keys(schema.shape))

/** Configuration after validation and defaults. */
export type ResolvedConfig = Omit<z.output<typeof schema>, 'logger'> & {
  logger: Logger
  urls: {
    api: string
    paymentPage: string
  }
}

/** Levenshtein distance, for "did you mean" on misspelt option names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]!
}

function suggestion(key: string, allowed: readonly string[]): string {
  const lower = key.toLowerCase()
  const best = allowed.map((name) => ({ name, d: name.toLowerCase().startsWith(lower) || lower.startsWith(name.toLowerCase()) ? 0 : distance(lower, name.toLowerCase()) })).sort((x, y) => x.d - y.d)[0]
  return best && best.d <= Math.max(2, Math.floor(key.length / 2)) ? ` (did you mean '${best.name}'?)` : ''
}

/** One line per problem, each naming the option and the fix; never a value (it may be a secret). */
export function configProblems(issues: readonly z.core.$ZodIssue[]): { option: string; message: string }[] {
  const out: { option: string; message: string }[] = []
  for (const issue of issues) {
    const path = issue.path.map(String)
    if (issue.code === 'unrecognized_keys') {
      const inside = path.join('.')
      const allowed = inside === 'threeDSecure' ? THREE_D_SECURE_KEYS : CONFIG_OPTIONS
      issue.keys.forEach((key, i) => {
        const option = inside ? `${inside}.${key}` : key
        const list = i === issue.keys.length - 1 ? `; allowed${inside ? ` in ${inside}` : ' options'}: ${allowed.join(', ')}` : ''
        out.push({ option, message: `is not an option${suggestion(key, allowed)}${list}` })
      })
      continue
    }
    const option = path.filter((p) => !/^\d+$/.test(p)).join('.') || 'config'
    const missing = issue.code === 'invalid_type' && issue.input === undefined
    out.push({ option, message: missing ? `is required: it ${EXPECTED[option] ?? 'must be set'}` : (EXPECTED[option] ?? 'is invalid') })
  }
  return out
}

/** Validates the options; the error names the option and the fix but never echoes a value (it may be a secret). */
export function resolveConfig(input: EscottConfig): ResolvedConfig {
  if (input === null || typeof input !== 'object') {
    throw new EscottConfigurationError(`new Escott(config): a config object is required, with at least merchantId and merchantPass; allowed options: ${CONFIG_OPTIONS.join(', ')}`)
  }
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const text = configProblems(parsed.error.issues)
      .map((p) => `${p.option} ${p.message}`)
      .join('; ')
    throw new EscottConfigurationError(`Invalid escott configuration: ${text}`)
  }
  const c = parsed.data
  const host = HOSTS[c.environment]
  const urls = c.baseUrl
    ? {
        api: c.baseUrl,
        paymentPage: c.baseUrl + new URL(host.paymentPage).pathname,
      }
    : { api: host.api, paymentPage: host.paymentPage }
  // The very same silentLogger object, so the client can tell "no logger" apart cheaply.
  return { ...c, logger: c.logger ?? silentLogger, urls }
}

/** Environment variable → option read by {@link configFromEnv}. */
export const CONFIG_ENV_VARS = Object.freeze({
  ESCOTT_MERCHANT_ID: 'merchantId',
  ESCOTT_MERCHANT_PASS: 'merchantPass',
  ESCOTT_TENANT_ID: 'tenantId',
  ESCOTT_ENVIRONMENT: 'environment',
  ESCOTT_BASE_URL: 'baseUrl',
  ESCOTT_TOKEN_AUTH_CODE: 'tokenAuthCode',
  ESCOTT_AES_KEY: 'threeDSecure.aesKey',
  ESCOTT_AES_IV: 'threeDSecure.aesIv',
  ESCOTT_TIMEOUT_MS: 'timeoutMs',
  ESCOTT_MAX_RETRIES: 'maxRetries',
} as const)

/**
 * An `EscottConfig` from environment variables (see {@link CONFIG_ENV_VARS}), checked as `new Escott` checks it;
 * the error names the variable. `ESCOTT_ENVIRONMENT` must be `test` or `production` (default `test`): anything
 * else is refused rather than quietly treated as `test`. Empty variables count as unset.
 *
 * @example
 * ```ts
 * import { Escott, configFromEnv } from 'escott-core'
 * // ESCOTT_MERCHANT_ID=… ESCOTT_MERCHANT_PASS=… ESCOTT_ENVIRONMENT=production node server.js
 * const escott = new Escott({ ...configFromEnv(process.env), logger })
 * ```
 */
export function configFromEnv(env: Record<string, string | undefined> = process.env): EscottConfig {
  const get = (name: keyof typeof CONFIG_ENV_VARS) => {
    const value = env[name]
    return value === undefined || value.trim() === '' ? undefined : value.trim()
  }
  const problems: string[] = []
  const integer = (name: 'ESCOTT_TIMEOUT_MS' | 'ESCOTT_MAX_RETRIES') => {
    const text = get(name)
    if (text === undefined) return undefined
    if (!/^\d+$/.test(text)) problems.push(`${name} ${EXPECTED[CONFIG_ENV_VARS[name]]}`)
    return Number(text)
  }
  const environment = get('ESCOTT_ENVIRONMENT')
  if (environment !== undefined && environment !== 'test' && environment !== 'production') {
    problems.push(`ESCOTT_ENVIRONMENT must be 'test' or 'production' (or unset for test), not another value`)
  }
  const aesKey = get('ESCOTT_AES_KEY')
  const aesIv = get('ESCOTT_AES_IV')
  if ((aesKey === undefined) !== (aesIv === undefined)) problems.push('ESCOTT_AES_KEY and ESCOTT_AES_IV must be set together (3-D Secure needs both)')
  const config: Record<string, unknown> = {
    merchantId: get('ESCOTT_MERCHANT_ID'),
    merchantPass: get('ESCOTT_MERCHANT_PASS'),
    tenantId: get('ESCOTT_TENANT_ID'),
    environment,
    baseUrl: get('ESCOTT_BASE_URL'),
    tokenAuthCode: get('ESCOTT_TOKEN_AUTH_CODE'),
    threeDSecure: aesKey !== undefined && aesIv !== undefined ? { aesKey, aesIv } : undefined,
    timeoutMs: integer('ESCOTT_TIMEOUT_MS'),
    maxRetries: integer('ESCOTT_MAX_RETRIES'),
  }
  for (const key of Object.keys(config)) if (config[key] === undefined) delete config[key]
  if (problems.length === 0) {
    const parsed = schema.safeParse(config)
    if (!parsed.success) {
      const byOption = Object.fromEntries(Object.entries(CONFIG_ENV_VARS).map(([name, option]) => [option, name]))
      for (const p of configProblems(parsed.error.issues)) problems.push(`${byOption[p.option] ?? p.option} (${p.option}) ${p.message}`)
    }
  }
  if (problems.length) throw new EscottConfigurationError(`Invalid escott configuration from the environment: ${problems.join('; ')}`)
  return config as unknown as EscottConfig
}
