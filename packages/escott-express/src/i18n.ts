/**
 * Shopper- and admin-facing texts in Japanese and English. Japanese is the default; English is chosen when the
 * browser's Accept-Language prefers it.
 */
import { isCvsExpired } from 'escott-flows'
import type { Request } from 'express'

/** A language the pages are written in. */
export type Lang = 'ja' | 'en'

/**
 * The preferred language of a request: the highest-weighted Accept-Language entry that is Japanese or English.
 * Anything else (or no header) gives Japanese.
 */
export function negotiateLang(header: string | undefined | null): Lang {
  if (!header) return 'ja'
  let best: { lang: Lang; q: number } | undefined
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().split(';')
    const base = tag.trim().toLowerCase().split('-')[0]
    if (base !== 'ja' && base !== 'en') continue
    let q = 1
    for (const p of params) {
      const m = /^\s*q=([0-9.]+)\s*$/.exec(p)
      if (m) q = Number(m[1])
    }
    if (!Number.isFinite(q) || q <= 0) continue
    if (!best || q > best.q) best = { lang: base, q }
  }
  return best?.lang ?? 'ja'
}

/** Language of an Express request (`?lang=en|ja` wins over Accept-Language). */
export function langOf(req: Request): Lang {
  const q = typeof req.query?.lang === 'string' ? req.query.lang : undefined
  if (q === 'en' || q === 'ja') return q
  return negotiateLang(req.get('accept-language'))
}

