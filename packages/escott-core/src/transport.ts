import ky, { type KyInstance } from 'ky'
import { EscottConnectionError, EscottGatewayError, EscottOutcomeUnknownError } from './errors/escott-error.js'
import type { Logger } from './logger.js'
import type { OperateId } from './operations.js'
import { parseResponse, type WireFields } from './wire.js'

/** What the transport needs to know about the call it is making. */
export interface SendContext {
  /** OperateId, for errors and logs. */
  operation: OperateId
  /**
   * True when sending the request twice cannot change anything (reads). Only those are retried after an
   * ambiguous failure; requests that never left the machine are retried whatever they are.
   */
  safeToRetry: boolean
  merchantFree1?: string | undefined
}

export interface TransportOptions {
  timeoutMs: number
  maxRetries: number
  fetch?: typeof fetch | undefined
  logger: Logger
}

/** Error codes meaning the connection was never established, so the gateway cannot have seen the request. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

function causeCode(error: unknown): string | undefined {
  let e: unknown = error
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The HTTP layer: one form POST, one parsed key=value answer. It decides only what is safe to retry; everything
 * protocol-related happens above it.
 */
export class Transport {
  readonly #http: KyInstance
  readonly #options: TransportOptions

  constructor(options: TransportOptions) {
    this.#options = options
    this.#http = ky.create({
      timeout: options.timeoutMs,
      retry: 0, // retries are decided here, per operation, never by ky
      throwHttpErrors: false,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    })
  }

  /** POSTs a form body and parses the answer. Throws `EscottConnectionError` or `EscottOutcomeUnknownError`. */
  async send(url: string, body: string, ctx: SendContext): Promise<WireFields> {
    for (let attempt = 0; ; attempt++) {
      const failure = await this.#attempt(url, body, ctx)
      if (!('error' in failure)) return failure.fields
      const retry = attempt < this.#options.maxRetries && (failure.notSent || ctx.safeToRetry)
      if (!retry) throw failure.error
      this.#options.logger.warn(
        { operation: ctx.operation, attempt: attempt + 1, reason: failure.error.message },
        'escott: retrying a request that cannot have changed anything',
      )
      await delay(Math.min(2000, 150 * 2 ** attempt) * (0.5 + Math.random() / 2))
    }
  }

  async #attempt(
    url: string,
    body: string,
    ctx: SendContext,
  ): Promise<{ fields: WireFields } | { error: EscottConnectionError | EscottGatewayError | EscottOutcomeUnknownError; notSent: boolean }> {
    let status: number
    let text: string
    try {
      const response = await this.#http.post(url, {
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      })
      status = response.status
      text = await response.text()
    } catch (cause) {
      const code = causeCode(cause)
      if (code && NOT_SENT_CODES.has(code)) {
        return {
          notSent: true,
          error: new EscottConnectionError({
            message: `${ctx.operation}: could not connect to e-SCOTT (${code}); the request was not sent`,
            operation: ctx.operation,
            category: 'connection',
            retryable: true,
            merchantFree1: ctx.merchantFree1,
            cause,
          }),
        }
      }
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError'
      return {
        notSent: false,
        error: this.#unknown(ctx, timedOut ? `no answer within ${this.#options.timeoutMs} ms` : `connection lost (${code ?? String(cause)})`, cause),
      }
    }
    if (status !== 200) return { notSent: false, error: this.#unknown(ctx, `HTTP ${status} from e-SCOTT`) }
    const fields = parseResponse(text)
    if (!fields.ResponseCd) return { notSent: false, error: this.#unknown(ctx, 'unreadable answer (no ResponseCd)') }
    return { fields }
  }

  #unknown(ctx: SendContext, why: string, cause?: unknown): EscottGatewayError | EscottOutcomeUnknownError {
    if (ctx.safeToRetry) {
      // A read changes nothing, so there is nothing to reconcile: it is plain gateway trouble, worth retrying later.
      return new EscottGatewayError({
        message: `${ctx.operation}: no usable answer from e-SCOTT (${why})`,
        operation: ctx.operation,
        category: 'system',
        retryable: true,
        merchantFree1: ctx.merchantFree1,
        ...(cause === undefined ? {} : { cause }),
      })
    }
    const ref = ctx.merchantFree1 ? ` Reconcile with MerchantFree1=${ctx.merchantFree1}.` : ''
    return new EscottOutcomeUnknownError({
      message: `${ctx.operation}: outcome unknown, ${why}. The gateway may have processed it; it was not sent again.${ref}`,
      operation: ctx.operation,
      category: 'outcome_unknown',
      retryable: false,
      merchantFree1: ctx.merchantFree1,
      merchant: {
        ja: `${ctx.operation} の結果が不明です（${why}）。決済が成立している可能性があります。自動再送はしていません。MerchantFree1=${ctx.merchantFree1 ?? '-'} で e-SCOTT 管理画面の取引を確認してください。`,
        en: `The outcome of ${ctx.operation} is unknown (${why}); it may have been processed and was not re-sent. Check MerchantFree1=${ctx.merchantFree1 ?? '-'} in the e-SCOTT admin console.`,
      },
      shopper: {
        ja: '決済結果を確認しています。二重決済を避けるため、再度のお支払い操作はせずにショップからのご連絡をお待ちください。',
        en: 'We are confirming the payment result. To avoid a double charge, please do not pay again; the shop will contact you.',
      },
      ...(cause === undefined ? {} : { cause }),
    })
  }
}
