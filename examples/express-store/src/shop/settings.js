/**
 * The shop's settings: who sells (name, address, contact), the invoice registration number printed on receipts, the
 * shipping table, delivery times and the terms shown before the order button. Every value here is a starter: replace
 * it before going live (see README.md, "Before going live"). Some can be set from the environment.
 */

/** 適格請求書発行事業者の登録番号: "T" and 13 digits. */
export const INVOICE_NUMBER_PATTERN = /^T\d{13}$/

/**
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {ShopSettings}
 */
export function shopSettings(env = process.env) {
  const settings = {
    name: env.SHOP_NAME ?? '茶舗 e-SCOTT',
    nameEn: env.SHOP_NAME_EN ?? 'Chaho e-SCOTT',
    /** 販売事業者 and 運営統括責任者 of the 特定商取引法 page. */
    company: env.SHOP_COMPANY ?? '株式会社サンプル茶舗',
    representative: env.SHOP_REPRESENTATIVE ?? '山田 太郎',
    postalCode: env.SHOP_POSTAL_CODE ?? '100-0001',
    address: env.SHOP_ADDRESS ?? '東京都千代田区千代田1-1 サンプルビル3階',
    phone: env.SHOP_PHONE ?? '03-0000-0000',
    hours: env.SHOP_HOURS ?? '平日 10:00〜17:00',
    hoursEn: env.SHOP_HOURS_EN ?? 'weekdays 10:00–17:00 JST',
    email: env.SHOP_EMAIL ?? 'shop@example.jp',
    /** Printed on every receipt (領収書): the shop's registration number, "T" + 13 digits. */
    invoiceNumber: env.SHOP_INVOICE_NUMBER ?? 'T1234567890123',
    /** 送料 by region (tax included, 10 %); free from `freeShippingFrom` yen of goods. */
    shipping: {
      regions: [
        { id: 'honshu', label: { ja: '本州・四国・九州', en: 'Honshu, Shikoku, Kyushu' }, fee: 660, prefectures: [] },
        { id: 'hokkaido', label: { ja: '北海道', en: 'Hokkaido' }, fee: 1100, prefectures: ['北海道'] },
        { id: 'okinawa', label: { ja: '沖縄県', en: 'Okinawa' }, fee: 1300, prefectures: ['沖縄県'] },
      ],
      freeShippingFrom: 11000,
      taxRate: 10,
    },
    /** お届け希望時間帯 (as the carriers offer them): the Japanese wording is what the order keeps; `en` is shown in English. */
    deliveryTimes: [
      { ja: '指定なし', en: 'No preference' },
      { ja: '午前中', en: 'Morning (8–12)' },
      { ja: '14時〜16時', en: '14:00–16:00' },
      { ja: '16時〜18時', en: '16:00–18:00' },
      { ja: '18時〜20時', en: '18:00–20:00' },
      { ja: '19時〜21時', en: '19:00–21:00' },
    ],
    /** お支払い時期 (2022 特定商取引法: the final confirmation states when and how the price is paid). */
    paymentTiming: {
      ja: 'クレジットカード: ご注文時にお支払い（売上は発送時に確定）。コンビニ・Pay-easy・電子マネー: ご注文後に表示するお支払い期限（7日後）まで。',
      en: 'Card: paid when you order (charged when shipped). Convenience store, Pay-easy, e-money: by the deadline shown after ordering (7 days).',
    },
    /** When goods leave the warehouse. */
    shipsWithin: { ja: 'ご注文（コンビニ決済はご入金確認）から3営業日以内に発送', en: 'Shipped within 3 business days of the order (for convenience-store payment: of the payment)' },
    /** キャンセル・返品 terms, shown on the final-confirmation page and the 特定商取引法 page. */
    cancellation: {
      ja: '発送前のご注文はお電話またはメールでキャンセルできます。発送後のキャンセルはお受けできません。',
      en: 'Orders can be canceled until they are shipped (by phone or e-mail). Shipped orders cannot be canceled.',
    },
    returns: {
      ja: '商品到着後7日以内にご連絡ください。未開封のものに限り返品を承ります（お客様都合の返品送料はお客様負担、不良品は当店負担）。',
      en: 'Contact us within 7 days of delivery. Unopened goods can be returned (return shipping is yours unless the goods are faulty).',
    },
  }
  if (!INVOICE_NUMBER_PATTERN.test(settings.invoiceNumber)) {
    throw new Error(`SHOP_INVOICE_NUMBER must be the invoice registration number: "T" and 13 digits (e.g. T1234567890123), got "${settings.invoiceNumber}"`)
  }
  return settings
}

/** @typedef {ReturnType<typeof shopSettings>} ShopSettings */

/** A delivery time kept on an order (its Japanese wording), in the page's language. */
export function deliveryTimeLabel(settings, value, lang) {
  if (!value) return '-'
  return lang === 'en' ? (settings.deliveryTimes.find((d) => d.ja === value)?.en ?? value) : value
}

/** 都道府県, for the address form. */
export const PREFECTURES = [
  '北海道',
  '青森県',
  '岩手県',
  '宮城県',
  '秋田県',
  '山形県',
  '福島県',
  '茨城県',
  '栃木県',
  '群馬県',
  '埼玉県',
  '千葉県',
  '東京都',
  '神奈川県',
  '新潟県',
  '富山県',
  '石川県',
  '福井県',
  '山梨県',
  '長野県',
  '岐阜県',
  '静岡県',
  '愛知県',
  '三重県',
  '滋賀県',
  '京都府',
  '大阪府',
  '兵庫県',
  '奈良県',
  '和歌山県',
  '鳥取県',
  '島根県',
  '岡山県',
  '広島県',
  '山口県',
  '徳島県',
  '香川県',
  '愛媛県',
  '高知県',
  '福岡県',
  '佐賀県',
  '長崎県',
  '熊本県',
  '大分県',
  '宮崎県',
  '鹿児島県',
  '沖縄県',
]
