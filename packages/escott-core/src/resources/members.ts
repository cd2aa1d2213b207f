import { z } from 'zod'
import { baseResult, type BaseResult, type Client } from '../client.js'
import type { OperateId } from '../operations.js'
import type { RequestOptions } from '../transport.js'
import { parseTokyo } from '../time.js'
import * as v from '../validation.js'

/** KaiinStatus, in words. */
export type MemberStatus = 'valid' | 'card_invalid' | 'locked' | 'invalidated' | 'deleted' | 'unknown'
const STATUS: Record<string, MemberStatus> = { '0': 'valid', '1': 'card_invalid', '2': 'locked', '3': 'invalidated', '4': 'deleted' }

export interface MemberCredentials {
  /** 会員ID: your stable id for the customer's stored card (1–20 half-width alphanumerics). A deleted id can never be reused. */
  kaiinId: string
  /** 会員パスワード: generated and kept server-side, never shown. */
  kaiinPass: string
  merchantFree1?: string
}

export interface CreateMemberParams extends MemberCredentials {
  /** Card token from the token script. Check it with `tokens.retrieve` first: registration does not tell you whether the card is valid. */
  token: string
  /**
   * EnableCheckUseKbn, which E42 documents as 洗替使用区分 (whether the stored card takes part in the card-information
   * refresh service, SlnContent/Credit/Member.php:66-69): `true` sends 1, `false` 0, omitted sends nothing. No
   * official integration sets it.
   */
  cardRefresh?: boolean
  /** @deprecated Same as `cardRefresh` (the field was misread as "check the card while registering"). */
  checkCard?: boolean
}

export interface UpdateMemberParams extends MemberCredentials {
  /** New card token, to replace the stored card. */
  token?: string
  /** A new KaiinPass. */
  newKaiinPass?: string
  /** EnableCheckUseKbn (洗替使用区分), see {@link CreateMemberParams.cardRefresh}. */
  cardRefresh?: boolean
  /** @deprecated Same as `cardRefresh`. */
  checkCard?: boolean
}

export interface MemberResult extends BaseResult {
  kaiinId: string
  companyCd: string | undefined
  securityCodeResult: string | undefined
}

export interface MemberInfo extends BaseResult {
  kaiinId: string
  /** Masked card number, e.g. `400000******1000`. */
  maskedCardNo: string | undefined
  /** `YYMM` */
  cardExp: string | undefined
  companyCd: string | undefined
  /** Raw KaiinStatus: `0` valid, `1` card invalid, `2` locked after failed logins, `3` invalidated, `4` deleted. */
  kaiinStatus: string | undefined
  status: MemberStatus
  enableDate: Date | undefined
}

const free = { merchantFree1: v.merchantFree.optional() }
const credentials = z.object({ kaiinId: v.member.shape.kaiinId, kaiinPass: v.member.shape.kaiinPass, ...free })
const refresh = { cardRefresh: z.boolean().optional(), checkCard: z.boolean().optional() }
const createSchema = credentials.extend({ token: v.token, ...refresh })
const updateSchema = credentials
  .extend({ token: v.token.optional(), newKaiinPass: v.member.shape.kaiinPass.optional(), ...refresh })
  .refine((p) => p.token !== undefined || p.newKaiinPass !== undefined, { message: 'give token (new card) and/or newKaiinPass', path: ['token'] })
const retrieveSchema = credentials.extend({ unmasked: z.boolean().optional() })

/** Stored cards (card members) on OCRP005. */
export class MembersResource {
  readonly #client: Client
  constructor(client: Client) {
    this.#client = client
  }

  /**
   * Registers a card for a member: 4MemAdd. (With 3-D Secure, use `threeDSecure.createRequest({ registerMember: 'create' })`.)
   *
   * @example
   * ```ts
   * const member = { kaiinId: newKaiinId(), kaiinPass: newKaiinPass() }
   * await escott.members.create({ ...member, token, checkCard: true })
   * ```
   */
  async create(params: CreateMemberParams, options?: RequestOptions): Promise<MemberResult> {
    const p = v.parseInput(createSchema, params, '4MemAdd')
    return this.#member('4MemAdd', p, { Token: p.token, EnableCheckUseKbn: checkKbn(p.cardRefresh ?? p.checkCard) }, options)
  }

