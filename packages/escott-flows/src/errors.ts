/**
 * The flows' own errors: one `EscottFlowError` class (an `EscottError`, so `isEscottError` catches it) with a typed
 * `code` to branch on, from one table of codes in the style of better-auth's `defineErrorCodes`.
 */
import { EscottError, type Bilingual } from 'escott-core'

/** One entry of a code table: the code and its merchant-facing text. */
export interface ErrorCodeEntry<K extends string = string> extends Bilingual {
  readonly code: K
}

/** Builds a frozen table `{ CODE: { code: 'CODE', ja, en } }` from `{ CODE: { ja, en } }`. Keys are UPPER_SNAKE_CASE. */
export function defineErrorCodes<const T extends Record<string, Bilingual>>(codes: T): { readonly [K in keyof T & string]: ErrorCodeEntry<K> } {
  const out: Record<string, ErrorCodeEntry> = {}
  for (const [code, text] of Object.entries(codes)) {
    if (!/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(code)) throw new TypeError(`error code ${code} must be UPPER_SNAKE_CASE`)
    out[code] = Object.freeze({ code, ja: text.ja, en: text.en })
  }
  return Object.freeze(out) as { readonly [K in keyof T & string]: ErrorCodeEntry<K> }
}

/** Every code an {@link EscottFlowError} can carry. */
export const FLOW_ERROR_CODES = defineErrorCodes({
  RECOVERY_CASE_NOT_FOUND: { ja: '復旧対象が見つかりません。', en: 'Nothing to recover under this id.' },
  RECOVERY_CASE_AMBIGUOUS: {
    ja: 'この受注には未処理の復旧対象が複数あります。ケース ID を指定してください。',
    en: 'The order has several open cases: give the case id.',
  },
  RECOVERY_EVIDENCE_REQUIRED: {
    ja: 'e-SCOTT 管理画面で自由領域1を検索し、見つかった ProcessId と ProcessPass を指定してください。',
    en: 'Search MerchantFree1 in the e-SCOTT admin console and give the ProcessId and ProcessPass found there.',
  },
  RECOVERY_ORDER_MISSING: { ja: '受注が存在しません。', en: 'The order no longer exists.' },
  RECOVERY_NOTIFICATION_WITHOUT_ORDER: {
    ja: 'この入金通知に対応する受注がありません。e-SCOTT 管理画面で処理してから取消（却下）してください。',
    en: 'The notification matches no order: cancel (dismiss) it after handling it in the e-SCOTT admin console.',
  },
  RECOVERY_ORDER_ALREADY_PAID: {
    ja: '受注はすでに別の決済を記録しています。この重複した決済は取消してください。',
    en: 'The order already records another payment; cancel this duplicate charge instead.',
  },
  RECOVERY_CLIENT_REQUIRED: {
    ja: 'ゲートウェイで取消・照会するには escott クライアントが必要です。',
    en: 'An escott client is needed to void or look up the charge at the gateway.',
  },
  RECOVERY_VOID_FAILED: { ja: 'ゲートウェイでの取消に失敗しました。', en: 'Voiding the charge at the gateway failed.' },
  RECOVERY_NOT_RECONCILABLE: {
    ja: 'ProcessId が分からないため 1Search で照合できません。e-SCOTT 管理画面で確認してください。',
    en: 'The ProcessId is not known, so 1Search cannot reconcile it: check the e-SCOTT admin console.',
  },
  RECOVERY_EVIDENCE_MISMATCH: {
    ja: 'ゲートウェイ（1Search / 2Ref）の取引がこの受注と一致しません（金額・自由領域1・状態）。別の受注の取引ではないか確認してください。',
    en: 'The gateway’s transaction (1Search / 2Ref) does not match this order (amount, MerchantFree1 or state): check it is not another order’s.',
  },
  RECOVERY_EVIDENCE_TAKEN: {
    ja: 'この ProcessId は別の受注の決済として記録されています。別の受注の取引では完了できません。',
    en: 'This ProcessId is recorded for another order: an order cannot be completed with another order’s transaction.',
  },
  THREE_D_SECURE_UNCONFIRMED: {
    ja: '3Dセキュア結果が示す決済をゲートウェイ（1Search）で確認できないため受け付けませんでした（改ざんの可能性）。',
    en: 'The 3-D Secure result names a charge the gateway (1Search) does not confirm, so it was refused (possibly altered).',
  },
  PROCESS_ID_TAKEN: {
    ja: 'この ProcessId は別の受注の決済として記録済みのため、この受注には記録しません（3Dセキュア結果の継ぎはぎの可能性）。',
    en: 'This ProcessId is already recorded for another order, so it is not recorded for this one (a spliced 3-D Secure result?).',
  },
  MEMBER_MISSING: {
    ja: '3-D セキュア認証の間に会員（登録カード）の情報が消えました。',
    en: 'The stored-card credentials disappeared during 3-D Secure.',
  },
  JOURNAL_ENTRY_NOT_FOUND: { ja: 'ジャーナルの行が見つかりません。', en: 'Journal line not found.' },
  JOURNAL_UNAVAILABLE: {
    ja: 'ジャーナルに書き込めなかったため、ゲートウェイには何も送信していません。しばらくしてから再度お試しください。',
    en: 'The journal could not be written, so nothing was sent to the gateway. Try again later.',
  },
  STORE_INPUT_INVALID: { ja: 'ストアへの入力が不正です。', en: 'Invalid input to a store.' },
  EMBEDDED_POSTGRES_UNAVAILABLE: {
    ja: '組み込み PostgreSQL を起動できません。',
    en: 'The embedded PostgreSQL cannot be started.',
  },
})

