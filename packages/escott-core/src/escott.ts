import { inspect } from 'node:util'
import { Client } from './client.js'
import { resolveConfig, type EscottConfig } from './config.js'
import { CardResource } from './resources/card.js'
import { CvsResource } from './resources/cvs.js'
import { MembersResource } from './resources/members.js'
import { ThreeDSecureResource } from './resources/three-d-secure.js'
import { TokensResource } from './resources/tokens.js'

/**
 * The e-SCOTT Smart client. Options are checked at construction (unknown keys refused); every method that talks to
 * the gateway takes an optional last `RequestOptions` argument (`signal`, `timeoutMs`).
 *
 * @example
 * ```ts
 * import { Escott } from 'escott-core'
 * const escott = new Escott({ merchantId, merchantPass, tenantId: '0001', environment: 'test' })
 * const tx = await escott.card.authorize({ amount: 1980, token, merchantFree1: 'order-123' })
 * await escott.card.capture({ processId: tx.processId, processPass: tx.processPass })
 * ```
 */
export class Escott {
  /** Card payments (OAUT002). */
  readonly card: CardResource
  /** Stored cards (OCRP005). */
  readonly members: MembersResource
  /** Card tokens (script URL, 1TokenSearch). */
  readonly tokens: TokensResource
  /** EMV 3-D Secure (OTDS010). */
  readonly threeDSecure: ThreeDSecureResource
  /** Convenience-store / Pay-easy / e-money payments (OCNV005) and their notifications. */
  readonly cvs: CvsResource
  readonly #summary: { merchantId: string; environment: string; baseUrl: string | undefined }

  constructor(config: EscottConfig) {
    const resolved = resolveConfig(config)
    const client = new Client(resolved)
    this.card = new CardResource(client)
    this.members = new MembersResource(client)
    this.tokens = new TokensResource(client)
    this.threeDSecure = new ThreeDSecureResource(client)
    this.cvs = new CvsResource(client)
    this.#summary = { merchantId: resolved.merchantId, environment: resolved.environment, baseUrl: resolved.baseUrl }
  }

  /** Secrets stay out of logs: only the merchant id and environment are shown. */
  toJSON() {
    return { ...this.#summary }
  }

  [inspect.custom]() {
    return `Escott ${inspect(this.#summary)}`
  }

  toString() {
    return `Escott(${this.#summary.merchantId}, ${this.#summary.environment})`
  }
}
