/**
 * Provider options from medusa-config, validated once at boot (`validateOptions`). Messages name the option and the
 * fix, never a secret's value.
 */
import { DEFAULT_CVS_FEE, NOTIFICATION_SOURCE_IPS, type CvsFeeConfig, type EscottConfig } from 'escott-core'
import { attemptLimits, type AttemptLimits, type AttemptRule } from 'escott-flows'
import { z } from 'zod'

/** Options of the `escott-medusa/providers/escott` payment provider. */
export interface EscottProviderOptions {
  /** 加盟店ID (MerchantId). */
  merchantId: string
  /** 加盟店パスワード (MerchantPass). Never logged, never in session or payment data. */
  merchantPass: string
  /** 店舗コード (TenantId), default `0001`. */
  tenantId?: string
  /** `test` (default) or `production`. */
  environment?: 'test' | 'production'
  /** Gateway origin override, e.g. a local escott-sandbox. */
  baseUrl?: string
  /** トークン決済認証コード: the storefront's token script URL is built from it. */
  tokenAuthCode?: string
  /** EMV 3-D Secure: the merchant's 16-character AES key and IV. When set, card payments go through 3-D Secure. */
  threeDSecure?: { aesKey: string; aesIv: string; acceptSecureResults?: string[] }
  /** `false` (default): authorise at checkout, capture from the admin. `true`: authorise and capture at once (1Gathering). */
  capture?: boolean
  /**
   * Public origin of this Medusa server, e.g. `https://shop.example.com`. The 3-D Secure return (RedirectUrl, at most
   * 64 characters with the path) and the PostUrl are built from it.
   */
  publicUrl?: string
  /** Card payments without a passed 3-D Secure result are refused (default `true` when `threeDSecure` is set). */
  threeDSecureRequired?: boolean
  /** Where the browser goes after 3-D Secure when the storefront gave no `return_url`. */
  storefrontUrl?: string
  /** Convenience-store payments. */
  cvs?: {
    /** Days until the payment deadline (default 7, at most 365). */
    payLimitDays?: number
    /** ShouhinName shown at the store (default `ご注文商品`, at most 16 characters). */
    productName?: string
    /** Surcharge the shopper pays at the store on top of the order total (default: escott-core's DEFAULT_CVS_FEE). */
    fee?: CvsFeeConfig
    /** Source addresses (or CIDR ranges) payment notifications may come from. Default: the gateway's published ones, loopback with `baseUrl`. */
    notificationIps?: string[]
  }
  /** Language of the shopper messages the provider throws (default `ja`); the store routes follow Accept-Language. */
  language?: 'ja' | 'en'
  /** Request timeout in ms (default 30 000). */
  timeoutMs?: number
  /**
   * Payment-attempt throttling (escott-flows' limits: per payment collection and per client address, counted in
   * Medusa's database). `false` turns it off; numbers override the defaults, e.g. `{ perOrder: { limit: 5 } }`.
   */
  limits?: false | { perOrder?: Partial<AttemptRule>; perClient?: Partial<AttemptRule> }
}

const ALLOWED = [
  'merchantId',
  'merchantPass',
  'tenantId',
  'environment',
  'baseUrl',
  'tokenAuthCode',
  'threeDSecure',
  'capture',
  'publicUrl',
  'threeDSecureRequired',
  'storefrontUrl',
  'cvs',
  'language',
  'timeoutMs',
  'limits',
] as const

const absoluteUrl = (name: string) =>
  z
    .string()
    .url(`${name} must be an absolute URL such as https://shop.example.com`)
    .transform((u) => u.replace(/\/+$/, ''))

const rule = (name: string) =>
  z
    .object({
      limit: z.number().int().positive(`${name}.limit must be a positive whole number`).optional(),
      windowMs: z.number().int().positive(`${name}.windowMs must be a positive whole number of milliseconds`).optional(),
      lockMs: z.number().int().positive(`${name}.lockMs must be a positive whole number of milliseconds`).optional(),
    })
    .strict()

