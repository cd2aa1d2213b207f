/**
 * What a shopper reads when a field they typed is refused (by escott-core's validation or a form check before it):
 * the field and the fix, in Japanese and English. One table for every adapter and for the browser-side checks of
 * the checkout pages, so the two never say different things.
 */
import type { Bilingual } from 'escott-core'

/** Shopper messages by field name (the `field` of an `EscottValidationError`, or the form field). */
export const SHOPPER_FIELD_MESSAGES = Object.freeze({
  cardNumber: {
    ja: 'カード番号を半角数字14〜16桁で入力してください（スペース・ハイフンは不要です）。',
    en: 'Enter the card number: 14 to 16 digits, without spaces or hyphens.',
  },
  expiry: {
    ja: 'カードの有効期限が過ぎています。カードに記載の有効期限（月/年）をご確認ください。',
    en: 'The expiry date has passed. Check the month and year printed on the card.',
  },
  securityCode: {
    ja: 'セキュリティコード（カード裏面などに記載の3桁または4桁の数字）を入力してください。',
    en: 'Enter the security code: the 3 or 4 digits printed on the card.',
  },
  cardholderName: {
    ja: 'カード名義は、カードに記載のとおり半角ローマ字（45文字以内）で入力してください（例: TARO YAMADA）。',
    en: 'Enter the name on the card in Latin letters, as printed on the card (at most 45 characters, e.g. TARO YAMADA).',
  },
  email: {
    ja: 'メールアドレスを入力してください（例: hanako@example.jp）。',
    en: 'Enter your e-mail address (e.g. hanako@example.com).',
  },
  nameKanji: {
    ja: 'お名前（全角）を20文字以内で入力してください。',
    en: 'Enter your full name (Japanese), at most 20 characters.',
  },
  nameKana: {
    ja: 'お名前（カナ）を全角カタカナ20文字以内で入力してください（例: ヤマダハナコ）。',
    en: 'Enter the reading of your name in katakana, at most 20 characters (e.g. ヤマダハナコ).',
  },
  telNo: {
    ja: '電話番号は0から始まる10〜11桁の数字で入力してください（ハイフン可）。',
    en: 'Enter a Japanese phone number: 10 or 11 digits starting with 0 (hyphens allowed).',
  },
  payType: {
    ja: 'このカードでは選択された支払回数をご利用いただけません。支払回数を選び直してください。',
    en: 'This card does not allow the selected payments. Choose another option.',
  },
} as const satisfies Record<string, Bilingual>)

/** A field with a shopper message. */
export type ShopperField = keyof typeof SHOPPER_FIELD_MESSAGES

/** escott-core's names of the fields a shopper types, mapped to the messages above. */
const FIELD_ALIASES: Readonly<Record<string, ShopperField>> = {
  cardholderName: 'cardholderName',
  billingFullName: 'cardholderName',
  email: 'email',
  billingEmail: 'email',
  nameKanji: 'nameKanji',
  nameKana: 'nameKana',
  telNo: 'telNo',
  payType: 'payType',
  securityCode: 'securityCode',
}

/** The shopper message for a refused field, or undefined when the field is not one a shopper types. */
export function shopperFieldMessage(field: string | undefined): Bilingual | undefined {
  if (!field) return undefined
  const key = FIELD_ALIASES[field.split('.').pop() ?? field]
  return key ? SHOPPER_FIELD_MESSAGES[key] : undefined
}
