import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { EscottConnectionError, EscottGatewayError, EscottOutcomeUnknownError, EscottValidationError, OUTCOME_UNKNOWN_SHOPPER } from './errors/escott-error.js'
import type { Logger } from './logger.js'
import type { OperateId } from './operations.js'
import { parseResponse, type WireFields } from './wire.js'

/**
 * Per-call options, the last argument of every resource method that talks to the gateway (stripe-node's
 * `RequestOptions`).
 *
 * @example
 * ```ts
 * const controller = new AbortController()
 * const tx = await escott.card.authorize({ amount: 1980, token }, { signal: controller.signal, timeoutMs: 10_000 })
 * ```
 */
export interface RequestOptions {
  /**
   * Aborts the call. Aborted before it was sent: `EscottConnectionError` (nothing was sent; nothing is retried).
   * Aborted after it was sent: like a timeout, `EscottOutcomeUnknownError` for an operation that changes something
   * (it may have been processed), `EscottGatewayError` for a read.
   */
  signal?: AbortSignal | undefined
  /** This call's timeout in milliseconds, instead of the client's `timeoutMs` (1 … 300 000). */
  timeoutMs?: number | undefined
}

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
  initialRetryDelayMs: number
  maxRetryDelayMs: number
  /** Sends through this `fetch` instead of the transport's own keep-alive HTTP client. */
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

/** The largest per-call timeout, as for the client option. */
const MAX_TIMEOUT_MS = 300_000

const HEADERS = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }
/** What fetch (undici) sent besides, so the gateway's web server sees the same request on either path. */
const HTTP_HEADERS = { ...HEADERS, accept: '*/*', 'user-agent': 'node' }

/**
 * The default HTTP client: node:http(s) with one keep-alive agent per protocol, shared by every client in the
 * process. Idle sockets are closed after 4 s (undici's default), earlier when the server announces a shorter
 * `Keep-Alive: timeout` (Node's agent reads the hint), and never keep the process alive.
 */
const AGENT_OPTIONS = { keepAlive: true, timeout: 4_000 }
let agents: { http: HttpAgent; https: HttpsAgent } | undefined
/** Decodes like `Response.text()`: UTF-8, a leading byte-order mark dropped, bad bytes replaced. */
const UTF8 = new TextDecoder()

/** One POST over node:http(s); resolves with the status and the whole decoded body, rejects like fetch does (the cause's `code`). */
function post(url: string, body: string, signal: AbortSignal): Promise<{ status: number; text: string }> {
  agents ??= { http: new HttpAgent(AGENT_OPTIONS), https: new HttpsAgent(AGENT_OPTIONS) }
  const tls = url.startsWith('https:')
  return new Promise((resolve, reject) => {
    const onAnswer = (res: IncomingMessage) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: UTF8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)) }))
      res.on('error', reject)
      res.on('close', () => {
        if (!res.complete) reject(Object.assign(new Error('the connection closed before the whole answer arrived'), { code: 'ECONNRESET' }))
      })
    }
    const options = { method: 'POST', headers: { ...HTTP_HEADERS, 'content-length': String(Buffer.byteLength(body)) }, signal }
    const req = tls ? httpsRequest(url, { ...options, agent: agents!.https }, onAnswer) : httpRequest(url, { ...options, agent: agents!.http }, onAnswer)
    req.on('error', reject)
    req.end(body)
  })
}