/** A code of {@link FLOW_ERROR_CODES}. */
export type FlowErrorCode = keyof typeof FLOW_ERROR_CODES

/** The `name` of every {@link EscottFlowError}. */
export const FLOW_ERROR_NAME = 'EscottFlowError'

const CATEGORY: Partial<Record<FlowErrorCode, 'validation' | 'configuration' | 'system'>> = {
  RECOVERY_CLIENT_REQUIRED: 'configuration',
  RECOVERY_VOID_FAILED: 'system',
  JOURNAL_ENTRY_NOT_FOUND: 'system',
  JOURNAL_UNAVAILABLE: 'system',
  EMBEDDED_POSTGRES_UNAVAILABLE: 'configuration',
}

/**
 * An error raised by the flows (recovery, stores, the embedded starter). Branch on `code`:
 *
 * @example
 * ```ts
 * try {
 *   await completeRecovery(stores, id)
 * } catch (err) {
 *   if (isEscottFlowError(err) && err.code === 'RECOVERY_EVIDENCE_REQUIRED') askForProcessId()
 *   else throw err
 * }
 * ```
 *
 * `codes` holds the gateway's response codes when a gateway refusal caused it (e.g. `RECOVERY_VOID_FAILED`).
 */
export class EscottFlowError extends EscottError {
  override name = FLOW_ERROR_NAME as typeof FLOW_ERROR_NAME
  readonly #code: FlowErrorCode

  constructor(code: FlowErrorCode, options: { detail?: string; cause?: unknown; codes?: string[]; retryable?: boolean; shopper?: Bilingual } = {}) {
    const text = FLOW_ERROR_CODES[code]
    const detail = options.detail ? ` (${options.detail})` : ''
    super({
      message: `${code}: ${text.en}${detail}`,
      category: CATEGORY[code] ?? 'validation',
      merchant: { ja: `${text.ja}${detail}`, en: `${text.en}${detail}` },
      ...(options.shopper && { shopper: options.shopper }),
      codes: options.codes ?? [],
      retryable: options.retryable ?? code === 'JOURNAL_UNAVAILABLE',
      cause: options.cause,
    })
    this.#code = code
  }

  /** What went wrong, one of {@link FLOW_ERROR_CODES}. */
  override get code(): FlowErrorCode {
    return this.#code
  }

  override toJSON() {
    return { ...super.toJSON(), code: this.#code }
  }
}

/** True for an {@link EscottFlowError} (also one from another copy of this package), optionally with that `code`. */
export function isEscottFlowError(err: unknown, code?: FlowErrorCode): err is EscottFlowError {
  const is = err instanceof EscottFlowError || (typeof err === 'object' && err !== null && (err as { name?: unknown }).name === FLOW_ERROR_NAME)
  return is && (code === undefined || (err as EscottFlowError).code === code)
}
