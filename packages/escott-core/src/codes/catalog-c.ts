/** C-codes: gateway settings, gateway/network trouble and card or pay-type checks done by e-SCOTT. */
import type { CodeEntryData } from './types.js'
import { SHOPPER, TEMPORARY_REMEDY, entry } from './catalog-shared.js'

const SPS_SETTINGS_REMEDY = [
  'ショップ側では直せない、ソニーペイメントサービス側の設定の問題です。応答コード・取引日時・MerchantFree1 を添えてソニーペイメントサービスに設定の確認を依頼してください。',
  "This is a setting on Sony Payment Services' side that the shop cannot fix: ask Sony Payment Services to check it, quoting the code, the transaction time and MerchantFree1.",
] as const

export const C_CODES: Record<string, CodeEntryData> = {
  C01: entry({
    category: 'system',
    label: '弊社設定関連エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['ソニーペイメントサービス側の加盟店設定に関するエラーです。', "An error in the merchant's settings held by Sony Payment Services."],
    remedy: SPS_SETTINGS_REMEDY,
  }),
  C02: entry({
    category: 'system',
    retryable: true,
    label: 'e-SCOTT システムエラー。',
    shopper: SHOPPER.tryLater,
    merchant: ['e-SCOTT の内部でシステムエラーが発生しました。', 'A system error occurred inside e-SCOTT.'],
    remedy: TEMPORARY_REMEDY,
  }),
  C03: entry({
    category: 'system',
    retryable: true,
    label: 'e-SCOTT 通信エラー。',
    shopper: SHOPPER.tryLater,
    merchant: ['e-SCOTT とカード会社などの間で通信エラーが発生しました。', 'A communication error occurred between e-SCOTT and the card network.'],
    remedy: TEMPORARY_REMEDY,
  }),
  C10: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '支払区分エラー。',
    shopper: SHOPPER.paymentOption,
    merchant: ['カード会社またはご契約の条件で、指定した支払区分（PayType）は利用できません。', 'The payment type (PayType) requested is not available for this card or under the contract.'],
    remedy: [
      '購入者に一括払いなど別の支払方法を選んでもらってください。すべてのカードで起こる場合は、契約で使える支払区分をソニーペイメントサービスに確認し、フォームで選べる PayType をそれに合わせてください。',
      'Ask the shopper to choose another option such as a single payment. If it happens for every card, confirm with Sony Payment Services which payment types the contract allows and offer only those PayType values in the form.',
    ],
  }),
  C11: entry({
    category: 'declined',
    declineKind: 'soft',
    label: 'ボーナス期間外エラー。',
    shopper: SHOPPER.paymentOption,
    merchant: ['ボーナス払いの取扱期間外です。', 'Bonus payment is not available in the current period.'],
    remedy: [
      '購入者にボーナス払い以外を選んでもらってください。取扱期間外はボーナス払い（PayType 80）を選択肢から外してください。',
      'Ask the shopper to choose something other than bonus payment, and hide bonus payment (PayType 80) outside the bonus period.',
    ],
  }),
  C12: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '分割回数エラー。',
    shopper: SHOPPER.paymentOption,
    merchant: ['このカードでは指定した分割回数が利用できません。', 'The number of instalments requested is not available for this card.'],
    remedy: [
      '購入者に別の分割回数か一括払いを選んでもらってください。カードのブランドごとに選べる回数を絞ると発生を減らせます。',
      'Ask the shopper for another number of instalments or a single payment; offering only the counts each brand supports reduces this error.',
    ],
  }),
  C13: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '有効期限切れエラー。',
    shopper: SHOPPER.cardUnusable,
    merchant: ['カードの有効期限が切れています。', 'The card has expired.'],
    remedy: [
      '購入者に有効期限内のカードを使ってもらってください。登録済みカード（会員）で起きた場合は、購入者にカード情報の更新を依頼し、新しいトークンで 4MemChg を送ってください。',
      'Ask the shopper for a card that has not expired. For a stored card, ask the shopper to update the card and send 4MemChg with a new token.',
    ],
  }),
  C14: entry({
    category: 'transaction_state',
    label: '取消済みエラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['対象の取引はすでに取り消されているため、この処理はできません。', 'The transaction has already been canceled, so this operation is not possible.'],
    remedy: [
      '1Search で取引の状態を確認してください。取消済みの取引に売上確定や金額変更はできません。改めて請求する場合は新しい取引として与信し直すか、1ReAuth を使ってください。',
      'Check the state with 1Search. A canceled transaction cannot be captured or changed; to charge again, authorise a new transaction or use 1ReAuth.',
    ],
  }),
  C15: entry({
    category: 'declined',
    declineKind: 'hard',
    label: 'ボーナス金額下限エラー。',
    shopper: SHOPPER.paymentOption,
    merchant: ['ボーナス払いの金額が下限を下回っています。', 'The amount is below the minimum for bonus payment.'],
    remedy: [
      '購入者にボーナス払い以外の支払方法を選んでもらってください。下限未満の金額ではボーナス払いを選択肢に出さないでください。',
      'Ask the shopper to choose another option, and do not offer bonus payment for amounts below the minimum.',
    ],
  }),
  C16: entry({
    category: 'declined',
    declineKind: 'hard',
    label: 'カード番号エラー。',
    shopper: SHOPPER.cardUnusable,
    merchant: ['カード会員番号が存在しません。', 'The card number does not exist.'],
    remedy: [
      '購入者にカード番号を確認して入力し直してもらい、誤りがなければ別のカードを案内してください。',
      'Ask the shopper to check and re-enter the card number; if it is correct, ask for another card.',
    ],
  }),
  C17: entry({
    category: 'declined',
    declineKind: 'hard',
    label: 'カード番号体系エラー。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'カード番号の体系（番号帯）が取扱対象外です。契約で扱っていないブランドや番号帯の可能性があります。',
      'The card number range is not handled, probably a brand or range outside the contract.',
    ],
    remedy: [
      '購入者に別のブランドのカードを案内してください。取り扱うはずのブランドで起きる場合は、契約ブランドをソニーペイメントサービスに確認してください。',
      'Ask the shopper for a card of another brand. If it happens for a brand you should accept, check the contracted brands with Sony Payment Services.',
    ],
  }),
  C18: entry({
    category: 'declined',
    declineKind: 'hard',
    label: 'オーソリ除外対象のカード番号体系エラー。',
    shopper: SHOPPER.cardUnusable,
    merchant: ['オーソリ（与信）の対象外とされている番号体系のカードです。', 'The card belongs to a number range excluded from authorisation.'],
    remedy: [
      '購入者に別のカードを案内してください。対象外とされる理由はソニーペイメントサービスに確認してください。',
      'Ask the shopper for another card; ask Sony Payment Services why the range is excluded if needed.',
    ],
  }),
  C70: entry({
    category: 'system',
    label: '弊社設定情報エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['ソニーペイメントサービス側で保持している設定情報にエラーがあります。', 'An error in the setting data held by Sony Payment Services.'],
    remedy: SPS_SETTINGS_REMEDY,
  }),
  C71: entry({
    category: 'system',
    label: '弊社設定情報エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'ソニーペイメントサービス側で保持している設定情報にエラーがあります（C70 とは別の設定項目）。',
      'An error in the setting data held by Sony Payment Services (a different item from C70).',
    ],
    remedy: SPS_SETTINGS_REMEDY,
  }),
  C80: entry({
    category: 'system',
    retryable: true,
    label: 'カード会社センター閉局。',
    shopper: SHOPPER.tryLater,
    merchant: ['カード会社のセンター（システム）が停止・閉局しています。', "The card company's processing centre is closed or stopped."],
    remedy: TEMPORARY_REMEDY,
  }),
  C82: entry({
    category: 'transaction_state',
    label: '取引識別番号重複エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['取引識別番号が重複しています。同じ取引がすでに受け付けられている可能性があります。', 'The transaction identifier is a duplicate; the same transaction may already have been accepted.'],
    remedy: [
      '加盟店管理画面または 1Search で同じ注文の取引がすでに存在しないか確認し、二重請求を避けてください。新しい取引として送る場合は、取引を識別する値（MerchantFree1 など）を新しく採番してください。',
      'Check in the admin console or with 1Search whether the order already has a transaction, to avoid charging twice. To send a new transaction, give it fresh identifying values (such as MerchantFree1).',
    ],
  }),
  C98: entry({
    category: 'system',
    label: 'その他例外エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['カード会社との処理で、分類されない例外エラーが発生しました。', 'An unclassified exception occurred while processing with the card company.'],
    remedy: [
      '加盟店管理画面または 1Search で取引の有無を確認してください。原因は加盟店側では分からないため、応答コード・日時・MerchantFree1 を添えてソニーペイメントサービスに問い合わせてください。',
      'Check in the admin console or with 1Search whether a transaction exists, then contact Sony Payment Services quoting the code, the time and MerchantFree1; the cause is not visible to the merchant.',
    ],
  }),
  C99: entry({
    category: 'system',
    label: 'その他例外エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['e-SCOTT で分類されない例外エラーが発生しました（W2 のみが定義）。', 'An unclassified exception occurred in e-SCOTT (only W2 lists this code).'],
    remedy: [
      '加盟店管理画面または 1Search で取引の有無を確認し、応答コード・日時・MerchantFree1 を添えてソニーペイメントサービスに問い合わせてください。',
      'Check whether a transaction exists (admin console or 1Search) and contact Sony Payment Services quoting the code, the time and MerchantFree1.',
    ],
  }),
}