function causeCode(error: unknown): string | undefined {
  let e: unknown = error
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/** Waits `ms`, or less when `signal` aborts first. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

type Failure = { error: EscottConnectionError | EscottGatewayError | EscottOutcomeUnknownError; notSent: boolean }

/**
 * The HTTP layer: one form POST, one parsed key=value answer. It decides only what is safe to retry; everything
 * protocol-related happens above it.
 *
 * It calls `fetch` itself, with the body as a string, rather than through ky: ky wraps every body in a `Request`
 * stream (piped and teed for its retries), which bench:core-overhead measured at about 0.5 ms per call at a 5 ms
 * round trip — more than the whole budget of this layer — while none of ky's features are used here (retries are
 * decided per operation below, errors are ours, there are no hooks). Without a `fetch` option it does not even
 * use the global fetch: undici's fetch cost about 1.3 ms of CPU per call against 0.45 ms for node:http with a
 * keep-alive agent (the largest CPU cost of a subscription charge, bench:subscriptions). Redirects are never
 * followed on either path. See https://github.com/escott-js/escott/blob/main/docs/protocol-decisions.md (#27, #56)
 */
export class Transport {
  readonly #options: TransportOptions

  constructor(options: TransportOptions) {
    this.#options = options
  }

  /** POSTs a form body and parses the answer. Throws `EscottConnectionError`, `EscottGatewayError` or `EscottOutcomeUnknownError`. */
  async send(url: string, body: string, ctx: SendContext, options?: RequestOptions): Promise<WireFields> {
    const signal = options?.signal
    const timeoutMs = options?.timeoutMs ?? this.#options.timeoutMs
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw this.#abortedBeforeSending(ctx, signal.reason)
      const result = await this.#attempt(url, body, ctx, timeoutMs, signal)
      if (!('error' in result)) return result.fields
      const retry = attempt < this.#options.maxRetries && (result.notSent || ctx.safeToRetry) && !signal?.aborted
      if (!retry) throw result.error
      this.#options.logger.warn({ operation: ctx.operation, attempt: attempt + 1, reason: result.error.message }, 'escott: retrying a request that cannot have changed anything')
      // Exponential backoff with 50–100 % jitter, capped (stripe-node's RequestSender).
      const backoff = Math.min(this.#options.maxRetryDelayMs, this.#options.initialRetryDelayMs * 2 ** attempt)
      await pause(backoff * (0.5 + Math.random() / 2), signal)
      if (signal?.aborted) throw result.error
    }
  }

  async #attempt(url: string, body: string, ctx: SendContext, timeoutMs: number, caller: AbortSignal | undefined): Promise<{ fields: WireFields } | Failure> {
    const timer = new AbortController()
    const timeout = setTimeout(() => timer.abort(), timeoutMs)
    const signal = caller ? AbortSignal.any([caller, timer.signal]) : timer.signal
    let status: number
    let text: string
    try {
      const custom = this.#options.fetch
      if (custom) {
        const response = await custom(url, { method: 'POST', body, headers: HEADERS, signal, redirect: 'manual' })
        status = response.status
        text = await response.text()
      } else {
        ;({ status, text } = await post(url, body, signal))
      }
    } catch (cause) {
      const code = causeCode(cause)
      if (code && NOT_SENT_CODES.has(code)) return { notSent: true, error: this.#notSent(ctx, code, cause) }
      const why = timer.signal.aborted ? `no answer within ${timeoutMs} ms` : caller?.aborted ? 'aborted by the caller after sending' : `connection lost (${code ?? String(cause)})`
      return { notSent: false, error: this.#unknown(ctx, why, cause) }
    } finally {
      clearTimeout(timeout)
    }
    if (status !== 200) return { notSent: false, error: this.#httpStatus(ctx, status) }
    const fields = parseResponse(text)
    if (!fields.ResponseCd) return { notSent: false, error: this.#unknown(ctx, 'unreadable answer (no ResponseCd)') }
    return { fields }
  }

  #notSent(ctx: SendContext, code: string, cause: unknown): EscottConnectionError {
    return new EscottConnectionError({
      message: `${ctx.operation}: could not connect to e-SCOTT (${code}); the request was not sent`,
      operation: ctx.operation,
      category: 'connection',
      retryable: true,
      merchantFree1: ctx.merchantFree1,
      cause,
    })
  }

  #abortedBeforeSending(ctx: SendContext, reason: unknown): EscottConnectionError {
    return new EscottConnectionError({
      message: `${ctx.operation}: aborted by the caller before it was sent; nothing was sent`,
      operation: ctx.operation,
      category: 'connection',
      retryable: true,
      merchantFree1: ctx.merchantFree1,
      cause: reason,
    })
  }

  /**
   * An HTTP status other than 200. 408, 429 and 5xx may come after the gateway acted on the request: unknown.
   * Any other status (404 from a wrong baseUrl, 405, 401/403 from a proxy, a redirect) comes from a web server
   * that did not hand the request to the payment system: nothing was processed and resending will not help, so
   * the shopper must not be told "do not pay again".
   */
  #httpStatus(ctx: SendContext, status: number): EscottGatewayError | EscottOutcomeUnknownError {
    if (status === 408 || status === 429 || status >= 500 || status < 300) return this.#unknown(ctx, `HTTP ${status} from e-SCOTT`)
    const message = `${ctx.operation}: HTTP ${status} from the gateway's web server; the request was not processed. Check baseUrl and the endpoint path.`
    return new EscottGatewayError({
      message,
      operation: ctx.operation,
      category: 'system',
      retryable: false,
      httpStatus: status,
      merchantFree1: ctx.merchantFree1,
      merchant: {
        ja: `${ctx.operation}: ゲートウェイの Web サーバーが HTTP ${status} を返しました。決済処理は行われていません。`,
        en: `${ctx.operation}: the gateway's web server answered HTTP ${status}; the payment system did not process the request.`,
      },
      remedy: {
        ja: '接続先の設定（baseUrl、environment）とエンドポイントのパスを確認してください。プロキシを経由している場合はその設定も確認してください。同じ設定のまま再送しても成功しません。',
        en: 'Check the connection settings (baseUrl, environment) and the endpoint path, and any proxy in between. Resending with the same settings will not succeed.',
      },
    })
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
      shopper: OUTCOME_UNKNOWN_SHOPPER,
      ...(cause === undefined ? {} : { cause }),
    })
  }
}

/** Checks per-call options once, before anything is built or sent. */
export function checkRequestOptions(options: RequestOptions | undefined, operation: OperateId): void {
  if (options === undefined) return
  if (options === null || typeof options !== 'object') {
    throw new EscottValidationError(operation, [{ field: 'options', message: 'must be an object { signal?, timeoutMs? } or left out' }])
  }
  const { signal, timeoutMs } = options
  if (
    signal !== undefined &&
    (typeof signal !== 'object' || signal === null || typeof (signal as AbortSignal).aborted !== 'boolean' || typeof (signal as AbortSignal).addEventListener !== 'function')
  ) {
    throw new EscottValidationError(operation, [{ field: 'options.signal', message: 'must be an AbortSignal (new AbortController().signal)' }])
  }
  if (timeoutMs !== undefined && (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS)) {
    throw new EscottValidationError(operation, [{ field: 'options.timeoutMs', message: `must be an integer number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, got ${String(timeoutMs)}` }])
  }
}
