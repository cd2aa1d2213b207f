import { baseResult, type BaseResult, type Client } from '../client.js'
import { PATHS } from '../operations.js'
import { explainCode } from '../codes/explain.js'
import { EscottConfigurationError } from '../errors/escott-error.js'
import { errorFromEntries } from '../errors/from-entries.js'
import { redactFields } from '../redact.js'
import type { RequestOptions } from '../transport.js'
import { splitCodes } from '../wire.js'
import * as v from '../validation.js'

export interface TokenInfo extends BaseResult {
  /** Masked card number behind the token, when the gateway returns it. */
  maskedCardNo: string | undefined
  /** `YYMM`, when returned. */
  cardExp: string | undefined
}

/** Card tokens: the browser script and 1TokenSearch on OATN005. */
export class TokensResource {
  readonly #client: Client
  constructor(client: Client) {
    this.#client = client
  }

  /**
   * Looks a token up (1TokenSearch): a token is always issued, even for an invalid card, so check it before
   * registering a member. Does not consume the token. Throws the matching `EscottError` when `ResponseCd` or
   * `TokenResponseCd` (the card's own check) is not OK, as the WooCommerce and Welcart plugins treat both
   * (class-spfwc-payment-gateway.php:781, paymentESCOTT.main.class.php:1467).
   */
  async retrieve(token: string, options?: RequestOptions): Promise<TokenInfo> {
    const t = v.parseInput(v.token, token, '1TokenSearch')
    const r = await this.#client.call(
      '1TokenSearch',
      {
        TenantId: this.#client.config.tenantId,
        Token: t,
      },
      options,
    )
    const tokenCodes = splitCodes(r.TokenResponseCd)
    if (tokenCodes.length && !(tokenCodes.length === 1 && tokenCodes[0] === 'OK')) {
      throw errorFromEntries(tokenCodes.filter((c) => c !== 'OK').map(explainCode), { operation: '1TokenSearch', raw: redactFields(r) })
    }
    return { ...baseResult('1TokenSearch', r), maskedCardNo: r.CardNo || undefined, cardExp: r.CardExp || undefined }
  }

  /**
   * URL of the token JavaScript for your checkout page:
   * `<script src="…" callBackFunc="setToken" class="spsvToken"></script>`, then
   * `SpsvApi.spsvCreateToken(cardNo, expYY, expMM, secCd, '', '', '', '', '')` calls `setToken(token, maskedCardNo)`.
   */
  scriptUrl(): string {
    const code = this.#client.config.tokenAuthCode
    if (!code) throw new EscottConfigurationError('tokenAuthCode is required for the token script URL (トークン決済認証コード from the e-SCOTT admin console)')
    return `${this.#client.config.urls.api}${PATHS.tokenScript}?k_TokenNinsyoCode=${encodeURIComponent(code)}`
  }
}