const schema = z
  .object({
    merchantId: z.string({ error: 'merchantId is required (加盟店ID from the e-SCOTT contract)' }).regex(/^[A-Za-z0-9]{1,20}$/, 'merchantId must be 1–20 half-width alphanumerics (加盟店ID)'),
    merchantPass: z.string({ error: 'merchantPass is required (加盟店パスワード); read it from an environment variable' }).min(1, 'merchantPass is required (加盟店パスワード)'),
    tenantId: z
      .string()
      .regex(/^\d{4}$/, "tenantId must be 4 digits, e.g. '0001'")
      .optional(),
    environment: z.enum(['test', 'production'], { error: "environment must be 'test' or 'production'" }).optional(),
    baseUrl: absoluteUrl('baseUrl').optional(),
    tokenAuthCode: z.string().min(1, 'tokenAuthCode must not be empty').optional(),
    threeDSecure: z
      .object({
        aesKey: z.string().refine((s) => Buffer.byteLength(s) === 16, 'threeDSecure.aesKey must be exactly 16 bytes (e-SCOTT admin console → 3Dセキュア設定)'),
        aesIv: z.string().refine((s) => Buffer.byteLength(s) === 16, 'threeDSecure.aesIv must be exactly 16 bytes'),
        acceptSecureResults: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    capture: z.boolean({ error: 'capture must be true or false' }).optional(),
    publicUrl: absoluteUrl('publicUrl').optional(),
    threeDSecureRequired: z.boolean().optional(),
    storefrontUrl: absoluteUrl('storefrontUrl').optional(),
    cvs: z
      .object({
        payLimitDays: z.number().int().min(1, 'cvs.payLimitDays must be at least 1').max(365, 'cvs.payLimitDays must be at most 365').optional(),
        productName: z.string().min(1).max(16, 'cvs.productName must be at most 16 characters (ShouhinName)').optional(),
        fee: z.custom<CvsFeeConfig>((f) => typeof f === 'object' && f !== null && 'type' in f, "cvs.fee must be { type: 'fixed', fee } or { type: 'tiered', tiers }").optional(),
        notificationIps: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    language: z.enum(['ja', 'en']).optional(),
    timeoutMs: z.number().int().positive().optional(),
    limits: z
      .union([z.literal(false), z.object({ perOrder: rule('limits.perOrder').optional(), perClient: rule('limits.perClient').optional() }).strict()], {
        error: 'limits must be false or { perOrder?, perClient? } of { limit, windowMs, lockMs }',
      })
      .optional(),
  })
  .superRefine((o, ctx) => {
    if (o.threeDSecure && !o.publicUrl) {
      ctx.addIssue({ code: 'custom', path: ['publicUrl'], message: 'publicUrl is required with threeDSecure: the gateway returns the shopper to <publicUrl>/escott/3ds/return' })
    }
    if (o.publicUrl && `${o.publicUrl}/escott/3ds/return`.length > 64) {
      ctx.addIssue({
        code: 'custom',
        path: ['publicUrl'],
        message: `publicUrl is too long: e-SCOTT accepts a RedirectUrl of at most 64 characters and ${o.publicUrl}/escott/3ds/return has ${o.publicUrl.length + 18}`,
      })
    }
    if (o.threeDSecureRequired && !o.threeDSecure) {
      ctx.addIssue({ code: 'custom', path: ['threeDSecureRequired'], message: 'threeDSecureRequired needs threeDSecure: { aesKey, aesIv }' })
    }
  })

/** Options after validation, with defaults. */
export interface ResolvedOptions {
  escott: EscottConfig
  capture: boolean
  publicUrl: string | undefined
  storefrontUrl: string | undefined
  threeDSecure: boolean
  threeDSecureRequired: boolean
  language: 'ja' | 'en'
  cvs: { payLimitDays: number; productName: string; fee: CvsFeeConfig; notificationIps: readonly string[] }
  /** Payment-attempt limits; undefined when throttling is off. */
  limits: AttemptLimits | undefined
}

/** zod's optional keys come back as `undefined`; escott-flows' overrides want them absent. */
function stripUndefined(limits: { perOrder?: Partial<AttemptRule> | undefined; perClient?: Partial<AttemptRule> | undefined }) {
  const clean = (r: Partial<AttemptRule> | undefined) => (r ? (Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Partial<AttemptRule>) : undefined)
  const perOrder = clean(limits.perOrder)
  const perClient = clean(limits.perClient)
  return { ...(perOrder && { perOrder }), ...(perClient && { perClient }) }
}

/** Thrown for bad options; Medusa prints it and stops booting. */
export class EscottMedusaOptionsError extends Error {
  override name = 'EscottMedusaOptionsError'
}

/**
 * Validates the provider options from medusa-config. Unknown keys are refused with the list of allowed ones.
 * @example
 * resolveOptions({ merchantId: process.env.ESCOTT_MERCHANT_ID, merchantPass: process.env.ESCOTT_MERCHANT_PASS })
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  const where = 'escott-medusa/providers/escott options'
  if (input === null || typeof input !== 'object') {
    throw new EscottMedusaOptionsError(`${where}: options are required ({ merchantId, merchantPass, … }) in medusa-config under the provider's "options"`)
  }
  const unknown = Object.keys(input).filter((k) => !(ALLOWED as readonly string[]).includes(k))
  if (unknown.length) {
    throw new EscottMedusaOptionsError(`${where}: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; allowed: ${ALLOWED.join(', ')}`)
  }
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const text = parsed.error.issues.map((i) => (i.message.startsWith(String(i.path[0] ?? '')) && i.path.length ? i.message : `${i.path.join('.') || 'options'}: ${i.message}`)).join('; ')
    throw new EscottMedusaOptionsError(`${where}: ${text}`)
  }
  const o = parsed.data
  const environment = o.environment ?? 'test'
  const escott: EscottConfig = {
    merchantId: o.merchantId,
    merchantPass: o.merchantPass,
    environment,
    ...(o.tenantId !== undefined && { tenantId: o.tenantId }),
    ...(o.baseUrl !== undefined && { baseUrl: o.baseUrl }),
    ...(o.tokenAuthCode !== undefined && { tokenAuthCode: o.tokenAuthCode }),
    ...(o.threeDSecure !== undefined && { threeDSecure: o.threeDSecure }),
    ...(o.timeoutMs !== undefined && { timeoutMs: o.timeoutMs }),
  }
  return {
    escott,
    capture: o.capture ?? false,
    publicUrl: o.publicUrl,
    storefrontUrl: o.storefrontUrl,
    threeDSecure: o.threeDSecure !== undefined,
    threeDSecureRequired: o.threeDSecureRequired ?? o.threeDSecure !== undefined,
    language: o.language ?? 'ja',
    cvs: {
      payLimitDays: o.cvs?.payLimitDays ?? 7,
      productName: o.cvs?.productName ?? 'ご注文商品',
      fee: o.cvs?.fee ?? DEFAULT_CVS_FEE,
      notificationIps: o.cvs?.notificationIps ?? (o.baseUrl ? ['127.0.0.0/8', '::1'] : NOTIFICATION_SOURCE_IPS[environment]),
    },
    limits: o.limits === false ? undefined : attemptLimits(stripUndefined(o.limits ?? {})),
  }
}
