/**
 * The shop's texts in Japanese and English, and the page language: `?lang=`, then the `lang` cookie set by the
 * language switch, then the browser's Accept-Language (escott-express's negotiateLang), Japanese otherwise.
 */
import { negotiateLang } from 'escott-express'
import { parseCookies } from '../cookies.js'

export function langOf(req) {
  const q = typeof req.query?.lang === 'string' ? req.query.lang : undefined
  if (q === 'en' || q === 'ja') return q
  const c = parseCookies(req.headers.cookie).lang
  if (c === 'en' || c === 'ja') return c
  return negotiateLang(req.get('accept-language'))
}

const TEXTS = {
  demo: { ja: 'デモ', en: 'demo' },
  products: { ja: '商品一覧', en: 'Products' },
  cart: { ja: 'カート', en: 'Cart' },
  myPage: { ja: 'マイページ', en: 'My account' },
  admin: { ja: '管理画面', en: 'Admin' },
  login: { ja: 'ログイン', en: 'Log in' },
  logout: { ja: 'ログアウト', en: 'Log out' },
  signup: { ja: '会員登録', en: 'Sign up' },
  contact: { ja: 'お問い合わせ', en: 'Contact' },
  memberHint: {
    ja: '会員の方は{login}するとお届け先が入力済みになります。はじめての方はそのままご入力いただくか、{signup}もできます。',
    en: 'Members: {login} to fill in your address. New here? Enter it below, or {signup}.',
  },
  honorific: { ja: ' 様', en: '' },
  switchLang: { ja: 'English', en: '日本語' },
  testBanner: {
    ja: 'テスト環境です。カード番号 4000000000001000・セキュリティコード 777・有効期限 12/2028 でお試しください。',
    en: 'Test shop. Try card 4000000000001000, security code 777, expiry 12/2028.',
  },
  taxIncluded: { ja: '（税込）', en: ' (tax incl.)' },
  reducedMark: { ja: '※ 軽減税率（8%）対象', en: '* Reduced tax rate (8%)' },
  addToCart: { ja: 'カートに入れる', en: 'Add to cart' },
  quantity: { ja: '数量', en: 'Quantity' },
  inStock: { ja: '在庫あり', en: 'In stock' },
  fewLeft: { ja: '残りわずか', en: 'Only a few left' },
  soldOut: { ja: '在庫切れ', en: 'Sold out' },
  details: { ja: '詳しく見る', en: 'Details' },
  cartEmpty: { ja: 'カートは空です。', en: 'Your cart is empty.' },
  item: { ja: '商品', en: 'Item' },
  unitPrice: { ja: '単価', en: 'Price' },
  amount: { ja: '金額', en: 'Amount' },
  goodsTotal: { ja: '商品合計（税込）', en: 'Goods total (tax incl.)' },
  update: { ja: '数量を変更', en: 'Update' },
  remove: { ja: '削除', en: 'Remove' },
  clearCart: { ja: 'カートを空にする', en: 'Empty the cart' },
  toCheckout: { ja: 'ご注文手続きへ', en: 'Proceed to checkout' },
  continueShopping: { ja: '買い物を続ける', en: 'Continue shopping' },
  qtyInvalid: { ja: '数量は1〜{max}の整数で入力してください。', en: 'Enter a quantity from 1 to {max}.' },
  qtyCapped: { ja: '「{name}」は在庫の都合で {max} 点までご注文いただけます。数量を {max} にしました。', en: '"{name}": at most {max} can be ordered (stock). The quantity was set to {max}.' },
  removed: { ja: '「{name}」をカートから削除しました。', en: '"{name}" was removed from the cart.' },
  updated: { ja: 'カートを更新しました。', en: 'Cart updated.' },
  outOfStock: {
    ja: '申し訳ありません。「{name}」の在庫が不足しています（残り {left} 点）。数量を変更してください。',
    en: 'Sorry, "{name}" does not have enough stock ({left} left). Please change the quantity.',
  },
  checkout: { ja: 'ご注文手続き', en: 'Checkout' },
  steps: { ja: '① お届け先の入力 → ② ご注文内容の確認・お支払い → ③ 完了', en: '1. Delivery → 2. Review and pay → 3. Done' },
  delivery: { ja: 'お届け先', en: 'Delivery address' },
  name: { ja: 'お名前', en: 'Name' },
  kana: { ja: 'フリガナ', en: 'Name reading (katakana)' },
  email: { ja: 'メールアドレス', en: 'E-mail' },
  phone: { ja: '電話番号', en: 'Phone' },
  postalCode: { ja: '郵便番号', en: 'Postal code' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  address: { ja: '市区町村・番地・建物名', en: 'City, street, building' },
  deliveryTime: { ja: 'お届け希望時間帯', en: 'Delivery time' },
  note: { ja: '備考（任意）', en: 'Notes (optional)' },
  shipping: { ja: '送料', en: 'Shipping' },
  shippingTable: { ja: '送料: {table}', en: 'Shipping: {table}' },
  toConfirm: { ja: 'ご注文内容の確認へ進む', en: 'Continue to review' },
  required: { ja: '必須', en: 'required' },
  fieldName: { ja: 'お名前を入力してください（50文字以内）。', en: 'Enter your name (at most 50 characters).' },
  fieldKana: { ja: 'フリガナを全角カタカナで入力してください（例: ヤマダ ハナコ）。', en: 'Enter the reading of your name in katakana (e.g. ヤマダ ハナコ).' },
  fieldEmail: { ja: 'メールアドレスを正しく入力してください（例: hanako@example.jp）。', en: 'Enter a valid e-mail address (e.g. hanako@example.com).' },
  fieldPhone: { ja: '電話番号は0から始まる10〜11桁の数字で入力してください（ハイフン可）。', en: 'Enter a phone number of 10 or 11 digits starting with 0 (hyphens allowed).' },
  fieldPostal: { ja: '郵便番号は7桁の数字で入力してください（例: 100-0001）。', en: 'Enter the 7-digit postal code (e.g. 100-0001).' },
  fieldPrefecture: { ja: '都道府県を選んでください。', en: 'Choose the prefecture.' },
  fieldAddress: { ja: '市区町村・番地を入力してください。', en: 'Enter the city and street.' },
  fieldPassword: { ja: 'パスワードは8文字以上で入力してください。', en: 'The password needs at least 8 characters.' },
  emailTaken: { ja: 'このメールアドレスはすでに登録されています。ログインしてください。', en: 'This e-mail address is already registered. Please log in.' },
  loginFailed: { ja: 'メールアドレスまたはパスワードが違います。', en: 'Wrong e-mail address or password.' },
  signupTitle: { ja: '会員登録', en: 'Create an account' },
  signupLead: { ja: '会員になると、お届け先の入力が省け、カードの登録と注文履歴の確認ができます。', en: 'With an account, your address is filled in, you can save a card and see your orders.' },
  password: { ja: 'パスワード（8文字以上）', en: 'Password (8 characters or more)' },
  createAccount: { ja: '登録する', en: 'Create account' },
  noAccount: { ja: '会員登録がお済みでない方', en: 'No account yet?' },
  haveAccount: { ja: '会員の方はログイン', en: 'Already have an account? Log in' },
  welcome: { ja: '会員登録が完了しました。', en: 'Your account was created.' },
  orderHistory: { ja: 'ご注文履歴', en: 'Your orders' },
  noOrders: { ja: 'ご注文はまだありません。', en: 'No orders yet.' },
  savedCardLink: { ja: '登録カードの管理', en: 'Saved card' },
  profile: { ja: '登録情報', en: 'Your details' },
  orderNumber: { ja: '注文番号', en: 'Order number' },
  orderDate: { ja: 'ご注文日', en: 'Date' },
  status: { ja: '状態', en: 'Status' },
  shipped: { ja: '発送済み', en: 'Shipped' },
  receipt: { ja: '領収書', en: 'Receipt' },
  printReceipt: { ja: '領収書を印刷する', en: 'Print the receipt' },
  receiptFor: { ja: '様', en: '' },
  receiptNote: { ja: '但し、お品代として', en: 'For goods purchased' },
  receiptIssued: { ja: '発行日', en: 'Issued' },
  receiptNumber: { ja: '登録番号', en: 'Registration number' },
  receiptNotAvailable: { ja: '領収書はお支払い手続きの完了後に発行できます。', en: 'A receipt is available once the payment is complete.' },
  taxBreakdown: { ja: '消費税の内訳', en: 'Consumption tax' },
  taxLine: { ja: '{rate}%対象 {total}（内消費税 {tax}）', en: '{rate}% items {total} (incl. tax {tax})' },
  mailSent: { ja: 'ご注文確認メールを {email} にお送りしました。', en: 'A confirmation was sent to {email}.' },
  legalTokushoho: { ja: '特定商取引法に基づく表記', en: 'Legal notice (Specified Commercial Transactions Act)' },
  legalPrivacy: { ja: 'プライバシーポリシー', en: 'Privacy policy' },
  finalTitle: { ja: 'お届けとご注文の条件', en: 'Delivery and terms' },
  shipsWithin: { ja: '発送時期', en: 'Shipping' },
  paymentTiming: { ja: 'お支払い時期', en: 'When you pay' },
  cancellation: { ja: 'キャンセル', en: 'Cancellation' },
  returns: { ja: '返品・交換', en: 'Returns' },
  agreeNote: {
    ja: '「注文を確定する」を押すとご注文が確定します。上記の条件と{tokushoho}・{privacy}をご確認ください。',
    en: 'Pressing "Place order" places the order. Please check the terms above, the {tokushoho} and the {privacy}.',
  },
  notFound: { ja: 'ページが見つかりません。', en: 'Page not found.' },
  forbidden: { ja: 'この操作はできません。ページを再読み込みしてからもう一度お試しください。', en: 'This request was refused. Reload the page and try again.' },
  adminLogin: { ja: '管理者ログイン', en: 'Admin login' },
  adminUser: { ja: 'ユーザー名', en: 'User name' },
  adminUsers: { ja: '管理者ユーザー', en: 'Admin users' },
  addAdmin: { ja: '管理者を追加', en: 'Add an admin' },
  changePassword: { ja: 'パスワードを変更', en: 'Change password' },
  adminAdded: { ja: '管理者を追加しました。', en: 'Admin added.' },
  passwordChanged: { ja: 'パスワードを変更しました。', en: 'Password changed.' },
  adminExists: { ja: 'そのユーザー名はすでに使われています。', en: 'That user name is taken.' },
  fieldAdminUser: { ja: 'ユーザー名は半角英数字3〜32文字で入力してください。', en: 'The user name must be 3 to 32 letters or digits.' },
  outbox: { ja: '送信メール', en: 'Outbox' },
  orderList: { ja: '受注リスト', en: 'Orders' },
  recoveryList: { ja: '要復旧', en: 'Recovery' },
  viewShop: { ja: 'ショップを表示', en: 'View shop' },
  adminTitle: { ja: '管理画面', en: 'Admin' },
  memo: { ja: '管理メモ', en: 'Memo' },
  saveMemo: { ja: 'メモを保存', en: 'Save memo' },
  markShipped: { ja: '発送済みにする（お客様に発送メールを送信）', en: 'Mark as shipped (mails the shopper)' },
  markUnshipped: { ja: '未発送に戻す', en: 'Mark as not shipped' },
  confirmShipped: { ja: '発送済みにして、お客様に発送のお知らせを送りますか？', en: 'Mark as shipped and mail the shopper?' },
  shippedAt: { ja: '発送日時', en: 'Shipped at' },
  notShipped: { ja: '未発送', en: 'Not shipped' },
  saved: { ja: '保存しました。', en: 'Saved.' },
  shopSection: { ja: 'お届け・発送', en: 'Delivery and shipping' },
}

/** The text of `key`, with `{name}` placeholders filled from `vars`. */
export function tr(lang, key, vars = {}) {
  const entry = TEXTS[key]
  if (!entry) throw new Error(`no shop text ${key}`)
  return entry[lang].replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''))
}

/** Integer yen as 1,234円 / ¥1,234. */
export { formatYen as yen, formatTokyo } from 'escott-express'
