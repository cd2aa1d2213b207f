/**
 * W-codes: online payment collection (convenience store, Pay-easy, e-money; OCNV005).
 * P-codes: the shopper left the hosted (link type) card page; the WooCommerce and Welcart modules treat
 * P51, P52, P55, P56, P62, P63, P64, P65, P69 and P70 as "canceled by the shopper".
 */
import type { CodeEntryData } from './types.js'
import { SHOPPER, TEMPORARY_REMEDY, entry } from './catalog-shared.js'

const COLLECTION_SETTINGS = [
  'オンライン収納代行の契約・設定（利用できる支払先、マーチャントID とパスワード、入金結果通知 URL など）を加盟店管理画面とソニーペイメントサービスに確認してください。オンライン収納用のマーチャントパスワードはカード決済用と異なる場合があります。',
  'Check the payment-collection contract and settings (available payees, merchant ID and password, payment-notification URL…) in the admin console and with Sony Payment Services; the collection password may differ from the card one.',
] as const

function canceled(): CodeEntryData {
  return entry({
    category: 'transaction_state',
    label: 'リンク型決済画面での購入者による中断。',
    shopper: SHOPPER.canceled,
    merchant: [
      '購入者がリンク型（決済画面遷移型）のカード決済画面でお手続きを中止して戻りました（コードは中止した画面ごとに異なります）。決済は行われていません。',
      'The shopper abandoned the hosted (link type) card payment page and came back; the code depends on the page where they stopped. Nothing was charged.',
    ],
    remedy: [
      '注文を未決済のまま扱い、購入者を支払方法の選択画面に戻して、必要なら新しい処理として決済画面へ送り直してください。',
      'Keep the order unpaid, return the shopper to the payment selection and, if they want, send them to the payment page again as a new attempt.',
    ],
  })
}

export const W_CODES: Record<string, CodeEntryData> = {
  W01: entry({
    category: 'cvs',
    label: 'オンライン収納代行サービス設定エラー',
    shopper: SHOPPER.collection,
    merchant: ['オンライン収納代行サービスの加盟店設定に誤りがあるか、未設定です。', 'The payment-collection service is not set up, or is set up wrongly, for this merchant.'],
    remedy: COLLECTION_SETTINGS,
  }),
  W02: entry({
    category: 'cvs',
    label: '設定値エラー',
    shopper: SHOPPER.collection,
    merchant: ['オンライン収納代行の電文に設定した値が受け付けられませんでした。', 'A value in the payment-collection request was not accepted.'],
    remedy: [
      '2Add/2Chg の各項目（金額・支払期限・氏名・電話番号・商品名など）を仕様の形式と桁数で送っているか確認してください。コンビニ払いの上限額（30万円未満）も確認してください。',
      'Check every 2Add/2Chg field (amount, deadline, names, telephone, product name…) against the specified format and length, and the convenience-store ceiling (below 300,000 yen).',
    ],
  }),
  W03: entry({
    category: 'cvs',
    retryable: true,
    label: 'オンライン収納代行サービス内部エラー',
    shopper: SHOPPER.tryLater,
    merchant: ['オンライン収納代行サービスの内部（Web 系）でエラーが発生しました。', 'An internal (web tier) error occurred in the payment-collection service.'],
    remedy: TEMPORARY_REMEDY,
  }),
  W04: entry({
    category: 'cvs',
    label: 'システム設定エラー',
    shopper: SHOPPER.collection,
    merchant: ['オンライン収納代行サービス側のシステム設定にエラーがあります。', 'A system setting of the payment-collection service is wrong.'],
    remedy: [
      'ショップ側では直せません。応答コードと日時を添えてソニーペイメントサービスに設定の確認を依頼してください。',
      'This cannot be fixed on the shop side: ask Sony Payment Services to check the setting, quoting the code and the time.',
    ],
  }),
  W05: entry({
    category: 'cvs',
    label: '項目設定エラー',
    shopper: SHOPPER.collection,
    merchant: ['オンライン収納代行の項目の設定（必須項目・組み合わせ）に誤りがあります。', 'A field of the payment-collection request is set wrongly (missing mandatory item or invalid combination).'],
    remedy: [
      '2Add などの必須項目（Amount、PayLimit、NameKanji、NameKana、TelNo、ShouhinName など）がすべて送られているか、不要な項目を送っていないか確認してください。',
      'Check that all mandatory fields of 2Add and the other operations (Amount, PayLimit, NameKanji, NameKana, TelNo, ShouhinName…) are present and that no unexpected fields are sent.',
    ],
  }),
  W06: entry({
    category: 'cvs',
    retryable: true,
    label: 'オンライン収納代行サービス内部エラー',
    shopper: SHOPPER.tryLater,
    merchant: ['オンライン収納代行サービスの内部（DB 系）でエラーが発生しました。', 'An internal (database tier) error occurred in the payment-collection service.'],
    remedy: TEMPORARY_REMEDY,
  }),
  W99: entry({
    category: 'cvs',
    label: 'その他例外エラー',
    shopper: SHOPPER.collection,
    merchant: ['オンライン収納代行で分類されない例外エラーが発生しました。', 'An unclassified exception occurred in the payment-collection service.'],
    remedy: [
      '2Ref または加盟店管理画面で受付の有無を確認し、応答コード・日時・MerchantFree1 を添えてソニーペイメントサービスに問い合わせてください。',
      'Check with 2Ref or the admin console whether the entry exists, and contact Sony Payment Services quoting the code, the time and MerchantFree1.',
    ],
  }),
  P51: canceled(),
  P52: canceled(),
  P55: canceled(),
  P56: canceled(),
  P62: canceled(),
  P63: canceled(),
  P64: canceled(),
  P65: canceled(),
  P69: canceled(),
  P70: canceled(),
}