const MESSAGES = {
  checkoutTitle: { ja: 'お支払い', en: 'Payment' },
  orderSummary: { ja: 'ご注文内容', en: 'Your order' },
  subtotal: { ja: '小計', en: 'Subtotal' },
  cvsFee: { ja: 'コンビニ決済手数料', en: 'Convenience-store fee' },
  total: { ja: 'お支払い金額', en: 'Total' },
  quantity: { ja: '数量', en: 'Qty' },
  paymentMethod: { ja: 'お支払い方法', en: 'Payment method' },
  methodCard: { ja: 'クレジットカード', en: 'Credit card' },
  methodCvs: { ja: 'コンビニ・Pay-easy・電子マネー', en: 'Convenience store / Pay-easy / e-money' },
  cardNumber: { ja: 'カード番号', en: 'Card number' },
  cardNumberHint: { ja: '半角数字のみ（スペース・ハイフンなし）', en: 'Digits only, no spaces or hyphens' },
  expiry: { ja: '有効期限', en: 'Expiry' },
  month: { ja: '月', en: 'Month' },
  year: { ja: '年', en: 'Year' },
  securityCode: { ja: 'セキュリティコード', en: 'Security code' },
  cardholderName: { ja: 'カード名義（半角ローマ字）', en: 'Name on card' },
  email: { ja: 'メールアドレス', en: 'E-mail' },
  installments: { ja: '支払回数', en: 'Payments' },
  installmentsHint: {
    ja: 'カード番号を入力すると、ご利用いただける支払回数が表示されます。',
    en: 'Enter the card number to see the payment options of your card.',
  },
  saveCard: { ja: 'このカードを登録する（次回から入力不要）', en: 'Save this card for next time' },
  useSavedCard: { ja: '登録済みのカードで支払う', en: 'Pay with your saved card' },
  useNewCard: { ja: '新しいカードで支払う', en: 'Pay with a new card' },
  savedCard: { ja: '登録済みのカード', en: 'Saved card' },
  payNow: { ja: '注文を確定する', en: 'Place order' },
  payCvs: { ja: 'コンビニ等で支払う', en: 'Pay at a convenience store' },
  threeDSecureNote: {
    ja: 'カード会社の本人認証（3Dセキュア）画面に移動する場合があります。',
    en: 'Your card issuer may ask you to confirm the payment (3-D Secure).',
  },
  cvsNote: {
    ja: 'ご注文後、お支払い番号とお支払い先のご案内を表示します。お支払い期限までにお支払いください。',
    en: 'After ordering you get a payment number and instructions. Please pay before the deadline.',
  },
  cvsUnavailable: {
    ja: 'このご注文金額ではコンビニ決済をご利用いただけません。',
    en: 'Convenience-store payment is not available for this amount.',
  },
  nameKanji: { ja: 'お名前（全角）', en: 'Full name (Japanese)' },
  nameKana: { ja: 'お名前（カナ）', en: 'Full name (katakana)' },
  telNo: { ja: '電話番号（半角数字）', en: 'Phone number (digits)' },
  processing: { ja: '処理中です…', en: 'Processing…' },
  redirecting3ds: {
    ja: 'カード会社の本人認証画面へ移動しています。画面が切り替わらない場合はボタンを押してください。',
    en: 'Taking you to your card issuer for authentication. Press the button if nothing happens.',
  },
  continue: { ja: '次へ', en: 'Continue' },
  thankYouTitle: { ja: 'ご注文ありがとうございました', en: 'Thank you for your order' },
  orderNumber: { ja: '注文番号', en: 'Order number' },
  orderDate: { ja: 'ご注文日時', en: 'Order date' },
  status: { ja: '状態', en: 'Status' },
  cardPaid: { ja: 'クレジットカードでのお支払いを受け付けました。', en: 'Your card payment has been accepted.' },
  cvsInstructionsTitle: { ja: 'お支払い方法のご案内', en: 'How to pay' },
  cvsInstructions: {
    ja: '下のボタンからお支払い先（コンビニ・Pay-easy・電子マネー）を選び、表示される手順でお支払いください。',
    en: 'Choose where to pay (convenience store, Pay-easy or e-money) with the button below and follow the steps shown.',
  },
  paymentNumber: { ja: 'お支払い受付番号', en: 'Payment number' },
  payLimit: { ja: 'お支払い期限', en: 'Pay by' },
  openPaymentPage: { ja: 'お支払い先を選ぶ', en: 'Choose where to pay' },
  cvsExpired: {
    ja: 'お支払い期限を過ぎたため、このお支払い番号ではお支払いいただけません。お手数ですがショップまでお問い合わせください。',
    en: 'The payment deadline has passed; this payment number can no longer be used. Please contact the shop.',
  },
  cvsPaid: { ja: 'ご入金を確認しました。ありがとうございました。', en: 'We have received your payment. Thank you.' },
  stillProcessing: {
    ja: 'お支払いを処理しています。このページは自動で更新されます。',
    en: 'Your payment is being processed. This page refreshes by itself.',
  },
  reconciliation: {
    ja: '決済結果を確認しています。二重決済を防ぐため、再度のお支払いはお控えください。確認後、ショップからご連絡いたします。',
    en: 'We are confirming the result of your payment. Please do not pay again; the shop will contact you.',
  },
  orderCanceled: { ja: 'このご注文はキャンセルされました。', en: 'This order has been canceled.' },
  notFound: { ja: 'ご注文が見つかりません。', en: 'Order not found.' },
  notPayable: { ja: 'このご注文はお支払い済みか、処理中です。', en: 'This order is already paid or being processed.' },
  tryAgain: { ja: '別のカードをお試しいただくか、他のお支払い方法をお選びください。', en: 'Please try another card or payment method.' },
  badRequest: { ja: '入力内容をご確認ください。', en: 'Please check your input.' },
  tokenMissing: {
    ja: 'カード情報を送信できませんでした。ページを再読み込みしてもう一度お試しください。',
    en: 'The card details could not be sent. Please reload the page and try again.',
  },
  invalidPayType: { ja: 'このカードでは選択された支払回数をご利用いただけません。', en: 'This card does not allow the selected payments.' },
  threeDSecureFailed: {
    ja: '本人認証（3Dセキュア）が完了しませんでした。',
    en: '3-D Secure authentication was not completed.',
  },
  backToShop: { ja: 'ショップに戻る', en: 'Back to the shop' },
  myCardsTitle: { ja: '登録カードの管理', en: 'Saved card' },
  noSavedCard: { ja: '登録されているカードはありません。', en: 'You have no saved card.' },
  addCard: { ja: 'カードを登録する', en: 'Save a card' },
  replaceCard: { ja: 'カードを変更する', en: 'Replace the card' },
  deleteCard: { ja: '登録カードを削除する', en: 'Delete the saved card' },
  cardSaved: { ja: 'カードを登録しました。', en: 'Your card has been saved.' },
  cardReplaced: { ja: '登録カードを変更しました。', en: 'Your saved card has been replaced.' },
  cardDeleted: { ja: '登録カードを削除しました。', en: 'Your saved card has been deleted.' },
  cardPending: {
    ja: 'カードの登録を処理しています。しばらくしてからこのページを再読み込みしてください。',
    en: 'Your card is being registered. Please reload this page in a moment.',
  },
  cardNotSaved: { ja: 'カードを登録できませんでした。別のカードをお試しください。', en: 'The card could not be saved. Please try another card.' },
  cannotDeleteRecent: {
    ja: '直近90日以内にこのカードでのお取引（与信）があるため、登録カードを削除できません。お手数ですがショップまでお問い合わせください。',
    en: 'The saved card cannot be deleted because it was used for a payment in the last 90 days. Please contact the shop.',
  },
  cannotDeleteSubscription: {
    ja: '継続中の定期購入があるため、登録カードを削除できません。先に定期購入を停止してください。',
    en: 'The saved card cannot be deleted while a subscription is active. Please stop the subscription first.',
  },
  loginRequired: { ja: 'ログインしてください。', en: 'Please log in.' },
  expires: { ja: '有効期限', en: 'Expires' },
  // admin
  adminOrdersTitle: { ja: '受注管理', en: 'Orders' },
  adminOrderTitle: { ja: '受注詳細', en: 'Order' },
  adminNoOrders: { ja: '受注はまだありません。', en: 'No orders yet.' },
  amount: { ja: '金額', en: 'Amount' },
  method: { ja: '支払方法', en: 'Method' },
  customer: { ja: '会員', en: 'Customer' },
  linkKey: { ja: 'リンクキー（自由領域1）', en: 'Link key (MerchantFree1)' },
  processId: { ja: '処理ID', en: 'ProcessId' },
  approveNo: { ja: '承認番号', en: 'Approval no.' },
  operations: { ja: '操作', en: 'Operations' },
  capture: { ja: '売上計上', en: 'Capture' },
  cancel: { ja: '取消', en: 'Cancel' },
  changeAmount: { ja: '利用額変更', en: 'Change amount' },
  reauthorize: { ja: '再オーソリ', en: 'Re-authorize' },
  newAmount: { ja: '新しい金額（円）', en: 'New amount (yen)' },
  newPayLimit: { ja: '新しいお支払い期限', en: 'New deadline' },
  changeCvs: { ja: '変更', en: 'Change' },
  cvsChangeOnce: { ja: '変更は1回までです（お支払い番号が変わります）。', en: 'One change only (the payment number changes).' },
  nothingToChange: { ja: '金額か期限を変更してください。', en: 'Change the amount or the deadline.' },
  badAmount: { ja: '金額は1円以上の整数で入力してください。', en: 'The amount must be a whole number of yen, 1 or more.' },
  badPayLimit: {
    ja: 'お支払い期限は明日以降、60日以内の日付を指定してください。',
    en: 'The deadline must be a date from tomorrow up to 60 days ahead.',
  },
  methodCvsShort: { ja: 'コンビニ等', en: 'Konbini' },
  methodCardShort: { ja: 'カード', en: 'Card' },
  card: { ja: 'カード', en: 'Card' },
  authorizedAt: { ja: '与信日時', en: 'Authorized' },
  capturedAt: { ja: '売上計上日時', en: 'Captured' },
  paidAt: { ja: '入金日時', en: 'Paid' },
  journalAt: { ja: '日時', en: 'At' },
  journalOperation: { ja: '処理', en: 'Operation' },
  journalResult: { ja: '結果', en: 'Result' },
  journalDetail: { ja: '詳細', en: 'Detail' },
  storedCard: { ja: '登録カード', en: 'stored card' },
  journal: { ja: '決済ログ（ジャーナル）', en: 'Payment journal' },
  operationDone: { ja: '操作が完了しました。', en: 'Done.' },
  operationNotAllowed: { ja: 'この状態ではその操作はできません。', en: 'That operation is not allowed in this state.' },
  lastError: { ja: '直近のエラー', en: 'Last error' },
  remedy: { ja: '対処', en: 'Fix' },
  recoveryNeeded: {
    ja: '決済結果が不明です。e-SCOTT 管理画面で自由領域1を検索し、recover コマンドで完了または取消してください。',
    en: 'The payment outcome is unknown. Search the link key in the e-SCOTT admin console, then complete or cancel it with the recover command.',
  },
} as const satisfies Record<string, { ja: string; en: string }>

