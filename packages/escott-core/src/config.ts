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
  production: [
    '54.238.10.224',
    '3.114.145.91',
    '54.248.234.19',
    '13.208.56.91',
    '13.208.108.172',
    '15.152.0.135',
    '211.128.98.141',
    '211.128.98.133',
  ],
  test: ['35.72.54.3', '54.248.208.159', '35.72.47.156'],
}

/** Options of `new Escott(...)`. */
export interface EscottConfig {
  /** 加盟店ID (MerchantId). */
  merchantId: string
  /** 加盟店パスワード (MerchantPass). Never logged. */
  merchantPass: string
  /** 店舗コード (TenantId); `0001` when the merchant has a single shop. */
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
    /**
     * SecureResultCode values treated as "authentication passed" when ResponseCd is OK. Default `['0','2','3','4']`:
     * authenticated, no 3-D password at the issuer, issuer not participating, attempt (see docs/protocol-decisions.md).
     */
    acceptSecureResults?: string[]
  }
  /** Request timeout in milliseconds (default 30 000). A timeout after sending raises `EscottOutcomeUnknownError`. */
  timeoutMs?: number
  /** How many times a request that cannot have changed anything (reads, or a connection that never opened) is retried. Default 2. */
  maxRetries?: number
  /** A `fetch` implementation (default: the global one). */
  fetch?: typeof fetch
  /** A pino-compatible logger; secrets are removed before anything is logged. */
  logger?: Logger
  /** TelNo format sent with 2Add: `digits` (default) or `hyphenated` as entered. */
  telNoFormat?: 'digits' | 'asEntered'
}

const schema = z.object({
  merchantId: z.string().regex(/^[A-Za-z0-9]{1,20}$/, 'merchantId must be 1–20 half-width alphanumerics (加盟店ID)'),
  merchantPass: z.string().min(1, 'merchantPass is required (加盟店パスワード)').max(64),
  tenantId: z.string().regex(/^\d{4}$/, "tenantId must be 4 digits, e.g. '0001'").default('0001'),
  environment: z.enum(['test', 'production']).default('test'),
  baseUrl: z
    .string()
    .url('baseUrl must be an absolute URL such as http://127.0.0.1:8731')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  tokenAuthCode: z.string().min(1).optional(),
  threeDSecure: z
    .object({
      aesKey: z.string().refine((s) => Buffer.byteLength(s) === 16, 'threeDSecure.aesKey must be exactly 16 bytes'),
      aesIv: z.string().refine((s) => Buffer.byteLength(s) === 16, 'threeDSecure.aesIv must be exactly 16 bytes'),
      acceptSecureResults: z.array(z.string()).default(['0', '2', '3', '4']),
    })
    .optional(),
  timeoutMs: z.number().int().positive().max(300_000).default(30_000),
  maxRetries: z.number().int().min(0).max(5).default(2),
  fetch: z.custom<typeof fetch>((f) => typeof f === 'function', 'fetch must be a function').optional(),
  logger: z
    .custom<Logger>((l) => typeof l === 'object' && l !== null && typeof (l as Logger).error === 'function', 'logger must be pino-compatible')
    .optional(),
  telNoFormat: z.enum(['digits', 'asEntered']).default('digits'),
})

/** Configuration after validation and defaults. */
export type ResolvedConfig = Omit<z.output<typeof schema>, 'logger'> & {
  logger: Logger
  urls: {
    api: string
    paymentPage: string
  }
}

/** Validates the options; the error names the option and the fix but never echoes a secret value. */
export function resolveConfig(input: EscottConfig): ResolvedConfig {
  if (input === null || typeof input !== 'object') throw new EscottConfigurationError('new Escott(config): config object is required')
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const text = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')
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