  /** Replaces the stored card and/or the KaiinPass: 4MemChg. */
  async update(params: UpdateMemberParams, options?: RequestOptions): Promise<MemberResult> {
    const p = v.parseInput(updateSchema, params, '4MemChg')
    return this.#member('4MemChg', p, { Token: p.token, NewKaiinPass: p.newKaiinPass, EnableCheckUseKbn: checkKbn(p.cardRefresh ?? p.checkCard) }, options)
  }

  /** Reads the stored card (masked number, expiry, status): 4MemRefM, or 4MemRef with `unmasked: true`. */
  async retrieve(params: MemberCredentials & { unmasked?: boolean }, options?: RequestOptions): Promise<MemberInfo> {
    const p = v.parseInput(retrieveSchema, params, '4MemRefM')
    const r = await this.#call(p.unmasked ? '4MemRef' : '4MemRefM', p, {}, options)
    const kaiinStatus = r.KaiinStatus || undefined
    return {
      ...baseResult(p.unmasked ? '4MemRef' : '4MemRefM', r),
      kaiinId: p.kaiinId,
      maskedCardNo: r.CardNo ? maskIfNeeded(r.CardNo) : undefined,
      cardExp: r.CardExp || undefined,
      companyCd: r.CompanyCd || undefined,
      kaiinStatus,
      status: kaiinStatus === undefined ? 'unknown' : (STATUS[kaiinStatus] ?? 'unknown'),
      enableDate: parseTokyo(r.KaiinEnableDate),
    }
  }

  /** Invalidates the member (it can be restored while its card is still valid): 4MemInval. */
  async invalidate(params: MemberCredentials, options?: RequestOptions): Promise<MemberResult> {
    return this.#member('4MemInval', v.parseInput(credentials, params, '4MemInval'), {}, options)
  }

  /** Restores an invalidated member: 4MemUnInval. Fails when the stored card has expired: register a new KaiinId then. */
  async restore(params: MemberCredentials, options?: RequestOptions): Promise<MemberResult> {
    return this.#member('4MemUnInval', v.parseInput(credentials, params, '4MemUnInval'), {}, options)
  }

  /** Deletes the member for good: 4MemDel. The KaiinId can never be registered again. */
  async delete(params: MemberCredentials, options?: RequestOptions): Promise<MemberResult> {
    return this.#member('4MemDel', v.parseInput(credentials, params, '4MemDel'), {}, options)
  }

  async #member(operateId: OperateId, p: z.output<typeof credentials>, extra: Record<string, string | undefined>, options: RequestOptions | undefined): Promise<MemberResult> {
    const r = await this.#call(operateId, p, extra, options)
    return {
      ...baseResult(operateId, r),
      kaiinId: r.KaiinId || p.kaiinId,
      companyCd: r.CompanyCd || undefined,
      securityCodeResult: r.McSecCd || undefined,
    }
  }

  #call(operateId: OperateId, p: z.output<typeof credentials>, extra: Record<string, string | undefined>, options: RequestOptions | undefined) {
    return this.#client.call(
      operateId,
      {
        TenantId: this.#client.config.tenantId,
        MerchantFree1: p.merchantFree1,
        KaiinId: p.kaiinId,
        KaiinPass: p.kaiinPass,
        ...extra,
      },
      options,
    )
  }
}

function checkKbn(check: boolean | undefined): string | undefined {
  return check === undefined ? undefined : check ? '1' : '0'
}

/** 4MemRef may return the full number; the SDK never hands that on unmasked. */
function maskIfNeeded(cardNo: string): string {
  return /^\d{13,19}$/.test(cardNo) ? cardNo.slice(0, 6) + '*'.repeat(cardNo.length - 10) + cardNo.slice(-4) : cardNo
}
