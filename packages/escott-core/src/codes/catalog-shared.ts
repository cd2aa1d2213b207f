/**
 * Building blocks shared by the catalog files: the shopper-message groups and a compact entry builder.
 *
 * Shopper texts follow the grouping Sony Payment Services' own EC-CUBE modules use (see https://github.com/escott-js/escott/blob/main/docs/response-codes.md):
 * "card unusable", "choose another payment option", "temporary trouble, retry later", "time-out, start again" and
 * "contact the shop" for everything else. A few extra groups (token re-entry, lock, stored card, canceled) keep the
 * same tone and never reveal internal detail.
 */
import type { Bilingual, CodeCategory, CodeEntryData, DeclineKind } from './types.js'

/** Shopper-message groups. Never mention codes, field names, the gateway or its admin console here. */
export const SHOPPER = {
  /** Issuer refusals and card-data mismatches (E2/E42 group "this card cannot be used"). */
  cardUnusable: {
    ja: 'このカードではお支払いできませんでした。入力内容をご確認のうえ、誤りがない場合はカード発行会社にお問い合わせいただくか、別のカードをご利用ください。',
    en: 'This card could not be used for the payment. Please check what you entered; if it is correct, contact your card issuer or use another card.',
  },
  /** Pay-type problems (E2/E42 group "this payment method cannot be used"). */
  paymentOption: {
    ja: 'ご指定のお支払い方法（支払回数など）はこのカードではご利用いただけません。お手数ですが、一括払いなど別のお支払い方法をお選びください。',
    en: 'The selected payment option (for example the number of instalments) cannot be used with this card. Please choose another option, such as a single payment.',
  },
  /** 3-D Secure could not be used or failed (E2/E42 put U01/U02/U04/U09 in the "payment method" group). */
  authFailed: {
    ja: 'カード発行会社による本人認証を完了できなかったため、このカードではお支払いできませんでした。別のカードまたは別のお支払い方法をお選びください。',
    en: "The card issuer's identity check could not be completed, so this card cannot be used. Please use another card or another payment method.",
  },
  /** Temporary trouble (E2/E42 group "system trouble, try again later"). */
  tryLater: {
    ja: 'ただいま決済システムが一時的にご利用いただけません。しばらく時間をおいてから、もう一度お試しください。',
    en: 'The payment system is temporarily unavailable. Please wait a while and try again.',
  },
  /** Session or authentication time-out (E2/E42: "operation timed out, please retry"). */
  timeout: {
    ja: 'お手続きの有効時間が過ぎました。お手数ですが、最初からもう一度お手続きください。',
    en: 'The time allowed for this step has run out. Please start the payment again.',
  },
  /** Everything that needs the merchant (field checks, configuration, unknown). */
  contactShop: {
    ja: '決済処理でエラーが発生しました。お手数ですが、ショップまでお問い合わせください。',
    en: 'An error occurred while processing the payment. Please contact the shop.',
  },
  /** Card details entered in the browser can no longer be used (bad, used or expired token). */
  reenterCard: {
    ja: '入力されたカード情報を確認できなかったため、お手続きを完了できませんでした。お手数ですが、カード情報をもう一度入力してください。',
    en: 'Your card details could not be confirmed, so the payment was not completed. Please enter your card details again.',
  },
  /** Repeated-entry locks. */
  locked: {
    ja: '短時間に入力が繰り返されたため、一時的にお手続きを制限しています。しばらく時間をおいてからお試しいただくか、ショップまでお問い合わせください。',
    en: 'Because of repeated attempts, payments are temporarily restricted. Please try again later or contact the shop.',
  },
  /** Problems with a card the shopper saved earlier. */
  storedCard: {
    ja: 'ご登録済みのカード情報をご利用いただけませんでした。お手数ですが、カード情報を入力し直していただくか、ショップまでお問い合わせください。',
    en: 'Your saved card could not be used. Please enter your card details again or contact the shop.',
  },
  /** Online payment collection (convenience store, Pay-easy, e-money). */
  collection: {
    ja: 'お支払い受付の手続きを完了できませんでした。お手数ですが、ショップまでお問い合わせください。',
    en: 'The payment slip could not be issued. Please contact the shop.',
  },
  /** The shopper left the hosted payment page. */
  canceled: {
    ja: 'お支払いのお手続きが中止されました。ご購入を続ける場合は、もう一度お手続きください。',
    en: 'The payment was canceled. To complete your purchase, please start the payment again.',
  },
} as const satisfies Record<string, Bilingual>

/** Compact input for `entry`: texts as [ja, en] pairs. */
export interface EntryInput {
  category: CodeCategory
  retryable?: boolean
  /** Required for `declined` codes (the catalog test checks it). */
  declineKind?: DeclineKind
  label: string
  field?: string
  shopper: Bilingual
  merchant: readonly [ja: string, en: string]
  remedy: readonly [ja: string, en: string]
}

/** Builds one stored catalog entry. */
export function entry(input: EntryInput): CodeEntryData {
  const data: CodeEntryData = {
    category: input.category,
    retryable: input.retryable ?? false,
    label: input.label,
    shopper: input.shopper,
    merchant: { ja: input.merchant[0], en: input.merchant[1] },
    remedy: { ja: input.remedy[0], en: input.remedy[1] },
  }
  if (input.field !== undefined) data.field = input.field
  if (input.declineKind !== undefined) data.declineKind = input.declineKind
  return data
}

/** Remedy shared by the issuer refusals: the reason is only disclosed to the cardholder. */
export const ISSUER_REMEDY = [
  '購入者にカード発行会社への確認、または別のカードの利用を案内してください。拒否の詳しい理由は加盟店には開示されず、発行会社が購入者本人にのみ説明します。同じカード・同じ内容での再送は成功しません。',
  'Ask the shopper to contact the card issuer or to use another card. The reason is not disclosed to merchants; the issuer explains it to the cardholder only. Resending the same card and data will not succeed.',
] as const

/** Remedy shared by the temporary-trouble codes. */
export const TEMPORARY_REMEDY = [
  'しばらく時間をおいてから同じ内容で再送してください。ソニーペイメントサービスからメールや FAX で障害・メンテナンスの案内が届いていないか確認し、続く場合は応答コードと日時を添えてソニーペイメントサービスに問い合わせてください。',
  'Resend the same request after a while. Check whether Sony Payment Services has announced an outage or maintenance by e-mail or fax; if it persists, contact Sony Payment Services quoting the code and the time.',
] as const

/** A field-check code: the gateway rejected the value of one request field. */
export function fieldCheck(o: { label: string; field: string; nameJa: string; nameEn: string; fix: readonly [string, string]; category?: CodeCategory; shopper?: Bilingual }): CodeEntryData {
  return entry({
    category: o.category ?? 'invalid_request',
    label: o.label,
    field: o.field,
    shopper: o.shopper ?? SHOPPER.contactShop,
    merchant: [
      `項目 ${o.field}（${o.nameJa}）の値が形式チェックで不正と判定されたか、必要なのに送信されていません。`,
      `The ${o.field} field (${o.nameEn}) failed the gateway's format check, or is missing where it is required.`,
    ],
    remedy: o.fix,
  })
}