/** Message keys. */
export type MessageKey = keyof typeof MESSAGES

/** The text of `key` in `lang`. */
export function t(lang: Lang, key: MessageKey): string {
  return MESSAGES[key][lang]
}

const STATUS_LABELS: Record<string, { ja: string; en: string }> = {
  pending: { ja: '未決済', en: 'Not paid' },
  awaiting_3ds: { ja: '本人認証待ち', en: 'Awaiting 3-D Secure' },
  processing: { ja: '処理中', en: 'Processing' },
  authorized: { ja: '与信済', en: 'Authorized' },
  captured: { ja: '売上計上済', en: 'Captured' },
  canceled: { ja: '取消済', en: 'Canceled' },
  unpaid: { ja: '未入金', en: 'Awaiting payment' },
  paid: { ja: '入金済', en: 'Paid' },
  needs_reconciliation: { ja: '要確認（結果不明）', en: 'Needs reconciliation' },
  expired: { ja: '期限切れ', en: 'Expired' },
}

/** Label of an order status. */
export function statusLabel(lang: Lang, status: string): string {
  return STATUS_LABELS[status]?.[lang] ?? status
}

/** The status shown for an order: `expired` for an unpaid convenience-store payment past its deadline. */
export function displayStatus(order: Parameters<typeof isCvsExpired>[0], now: Date = new Date()): string {
  return isCvsExpired(order, now) ? 'expired' : order.status
}

/** Japan calendar date of an instant as `yyyy-mm-dd` (the value of an `<input type="date">`). */
export function tokyoDateInput(value: Date | string | undefined | null): string {
  if (!value) return ''
  const d = typeof value === 'string' ? new Date(value) : value
  if (Number.isNaN(d.getTime())) return ''
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
}

/** Integer yen as `¥1,234` / `1,234円`. */
export function formatYen(lang: Lang, amount: number): string {
  const n = amount.toLocaleString('ja-JP')
  return lang === 'ja' ? `${n}円` : `¥${n}`
}

/** An instant as Japan time, e.g. `2025/04/01 09:30`. */
export function formatTokyo(value: Date | string | undefined | null): string {
  if (!value) return ''
  const d = typeof value === 'string' ? new Date(value) : value
  if (Number.isNaN(d.getTime())) return ''
  return new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d)
}
