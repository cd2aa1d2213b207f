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
  checkoutTitle: { ja: 'ご注文内容の確認とお支払い', en: 'Review your order and pay' },
  amountChange: { ja: 'ご請求額の変更', en: 'Amount changed' },
  finalCheck: {
    ja: 'ご注文内容（商品・数量・金額）、お支払い方法と下記の条件をご確認のうえ、注文を確定してください。',
    en: 'Please check the items, quantities, prices, the payment method and the terms below before placing the order.',
  },
  orderSummary: { ja: 'ご注文内容', en: 'Your order' },
  subtotal: { ja: '小計', en: 'Subtotal' },
  cvsFee: { ja: 'コンビニ決済手数料', en: 'Convenience-store fee' },
  total: { ja: 'お支払い金額', en: 'Total' },
  orderTotal: { ja: '合計（税込）', en: 'Order total' },
  quantity: { ja: '数量', en: 'Qty' },
  unitPrice: { ja: '単価', en: 'Price' },
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
  payCvs: { ja: '注文を確定する（コンビニ等でお支払い）', en: 'Place order (pay at a store)' },
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
  cvsStore: { ja: 'お支払い先', en: 'Paid at' },
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
  noPaymentPage: {
    ja: 'お支払い先のご案内を準備しています。お手数ですがショップまでお問い合わせください。',
    en: 'The payment instructions are being prepared. Please contact the shop.',
  },
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
    ja: 'カード情報を確認できませんでした。入力内容をご確認のうえ、もう一度「注文を確定する」を押してください。',
    en: 'Your card details could not be confirmed. Please check them and press "Place order" again.',
  },
  tokenScriptMissing: {
    ja: 'カード決済の画面を読み込めませんでした。通信状態をご確認のうえ、ページを再読み込みしてください。',
    en: 'The card form could not be loaded. Please check your connection and reload the page.',
  },
  cardNumberNotTest: {
    ja: 'このカード番号はご利用いただけません。カードに記載の番号をご確認いただくか、別のカードをご利用ください。',
    en: 'This card number cannot be used. Check the number on the card or use another card.',
  },
  alreadyPaid: {
    ja: 'このご注文は、別の画面ですでにお支払い手続きが行われています。下記の内容をご確認ください。',
    en: 'This order was already paid in another window or tab. Please see the details below.',
  },
  sendingCard: { ja: 'カード情報を確認しています…', en: 'Checking your card…' },
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
  cardNot3ds: {
    ja: 'カード発行会社の本人認証（3Dセキュア）を完了できなかったため、カードを登録できませんでした。別のカードをお試しください。',
    en: "The card issuer's identity check (3-D Secure) was not completed, so the card was not saved. Please try another card.",
  },
  cardNotUsable: {
    ja: 'このカードはご利用いただけないため、登録できませんでした。別のカードをお試しください。',
    en: 'This card cannot be used, so it was not saved. Please try another card.',
  },
  confirmDeleteCard: { ja: '登録カードを削除しますか？', en: 'Delete the saved card?' },
  cannotDeleteRecent: {
    ja: '直近90日以内に登録カードでのお支払いがあるため（カードを変更しても、そのお支払いの取消・変更に登録が必要です）、登録カードを削除できません。',
    en: 'The saved card cannot be deleted yet: a payment made with your saved card in the last 90 days still needs it (also after replacing the card).',
  },
  deletableFrom: { ja: '削除できるようになる日', en: 'Can be deleted from' },
  cannotDeleteSubscription: {
    ja: '継続中の定期購入があるため、登録カードを削除できません。先に定期購入を停止してください。',
    en: 'The saved card cannot be deleted while a subscription is active. Please stop the subscription first.',
  },
  loginRequired: { ja: 'ログインしてください。', en: 'Please log in.' },
  logIn: { ja: 'ログインする', en: 'Log in' },
  expires: { ja: '有効期限', en: 'Expires' },
  // admin
  adminOrdersTitle: { ja: '受注管理', en: 'Orders' },
  adminOrderTitle: { ja: '受注詳細', en: 'Order' },
  adminNoOrders: { ja: '受注はまだありません。', en: 'No orders yet.' },
  amount: { ja: '金額', en: 'Amount' },
  method: { ja: '支払方法', en: 'Method' },
  customer: { ja: '会員ID', en: 'Customer ID' },
  customerName: { ja: 'お名前', en: 'Name' },
  customerKana: { ja: 'フリガナ', en: 'Reading' },
  phone: { ja: '電話番号', en: 'Phone' },
  postalCode: { ja: '郵便番号', en: 'Postal code' },
  address: { ja: '住所', en: 'Address' },
  customerSection: { ja: 'お客様・お届け先', en: 'Customer and delivery' },
  guest: { ja: 'ゲスト購入', en: 'Guest' },
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
  changeCvs: { ja: '金額・期限を変更', en: 'Change amount / deadline' },
  cvsChangeOnce: { ja: '変更は1回までです（お支払い番号が変わります）。', en: 'One change only (the payment number changes).' },
  nothingToChange: { ja: '金額か期限を変更してください。', en: 'Change the amount or the deadline.' },
  badAmount: { ja: '金額は1円以上の整数（半角数字）で入力してください。', en: 'The amount must be a whole number of yen, 1 or more.' },
  amountTooHigh: {
    ja: '金額は9,999,999円以下で入力してください（カード決済の上限）。',
    en: 'The amount must be at most ¥9,999,999 (the card payment limit).',
  },
  cvsAmountTooHigh: {
    ja: 'コンビニ・Pay-easy決済の金額は299,999円以下で入力してください。',
    en: 'A convenience-store / Pay-easy payment must be at most ¥299,999.',
  },
  noIncrease: {
    ja: '利用額変更で増額はできません。増額するには「取消」のあと新しい金額で「再オーソリ」を行ってください。',
    en: 'An amount change cannot increase the amount. To charge more, cancel and then re-authorize with the new amount.',
  },
  sameAmount: { ja: '現在と同じ金額です。新しい金額を入力してください。', en: 'That is the current amount. Enter a new one.' },
  badPayLimit: {
    ja: 'お支払い期限は明日以降、60日以内の日付を指定してください。',
    en: 'The deadline must be a date from tomorrow up to 60 days ahead.',
  },
  methodCvsShort: { ja: 'コンビニ等', en: 'Convenience store' },
  methodCardShort: { ja: 'カード', en: 'Card' },
  card: { ja: 'カード', en: 'Card' },
  authorizedAt: { ja: '与信日時', en: 'Authorized' },
  capturedAt: { ja: '売上計上日時', en: 'Captured' },
  canceledAt: { ja: '取消日時', en: 'Canceled' },
  registeredAt: { ja: '受付日時', en: 'Registered' },
  paidAt: { ja: '入金日時', en: 'Paid' },
  journalAt: { ja: '日時', en: 'At' },
  journalOperation: { ja: '処理', en: 'Operation' },
  journalResult: { ja: '結果', en: 'Result' },
  journalDetail: { ja: '詳細', en: 'Detail' },
  storedCard: { ja: '登録カード', en: 'stored card' },
  journal: { ja: '決済ログ（ジャーナル）', en: 'Payment journal' },
  operationDone: { ja: '操作が完了しました。', en: 'Done.' },
  captureDone: { ja: '売上計上しました。', en: 'Captured.' },
  cancelDone: { ja: '取り消しました。', en: 'Canceled.' },
  changeAmountDone: { ja: '利用額を変更しました。', en: 'The amount was changed.' },
  reauthorizeDone: { ja: '再オーソリしました。', en: 'Re-authorized.' },
  cvsChangeDone: { ja: 'お支払い内容を変更しました。新しいお支払い番号をお客様にお知らせします。', en: 'Changed. The shopper gets the new payment number.' },
  confirmCapture: { ja: '売上計上しますか？', en: 'Capture this payment?' },
  confirmCancel: { ja: '取り消しますか？（お客様への請求が取り消されます）', en: 'Cancel this payment? The shopper is no longer charged.' },
  confirmChangeAmount: { ja: '利用額を変更しますか？', en: 'Change the amount?' },
  confirmReauthorize: { ja: '再オーソリしますか？（新しい金額で与信を取り直します）', en: 'Re-authorize with this amount?' },
  confirmCvsChange: { ja: 'お支払い内容を変更しますか？（お支払い番号が変わります。変更は1回までです）', en: 'Change the payment? The payment number changes; one change only.' },
  confirmBulkCapture: { ja: '選択した受注を一括で売上計上しますか？', en: 'Capture the selected orders?' },
  bulkCapture: { ja: '選択した受注を一括売上計上', en: 'Capture selected' },
  bulkCaptureDone: { ja: '件を売上計上しました', en: 'captured' },
  bulkCaptureFailed: { ja: '件は売上計上できませんでした（各受注の詳細をご確認ください）', en: 'could not be captured (see each order)' },
  bulkNothing: { ja: '売上計上する受注を選択してください。', en: 'Select the orders to capture.' },
  search: { ja: '検索', en: 'Search' },
  searchPlaceholder: { ja: '注文番号・お名前・電話番号・メール', en: 'Order number, name, phone, e-mail' },
  allStatuses: { ja: 'すべての状態', en: 'All statuses' },
  allMethods: { ja: 'すべての支払方法', en: 'All methods' },
  dateFrom: { ja: '受注日（から）', en: 'From' },
  dateTo: { ja: '受注日（まで）', en: 'To' },
  showAbandoned: { ja: '未決済（支払い手続き前に離脱した受注）も表示', en: 'Include never-paid (abandoned) orders' },
  abandonedHidden: { ja: '支払い手続きが済んでいない未決済の受注は表示していません。', en: 'Never-paid (abandoned) orders are hidden.' },
  exportCsv: { ja: '受注データ出力（CSV）', en: 'Export CSV' },
  previousPage: { ja: '前へ', en: 'Previous' },
  nextPage: { ja: '次へ', en: 'Next' },
  page: { ja: 'ページ', en: 'Page' },
  noMatch: { ja: '条件に合う受注はありません。', en: 'No order matches.' },
  recoveryTitle: { ja: '要対応（決済の復旧）', en: 'Needs recovery' },
  recoveryCount: { ja: '件の受注で決済の確認が必要です', en: 'order(s) need their payment checked' },
  recoveryNone: { ja: '復旧が必要な決済はありません。', en: 'Nothing to recover.' },
  recoveryBadge: { ja: '要対応', en: 'Check' },
  recoverReconcile: { ja: 'e-SCOTTに照会して反映（1Search）', en: 'Ask e-SCOTT and apply (1Search)' },
  recoverComplete: { ja: '完了として反映', en: 'Complete' },
  recoverCancel: { ja: '取消（決済を取り消して受注を閉じる）', en: 'Cancel (void and close)' },
  recoverEvidence: {
    ja: 'e-SCOTT 管理画面で自由領域1（リンクキー）を検索し、取引があれば処理ID（ProcessId）と処理パスワード（ProcessPass）を入力してください。',
    en: 'Search the link key (MerchantFree1) in the e-SCOTT admin console; if a transaction exists, enter its ProcessId and ProcessPass.',
  },
  confirmRecoverComplete: { ja: 'この内容で受注に反映しますか？', en: 'Apply this to the order?' },
  confirmRecoverCancel: { ja: '決済を取り消して受注を閉じますか？', en: 'Void the payment and close the order?' },
  recoverDone: { ja: '復旧しました。', en: 'Recovered.' },
  recoverNotApplied: { ja: 'e-SCOTT の記録ではこの操作は行われていません。受注はそのままです。', en: 'e-SCOTT shows the operation did not happen; the order is unchanged.' },
  recoverNeedsPerson: {
    ja: 'e-SCOTT への照会では判断できません。管理画面で確認し、処理IDを入力して完了または取消してください。',
    en: 'The gateway cannot tell; check the admin console and complete or cancel with the ProcessId.',
  },
  recoverAmountMismatch: { ja: 'e-SCOTT の取引金額が受注と一致しないため、反映しませんでした。', en: "The gateway's amount differs from the order; nothing was applied." },
  recoverFailed: { ja: '復旧できませんでした', en: 'Could not recover' },
  caseKind: { ja: '種別', en: 'Kind' },
  kind_charged_not_finished: { ja: '決済済み・受注未反映', en: 'Charged, not recorded' },
  kind_outcome_unknown: { ja: '結果不明', en: 'Outcome unknown' },
  kind_notification_mismatch: { ja: '入金通知を反映できず', en: 'Notification not applied' },
  backToList: { ja: '受注一覧へ', en: 'Back to the orders' },
  confirmNotice: { ja: 'よろしいですか？', en: 'Are you sure?' },
  csrfRefused: { ja: '画面の有効期限が切れました。ページを再読み込みしてからもう一度操作してください。', en: 'This page has expired. Reload it and try again.' },
  operationNotAllowed: { ja: 'この状態ではその操作はできません。', en: 'That operation is not allowed in this state.' },
  lastError: { ja: '直近のエラー', en: 'Last error' },
  remedy: { ja: '対処', en: 'Fix' },
  recoveryNeeded: {
    ja: '決済結果が不明です。「要対応」の画面で e-SCOTT に照会するか、管理画面で自由領域1を検索して完了または取消してください。',
    en: 'The payment outcome is unknown. Ask e-SCOTT from "Needs recovery", or search the link key in the e-SCOTT admin console and complete or cancel it.',
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

/** What a shopper reads for the status of their order (the admin labels above are shop-internal terms). */
const SHOPPER_STATUS_LABELS: Record<string, { ja: string; en: string }> = {
  pending: { ja: 'お支払い前', en: 'Not paid yet' },
  awaiting_3ds: { ja: '本人認証の途中', en: 'Identity check in progress' },
  processing: { ja: 'お支払い処理中', en: 'Payment in progress' },
  authorized: { ja: 'ご注文受付・お支払い手続き完了', en: 'Order received, payment accepted' },
  captured: { ja: 'ご注文受付・お支払い手続き完了', en: 'Order received, payment accepted' },
  canceled: { ja: 'キャンセル済み', en: 'Canceled' },
  unpaid: { ja: 'ご入金待ち', en: 'Awaiting your payment' },
  paid: { ja: 'ご入金確認済み', en: 'Payment received' },
  needs_reconciliation: { ja: 'お支払い結果の確認中', en: 'Confirming your payment' },
  expired: { ja: 'お支払い期限切れ', en: 'Payment deadline passed' },
}

/** Label of an order status on the shopper's pages. */
export function shopperStatusLabel(lang: Lang, status: string): string {
  return SHOPPER_STATUS_LABELS[status]?.[lang] ?? statusLabel(lang, status)
}

/** Label of a PayType code (支払回数 in words). */
export function payTypeLabel(lang: Lang, code: string | undefined | null): string {
  if (!code) return '-'
  if (code === '01') return lang === 'ja' ? '一括払い' : 'Lump sum'
  if (code === '80') return lang === 'ja' ? 'ボーナス一括払い' : 'Bonus lump sum'
  if (code === '88') return lang === 'ja' ? 'リボ払い' : 'Revolving'
  const n = Number(code)
  if (!Number.isInteger(n)) return code
  return lang === 'ja' ? `${n}回払い` : `${n} installments`
}

const BRAND_LABELS: Record<string, string> = { VISA: 'Visa', MASTER: 'Mastercard', JCB: 'JCB', AMEX: 'American Express', DINERS: 'Diners Club', DISCOVER: 'Discover' }

/** A card brand as people write it (escott-core's `MASTER` is Mastercard). */
export function brandLabel(brand: string | undefined | null): string {
  if (!brand || brand === 'UNKNOWN') return ''
  return BRAND_LABELS[brand] ?? brand
}

const JOURNAL_LABELS: Record<string, { ja: string; en: string }> = {
  'card.authorize': { ja: 'カード与信', en: 'Card authorization' },
  'card.capture': { ja: '売上計上', en: 'Capture' },
  'card.cancel': { ja: '取消', en: 'Cancel' },
  'card.changeAmount': { ja: '利用額変更', en: 'Amount change' },
  'card.reauthorize': { ja: '再オーソリ', en: 'Re-authorization' },
  'cvs.create': { ja: 'コンビニ決済の登録', en: 'Convenience-store payment' },
  'cvs.cancel': { ja: 'コンビニ決済の取消', en: 'Convenience-store cancel' },
  'cvs.update': { ja: 'コンビニ決済の変更', en: 'Convenience-store change' },
  'cvs.notification': { ja: '入金通知', en: 'Payment notification' },
  'members.create': { ja: 'カード登録', en: 'Card saved' },
  'members.update': { ja: '登録カード変更', en: 'Card replaced' },
  'members.delete': { ja: '登録カード削除', en: 'Card deleted' },
  'threeDSecure.authenticate': { ja: '本人認証（3Dセキュア）', en: '3-D Secure' },
}
const OUTCOME_LABELS: Record<string, { ja: string; en: string }> = {
  pending: { ja: '送信中・応答なし', en: 'Sent, no answer yet' },
  ok: { ja: '成功', en: 'OK' },
  failed: { ja: '失敗', en: 'Failed' },
  unknown: { ja: '結果不明', en: 'Unknown' },
  completed: { ja: '復旧済', en: 'recovered' },
  canceled: { ja: '取消済', en: 'canceled' },
}

/** A journal line's operation in words (the identifier stays in the title attribute). */
export function journalLabel(lang: Lang, operation: string): string {
  return JOURNAL_LABELS[operation]?.[lang] ?? operation
}

/** A journal outcome or resolution in words. */
export function outcomeLabel(lang: Lang, outcome: string): string {
  return OUTCOME_LABELS[outcome]?.[lang] ?? outcome
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
