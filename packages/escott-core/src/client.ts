import { explainCode } from './codes/explain.js'
import { INITIAL_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS, type ResolvedConfig } from './config.js'
import { errorFromEntries } from './errors/from-entries.js'
import { silentLogger } from './logger.js'
import { redactFields } from './redact.js'
import { tokyoDate } from './time.js'
import { OPERATE_IDS, type OperateId } from './operations.js'
import { checkRequestOptions, Transport, type RequestOptions } from './transport.js'
import { encodeForm, splitCodes, type WireFields } from './wire.js'

export type FieldInput = Record<string, string | number | undefined | null>

/**
 * Shared by all resources: adds the common fields, sends, and turns a refusal into the right `EscottError`.
 * Holds the resolved configuration; never exposes it.
 */
export class Client {
  readonly config: ResolvedConfig
  readonly #transport: Transport
  /** No logger configured: skip building log objects nobody reads (this is the hot path). */
  readonly #quiet: boolean

  constructor(config: ResolvedConfig) {
    this.config = config
    this.#quiet = config.logger === silentLogger
    this.#transport = new Transport({
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      initialRetryDelayMs: INITIAL_RETRY_DELAY_MS,
      maxRetryDelayMs: MAX_RETRY_DELAY_MS,
      fetch: config.fetch,
      logger: config.logger,
    })
  }

  /** The fields every message starts with. */
  common(operateId: OperateId): FieldInput {
    return {
      MerchantId: this.config.merchantId,
      MerchantPass: this.config.merchantPass,
      TransactionDate: tokyoDate(),
      OperateId: operateId,
    }
  }

  /** Sends one message; returns the response fields when `ResponseCd` is OK, throws otherwise. */
  async call(operateId: OperateId, fields: FieldInput, options?: RequestOptions): Promise<WireFields> {
    checkRequestOptions(options, operateId)
    const spec = OPERATE_IDS[operateId]
    const request = this.common(operateId)
    for (const key in fields) request[key] = fields[key]
    const merchantFree1 = request.MerchantFree1 === undefined || request.MerchantFree1 === null ? undefined : String(request.MerchantFree1)
    const logger = this.config.logger
    const quiet = this.#quiet
    const started = quiet ? 0 : performance.now()
    if (!quiet) logger.debug({ operation: operateId, request: redactFields(request) }, 'escott: request')
    let response: WireFields
    try {
      response = await this.#transport.send(
        this.config.urls.api + spec.path,
        encodeForm(request),
        {
          operation: operateId,
          safeToRetry: spec.safeToRetry,
          merchantFree1,
        },
        options,
      )
    } catch (error) {
      logger.error({ operation: operateId, merchantFree1, err: error instanceof Error ? error.message : String(error) }, 'escott: transport failure')
      throw error
    }
    const codes = splitCodes(response.ResponseCd)
    const ms = quiet ? 0 : Math.round(performance.now() - started)
    if (codes.length === 1 && codes[0] === 'OK') {
      if (!quiet) logger.info({ operation: operateId, merchantFree1, transactionId: response.TransactionId, ms }, 'escott: OK')
      return response
    }
    const raw = redactFields(response)
    const error = errorFromEntries(codes.map(explainCode), {
      operation: operateId,
      merchantFree1: response.MerchantFree1 ?? merchantFree1,
      processId: response.ProcessId ?? (fields.ProcessId === undefined ? undefined : String(fields.ProcessId)),
      raw,
    })
    logger.warn({ operation: operateId, merchantFree1, codes, category: error.category, ms }, `escott: refused: ${error.merchantMessage('en')}`)
    throw error
  }
}

/** Wire fields of a stored-card (member) follow-up, or nothing for token transactions. */
export function memberFields(member: { kaiinId: string; kaiinPass: string } | undefined): FieldInput {
  return member ? { KaiinId: member.kaiinId, KaiinPass: member.kaiinPass } : {}
}

/** Common response fields every result exposes. */
export interface BaseResult {
  /** e-SCOTT OperateId of the message that produced this result. */
  operation: OperateId
  /** 処理通番 of this message. */
  transactionId: string
  /** `yyyyMMdd` of the message. */
  transactionDate: string
  merchantFree1: string | undefined
  merchantFree2: string | undefined
  merchantFree3: string | undefined
  /** `ResponseCd` split on `|` (`['OK']` on success). */
  responseCodes: string[]
  /** Every key/value the gateway returned, for debugging. Contains ProcessPass: store it, do not log it. */
  raw: Readonly<WireFields>
}

export function baseResult(operation: OperateId, r: WireFields): BaseResult {
  return {
    operation,
    transactionId: r.TransactionId ?? '',
    transactionDate: r.TransactionDate ?? '',
    merchantFree1: r.MerchantFree1 || undefined,
    merchantFree2: r.MerchantFree2 || undefined,
    merchantFree3: r.MerchantFree3 || undefined,
    responseCodes: splitCodes(r.ResponseCd),
    raw: r,
  }
}
