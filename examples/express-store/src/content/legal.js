/**
 * Starter texts of the pages a shop must publish before going live (the agency onboarding list: 特定商取引法に基づく
 * 表記 and a privacy policy). They are filled from the shop settings; read them with your lawyer or adviser and replace
 * the wording with your own (README.md, "Before going live").
 */
import { shippingText } from '../shop/shipping.js'
import { esc } from '../views/html.js'

/** 特定商取引法に基づく表記 as rows [label, value]. */
export function tokushohoRows(s, lang) {
  const en = lang === 'en'
  return [
    [en ? 'Seller' : '販売事業者', s.company],
    [en ? 'Responsible manager' : '運営統括責任者', s.representative],
    [en ? 'Address' : '所在地', `〒${s.postalCode} ${s.address}`],
    [en ? 'Phone' : '電話番号', `${s.phone}（${en ? s.hoursEn : s.hours}）`],
    [en ? 'E-mail' : 'メールアドレス', s.email],
    [en ? 'Invoice registration number' : '適格請求書発行事業者登録番号', s.invoiceNumber],
    [en ? 'Prices' : '販売価格', en ? 'As shown on each product page (consumption tax included).' : '各商品ページに表示（消費税込み）。'],
    [en ? 'Other charges' : '商品代金以外の必要料金', en ? 'Shipping (see below); convenience-store payment fee ¥0–¥550 by amount.' : '送料（下記）、コンビニ決済手数料（金額に応じ0円〜550円）。'],
    [en ? 'Shipping' : '送料', shippingText(s.shipping, lang)],
    [
      en ? 'Payment' : 'お支払い方法',
      en
        ? 'Credit card (Visa, Mastercard, JCB, American Express, Diners Club), convenience store, Pay-easy, e-money.'
        : 'クレジットカード（Visa・Mastercard・JCB・American Express・Diners Club）、コンビニ・Pay-easy・電子マネー。',
    ],
    [en ? 'When you pay' : 'お支払い時期', s.paymentTiming[lang]],
    [en ? 'Delivery' : '引渡し時期', s.shipsWithin[lang]],
    [en ? 'Cancellation' : 'キャンセル', s.cancellation[lang]],
    [en ? 'Returns and exchanges' : '返品・交換', s.returns[lang]],
  ]
}

export function tokushohoBody(s, lang) {
  const rows = tokushohoRows(s, lang)
  return `<h1>${lang === 'en' ? 'Legal notice (Specified Commercial Transactions Act)' : '特定商取引法に基づく表記'}</h1>
<section class="card"><table class="pairs" data-testid="tokushoho">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table></section>`
}

export function privacyBody(s, lang) {
  const en = lang === 'en'
  const items = en
    ? [
        [
          'What we collect',
          'Your name, its reading, address, phone number and e-mail address, your orders, and — when you save a card — a reference to it held by our payment provider (we never see or keep your card number).',
        ],
        ['Why', 'To deliver your orders, to contact you about them, to take payment, and to answer your questions.'],
        ['Who else sees it', `Our carrier (delivery), our payment provider Sony Payment Services (payment, including 3-D Secure with your card issuer). Nobody else, unless the law requires it.`],
        ['How long', 'Orders are kept for 7 years (tax records); your account until you close it.'],
        ['Your rights', `You can ask to see, correct or delete your data: ${s.email}.`],
        ['Contact', `${s.company}, ${s.address}, ${s.phone}`],
      ]
    : [
        [
          '取得する情報',
          'お名前、フリガナ、住所、電話番号、メールアドレス、ご注文の内容、カードを登録された場合は決済代行会社が保管するカードの参照情報（カード番号そのものを当店が見たり保存したりすることはありません）。',
        ],
        ['利用目的', 'ご注文の商品のお届け、ご注文に関するご連絡、代金の決済、お問い合わせへの回答のため。'],
        ['第三者への提供', '配送業者（お届け）、決済代行会社 ソニーペイメントサービス株式会社（決済。カード発行会社による本人認証を含む）。法令に基づく場合を除き、その他の第三者には提供しません。'],
        ['保存期間', 'ご注文の記録は7年間（税務上の保存義務）、会員情報は退会まで保存します。'],
        ['開示・訂正・削除', `ご本人からのご請求により対応します: ${s.email}`],
        ['お問い合わせ窓口', `${s.company} ${s.address} ${s.phone}`],
      ]
  return `<h1>${en ? 'Privacy policy' : 'プライバシーポリシー'}</h1>
<section class="card" data-testid="privacy">${items.map(([h, p]) => `<h2>${esc(h)}</h2><p>${esc(p)}</p>`).join('')}</section>`
}
