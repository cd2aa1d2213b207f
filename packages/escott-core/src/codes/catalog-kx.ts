/** K-codes with a letter second digit: currency, double transactions, extended authentication assist, merchant lock-out, hosted page, token, Apple Pay. */
import type { CodeEntryData } from './types.js'
import { SHOPPER, entry, fieldCheck } from './catalog-shared.js'

/** Extended authentication-assist items (W2 only): format checks KE0–KE6, mismatches KEA–KEF. */
function assistField(label: string, field: string, nameJa: string, nameEn: string): CodeEntryData {
  return fieldCheck({
    label,
    field,
    nameJa: `${nameJa}（拡張認証アシスト項目）`,
    nameEn: `${nameEn}, an extended authentication-assist item`,
    fix: [
      `認証アシストで${nameJa}を照合する場合は仕様どおりの形式で送信してください。照合しない場合は、加盟店管理画面の認証アシストマッチングでこの項目の「利用する」を外し、項目を送信しないでください。`,
      `If ${nameEn} is to be checked by authentication assist, send it in the specified format; otherwise turn the item off in the authentication-assist matching settings of the admin console and do not send it.`,
    ],
  })
}

function assistMismatch(label: string, nameJa: string, nameEn: string): CodeEntryData {
  return entry({
    category: 'declined',
    // the data entered does not match the card: re-sending it will never pass
    declineKind: 'hard',
    label,
    shopper: SHOPPER.cardUnusable,
    merchant: [`認証アシストの${nameJa}照合で、入力値がカード会社の登録内容と一致しませんでした。`, `Authentication assist: the ${nameEn} does not match the card company's records.`],
    remedy: [
      `購入者にカード会社に登録している${nameJa}を確認して入力し直してもらってください。照合しない運用にするなら、加盟店管理画面の認証アシストマッチングでこの項目を外してください。`,
      `Ask the shopper to check the ${nameEn} registered with the card company and enter it again. If you do not want it checked, turn the item off in the authentication-assist matching settings of the admin console.`,
    ],
  })
}

const HOSTED_URL_FIX = [
  'リンク型（決済画面遷移型）の電文で、https で始まる完全な URL を仕様の桁数以内で送信してください。',
  'In hosted-page (link type) requests, send a complete https URL within the specified length.',
] as const

const APPLE_PAY_FIX = [
  'Apple Pay から受け取った支払いデータ（paymentData）を加工せずに、仕様どおりの形式で送信してください。Apple Pay の決済処理証明書とソニーペイメントサービスへの登録内容も確認してください。',
  'Send the payment data received from Apple Pay (paymentData) unchanged and in the specified form; also check the Apple Pay payment processing certificate and its registration with Sony Payment Services.',
] as const

const TOKEN_LOCK_REMEDY = (whatJa: string, whatEn: string): readonly [string, string] => [
  `${whatJa}ロックは、加盟店で設定した時間が経過すると自動で解除されます。急ぐ場合は加盟店管理画面の「トークン決済ロック情報検索」で該当のロックを解除してください。短時間の連続入力はカード番号の総当たり（カードテスティング）の可能性があるため、解除の前に注文と入力履歴を確認してください。`,
  `The ${whatEn} lock is released automatically after the time configured for the shop. To release it earlier, find the lock in the "token payment lock information search" screen of the merchant admin console and unlock it. Repeated entries in a short time may be card testing, so review the orders and attempts before unlocking.`,
]

export const KX_CODES: Record<string, CodeEntryData> = {
  KA1: fieldCheck({
    label: '項目「通貨コード：CurrencyId」精査エラー。',
    field: 'CurrencyId',
    nameJa: '通貨コード',
    nameEn: 'currency code',
    fix: [
      '円建ての通常決済では通貨コードを送信しないでください。外貨決済の契約がある場合は、契約で指定された通貨コードを送信してください（WooCommerce の表のみが定義）。',
      'Do not send a currency code for ordinary yen payments; with a foreign-currency contract, send a contracted currency code (only the WooCommerce table lists this code).',
    ],
  }),
  KBX: entry({
    category: 'transaction_state',
    label: '二重取引エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['同じ取引が二重に送信されたと判定されました。', 'The gateway judged this to be a duplicate submission of the same transaction.'],
    remedy: [
      '1Search または加盟店管理画面で最初の取引の結果を確認し、成立していれば再送しないでください。ボタンの二重クリックや自動再送で同じ取引を送らないようにしてください。',
      'Check the result of the first submission with 1Search or the admin console and do not resend if it went through; prevent double clicks and automatic resends of the same transaction.',
    ],
  }),
  KBY: entry({
    category: 'transaction_state',
    retryable: true,
    label: '処理未完了エラー。',
    shopper: SHOPPER.tryLater,
    merchant: ['対象の取引の処理がまだ完了していないため、この処理を受け付けられません。', 'Processing of the target transaction has not finished yet, so this operation cannot be accepted.'],
    remedy: ['少し時間をおいて、1Search で元の処理が完了したことを確認してから再送してください。', 'Wait a little, confirm with 1Search that the earlier processing has finished, then resend.'],
  }),
  KBZ: entry({
    category: 'transaction_state',
    label: '元取引無しエラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      '後続処理の対象となる元取引が存在しません（ProcessId の誤り、保存期間約7か月を過ぎて削除済み、別のマーチャントID・店舗で作成された取引など）。',
      'The original transaction for this follow-up does not exist (wrong ProcessId, deleted after the retention period of about 7 months, or created under another merchant ID or tenant).',
    ],
    remedy: [
      '元取引の応答で得た ProcessId/ProcessPass と、同じマーチャントID・店舗コードで送っているか確認してください。保存期間を過ぎた取引には後続処理ができないため、新しい取引として処理してください。',
      'Check that you send the ProcessId/ProcessPass from the original response with the same merchant ID and tenant code. Transactions past the retention period cannot be followed up: create a new one.',
    ],
  }),
  KE0: assistField('項目「Sex」精査エラー。', 'Sex', '性別', 'sex'),
  KE1: assistField('項目「BirthYear」精査エラー。', 'BirthYear', '生年', 'birth year'),
  KE2: assistField('項目「Postal」精査エラー。', 'Postal', '郵便番号', 'postal code'),
  KE3: assistField('項目「AcntNo1」精査エラー。', 'AcntNo1', '銀行口座番号の上4桁', 'first four digits of the bank account number'),
  KE4: assistField('項目「AcntNo2」精査エラー。', 'AcntNo2', '銀行口座番号の下4桁', 'last four digits of the bank account number'),
  KE5: assistField('項目「CardMei」精査エラー。', 'CardMei', 'カード名義', 'cardholder name'),
  KE6: fieldCheck({
    label: '項目「CardDispLength」精査エラー。',
    field: 'CardDispLength',
    nameJa: 'カード番号の表示桁数',
    nameEn: 'card number display length',
    fix: [
      'カード番号の表示桁数には仕様で定められた値だけを送信し、使わない場合は項目を送らないでください。',
      'Send only the defined values for the display length, or leave the field out when it is not used.',
    ],
  }),
  KEA: assistMismatch('認証アシストサービス項目性別アンマッチ検証 NG。', '性別', 'sex'),
  KEB: assistMismatch('認証アシストサービス項目生年月日の年アンマッチ検証 NG。', '生年', 'birth year'),
  KEC: assistMismatch('認証アシストサービス項目郵便番号アンマッチ検証 NG。', '郵便番号', 'postal code'),
  KED: assistMismatch('認証アシストサービス項目銀行口座番号上 4 桁アンマッチ検証 NG。', '銀行口座番号（上4桁）', 'first four digits of the bank account number'),
  KEE: assistMismatch('認証アシストサービス項目銀行口座番号下 4 桁アンマッチ検証 NG。', '銀行口座番号（下4桁）', 'last four digits of the bank account number'),
  KEF: assistMismatch('認証アシストサービス項目カード名義アンマッチ検証 NG。', 'カード名義', 'cardholder name'),
  KG8: entry({
    category: 'merchant_configuration',
    label: '事業者認証に連続して失敗し、ロックアウトされました。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'マーチャントID・マーチャントパスワードによる加盟店（事業者）認証に連続して失敗したため、加盟店がロックアウトされました。2024年のマーチャントパスワード変更後に古いパスワードを使い続けた場合などに起こります。（E2/E42 は「その他例外エラー」としていますが、W2・SF・CS・WooCommerce の多数に従いロックアウトと解釈）',
      'Merchant authentication with MerchantId/MerchantPass failed repeatedly, so the merchant is locked out, typically because an old password is still used after the 2024 MerchantPass change. (E2/E42 call it "other exception"; we follow the majority of W2, SF, CS and WooCommerce.)',
    ],
    remedy: [
      'まず自動再送を止めてください。加盟店管理画面で発行した新しいマーチャントパスワード（2024年の仕様変更後のもの。テスト用と本番用は別）を設定し直し、マーチャントIDも確認してください。そのうえで、加盟店管理画面でロックを解除するか、ソニーペイメントサービスのサポートにロック解除を依頼してください。',
      'Stop automatic resending first. Set the new MerchantPass generated in the merchant admin console (the one required since the 2024 change; test and production differ) and check the MerchantId. Then release the lock in the admin console or ask Sony Payment Services support to unlock the merchant.',
    ],
  }),
  KGH: entry({
    category: 'merchant_configuration',
    label: '会員参照電文利用設定エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['会員参照の電文（4MemRef/4MemRefM など）を利用する設定がないため、会員参照が使えません。', 'The member lookup messages (4MemRef/4MemRefM…) are not enabled for this merchant.'],
    remedy: [
      'ソニーペイメントサービスに会員参照電文の利用設定を依頼するか、会員参照を使わない実装にしてください。',
      'Ask Sony Payment Services to enable member lookups, or stop using them in your integration.',
    ],
  }),
  KH0: entry({
    category: 'system',
    label: '不明な応答。',
    shopper: SHOPPER.contactShop,
    merchant: [
      '処理結果が不明な応答です（WooCommerce の表のみが定義）。取引が成立したかどうかが分かりません。',
      'The result of the processing is unknown (only the WooCommerce table lists this code); it is not known whether the transaction went through.',
    ],
    remedy: [
      '再送する前に 1Search や加盟店管理画面で取引の有無と状態を確認してください。判断できない場合は、応答コード・日時・MerchantFree1 を添えてソニーペイメントサービスに問い合わせてください。',
      'Before resending, check with 1Search or the admin console whether the transaction exists and its state; if unclear, contact Sony Payment Services quoting the code, the time and MerchantFree1.',
    ],
  }),
  KH4: fieldCheck({
    label: '項目「PageLanguage」精査エラー。',
    field: 'PageLanguage',
    nameJa: '決済画面の表示言語',
    nameEn: 'payment page language',
    fix: ['リンク型（決済画面遷移型）の表示言語には、仕様で定められた言語コードだけを送信してください。', 'Send only the defined language codes for the hosted payment page.'],
  }),
  KHS: fieldCheck({
    label: '項目「SuccessURL」精査エラー。',
    field: 'SuccessURL',
    nameJa: '決済成功時の戻り先 URL',
    nameEn: 'success return URL',
    fix: HOSTED_URL_FIX,
  }),
  KHT: fieldCheck({
    label: '項目「ErrorURL」精査エラー。',
    field: 'ErrorURL',
    nameJa: 'エラー時の戻り先 URL',
    nameEn: 'error return URL',
    fix: HOSTED_URL_FIX,
  }),
  KHU: fieldCheck({
    label: '項目「StatusNoticeURL」精査エラー。',
    field: 'StatusNoticeURL',
    nameJa: '状態通知先 URL',
    nameEn: 'status notification URL',
    fix: HOSTED_URL_FIX,
  }),
  KHV: entry({
    category: 'system',
    retryable: true,
    label: '自動取消を実行しました。',
    shopper: SHOPPER.tryLater,
    merchant: [
      '処理を完了できなかったため、e-SCOTT が取引を自動で取り消しました（WooCommerce の表のみが定義。「再度お試しください」という説明）。取引は成立していません。',
      'e-SCOTT could not complete the processing and canceled the transaction automatically (only the WooCommerce table lists it, with "please try again"). No transaction exists.',
    ],
    remedy: [
      '取引は成立していないため、同じ内容で改めて決済してください。続けて発生する場合は障害案内を確認し、ソニーペイメントサービスに問い合わせてください。',
      'Nothing was charged: take the payment again with the same data. If it keeps happening, check for outage notices and contact Sony Payment Services.',
    ],
  }),
  KHW: entry({
    category: 'three_d_secure',
    retryable: true,
    label: '3Dセキュアタイムアウトエラー。',
    shopper: SHOPPER.timeout,
    merchant: ['3Dセキュアの本人認証が時間内に完了しませんでした。', 'The 3-D Secure authentication was not completed in time.'],
    remedy: [
      '購入者に最初から決済をやり直してもらってください（新しいトークン・新しい処理番号で 3Dセキュアからやり直す）。',
      'Have the shopper start the payment again (new token, new ProcNo, starting again with 3-D Secure).',
    ],
  }),
  KHX: fieldCheck({
    label: '項目「Token」精査エラー。',
    field: 'Token',
    category: 'token',
    shopper: SHOPPER.reenterCard,
    nameJa: 'カード情報トークン',
    nameEn: 'card token',
    fix: [
      'ブラウザでトークン作成 JavaScript が返したトークン（32文字）を、加工・切り詰めせずにそのまま送信してください。テスト環境のトークンを本番に送っていないかも確認してください。',
      'Send the token (32 characters) returned by the token JavaScript in the browser unchanged and untruncated, and check that a test-environment token is not sent to production.',
    ],
  }),
  KHZ: entry({
    category: 'token',
    label: '利用可能トークンなしエラー。',
    shopper: SHOPPER.reenterCard,
    merchant: ['利用できるトークンがありません（存在しない、または無効になったトークン）。', 'There is no usable token (unknown or no longer valid).'],
    remedy: [
      'ブラウザでカード情報を入力してもらい、新しいトークンを作成して送信してください。トークン作成と同じ環境（テスト／本番）・同じマーチャントに送っているか確認してください。',
      'Have the shopper enter the card again to create a new token, and send it to the same environment (test or production) and merchant that created it.',
    ],
  }),
  KI0: entry({
    category: 'transaction_state',
    label: 'クレジット売上取消（詳細不明）。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'クレジットの売上が取り消されています。詳細は不明です（WooCommerce の表のみが定義）。',
      'The credit sale has been canceled; details unknown (only the WooCommerce table lists this code).',
    ],
    remedy: [
      '加盟店管理画面で取引の履歴と状態を確認し、経緯が分からない場合は応答コードと取引情報を添えてソニーペイメントサービスに問い合わせてください。',
      'Check the history and state of the transaction in the admin console; if it is unclear how it was canceled, contact Sony Payment Services quoting the code and the transaction.',
    ],
  }),
  KI1: fieldCheck({
    label: '項目「ｋ_TokenNinsyoCode」精査エラー。',
    field: 'k_TokenNinsyoCode',
    category: 'token',
    nameJa: 'トークン決済認証コード',
    nameEn: 'token authentication code',
    fix: [
      'トークン作成 JavaScript の読み込み URL に、契約時に発行されたトークン決済認証コードを正しく設定してください。テスト用と本番用を取り違えていないか確認してください。',
      'Put the token authentication code issued with the contract into the URL that loads the token JavaScript, and check that test and production codes are not mixed up.',
    ],
  }),
  KI2: entry({
    category: 'token',
    label: '使用済みトークンエラー。',
    shopper: SHOPPER.reenterCard,
    merchant: ['このトークンはすでに使用済みです。トークンは1回の処理にしか使えません。', 'The token has already been used; a token is good for one operation only.'],
    remedy: [
      '処理（1Auth/1Gathering/4MemAdd/4MemChg など）ごとに新しいトークンを作成して送ってください。エラー後の再送や画面の再読み込みで同じトークンを使い回さないでください。',
      'Create a new token for each operation (1Auth/1Gathering/4MemAdd/4MemChg…); do not reuse a token when resending after an error or after a page reload.',
    ],
  }),
  KI3: entry({
    category: 'token',
    label: 'トークン有効期限切れエラー。',
    shopper: SHOPPER.reenterCard,
    merchant: ['トークンの有効期限が切れています（SF のテストでは作成から30分を過ぎると発生）。', 'The token has expired (in the SF tests, 30 minutes after it was created).'],
    remedy: [
      '決済の直前にトークンを作成し直して送信してください。確認画面で長く待たせる構成の場合は、注文確定時にカード情報を再入力してもらうか、トークン作成を確定ボタンの押下時に行ってください。',
      'Create a fresh token right before the payment. If shoppers may linger on a confirmation page, create the token when they press the final button, or ask them to re-enter the card.',
    ],
  }),
  KI4: entry({
    category: 'token',
    label: '項目「端末情報」精査エラー。',
    shopper: SHOPPER.reenterCard,
    merchant: ['トークン作成時にブラウザから送られる端末情報が不正です。', 'The terminal information sent by the browser when the token was created is invalid.'],
    remedy: [
      'トークン作成 JavaScript を e-SCOTT の URL から改変せずに読み込み、購入者のブラウザ上でトークンを作成してください（サーバー側でのトークン作成や、スクリプトの複製・改変はしないでください）。',
      "Load the token JavaScript from e-SCOTT's URL without modification and create the token in the shopper's browser; do not create tokens server-side or copy or alter the script.",
    ],
  }),
  KI5: entry({
    category: 'token',
    label: '同一カード番号の連続入力によりロックされています。',
    shopper: SHOPPER.locked,
    merchant: [
      '同じカード番号でトークン作成が短時間に繰り返されたため、そのカード番号がロックされています。',
      'Tokens were requested repeatedly for the same card number in a short time, so that card number is locked.',
    ],
    remedy: TOKEN_LOCK_REMEDY('カード番号の', 'card number'),
  }),
  KI6: entry({
    category: 'token',
    label: '同一端末からの連続入力により端末がロックされています。',
    shopper: SHOPPER.locked,
    merchant: [
      '同じ端末（ブラウザ）からトークン作成が短時間に繰り返されたため、その端末がロックされています。',
      'Tokens were requested repeatedly from the same terminal (browser) in a short time, so that terminal is locked.',
    ],
    remedy: TOKEN_LOCK_REMEDY('端末の', 'terminal'),
  }),
  KI8: entry({
    category: 'token',
    label: '取引の対象が複数件存在します。',
    shopper: SHOPPER.contactShop,
    merchant: ['トークンを使った取引で、処理の対象となる取引が複数見つかりました。', 'In a token transaction, more than one target transaction was found.'],
    remedy: [
      'ProcessId/ProcessPass など対象を一意に特定できる項目を付けて送信してください。解消しない場合は応答コードと取引情報を添えてソニーペイメントサービスに問い合わせてください。',
      'Send fields that identify the target uniquely (ProcessId/ProcessPass…); if that does not help, contact Sony Payment Services quoting the code and the transactions.',
    ],
  }),
  KI9: fieldCheck({
    label: '項目「ApplePayEncryptValue」精査エラー。',
    field: 'ApplePayEncryptValue',
    nameJa: 'Apple Pay の暗号化データ',
    nameEn: 'Apple Pay encrypted data',
    fix: APPLE_PAY_FIX,
  }),
  KIA: fieldCheck({
    label: '項目「ephemeralPublicKey」精査エラー。',
    field: 'ephemeralPublicKey',
    nameJa: 'Apple Pay の一時公開鍵',
    nameEn: 'Apple Pay ephemeral public key',
    fix: APPLE_PAY_FIX,
  }),
  KIB: fieldCheck({
    label: '項目「data」精査エラー。',
    field: 'data',
    nameJa: 'Apple Pay の暗号化支払いデータ',
    nameEn: 'Apple Pay encrypted payment data',
    fix: APPLE_PAY_FIX,
  }),
  KIE: fieldCheck({
    label: '項目「signature」精査エラー。',
    field: 'signature',
    nameJa: 'Apple Pay の署名',
    nameEn: 'Apple Pay signature',
    fix: APPLE_PAY_FIX,
  }),
  KIF: entry({
    category: 'invalid_request',
    label: 'signatureエラー、オブジェクト識別子が含まれていません。',
    field: 'signature',
    shopper: SHOPPER.contactShop,
    merchant: ['Apple Pay の署名に必要なオブジェクト識別子が含まれていません。', 'The Apple Pay signature does not contain the required object identifier.'],
    remedy: APPLE_PAY_FIX,
  }),
  KIH: entry({
    category: 'token',
    label: 'signatureエラー、署名時間が許容時間を超えています。',
    field: 'signature',
    shopper: SHOPPER.reenterCard,
    merchant: ['Apple Pay の支払いデータの署名時刻から許容時間を過ぎています（古い支払いデータ）。', 'The Apple Pay payment data was signed too long ago (stale payment data).'],
    remedy: [
      'Apple Pay の承認を受けたら、すぐにサーバーへ送って決済してください。購入者にもう一度 Apple Pay で支払ってもらい、新しい支払いデータで送信してください。サーバーの時刻同期も確認してください。',
      'Send the Apple Pay payment data to the gateway right after the shopper authorises it; ask the shopper to pay again to get fresh data, and check the server clock synchronisation.',
    ],
  }),
  KIJ: entry({
    category: 'merchant_configuration',
    label: 'トークン決済、ApplePay取引許可エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['トークン決済または Apple Pay の取引が、この加盟店には許可されていません。', 'Token or Apple Pay transactions are not permitted for this merchant.'],
    remedy: [
      'ソニーペイメントサービスにトークン決済・Apple Pay の利用契約と設定を確認してください。使える契約がない場合は、ショップでその支払方法を無効にしてください。',
      'Check the token and Apple Pay contract and settings with Sony Payment Services; if they are not contracted, disable that payment method in the shop.',
    ],
  }),
  KIK: entry({
    category: 'transaction_state',
    label: 'ApplePay会員元取引不整合エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['Apple Pay の会員取引と、指定した元取引の組み合わせが一致しません。', 'The Apple Pay member transaction does not match the original transaction given.'],
    remedy: [
      '元取引が Apple Pay 会員で行われたものか確認し、元取引と同じ会員情報・処理の種類で後続処理を送信してください。',
      'Check that the original transaction was an Apple Pay member transaction and send the follow-up with the same member data and kind of operation.',
    ],
  }),
  KIL: entry({
    category: 'transaction_state',
    label: '通常会員元取引不整合エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['通常の会員取引と、指定した元取引の組み合わせが一致しません。', 'The ordinary member transaction does not match the original transaction given.'],
    remedy: [
      '元取引が通常の会員（Apple Pay 以外）で行われたものか確認し、元取引と同じ会員情報で後続処理を送信してください。',
      'Check that the original transaction was an ordinary (non-Apple Pay) member transaction and send the follow-up with the same member data.',
    ],
  }),
  KIM: entry({
    category: 'invalid_request',
    label: '項目「受付番号」精査エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['受付番号の値が不正、または未送信です。', 'The reception number is malformed or missing.'],
    remedy: ['受付番号を送る処理では、元の応答で得た受付番号を加工せずに送信してください。', 'Where the operation carries the reception number, send the value from the earlier response unchanged.'],
  }),
  KIN: entry({
    category: 'transaction_state',
    label: '取消不要の取引です。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'この取引は取消の必要がありません。内部ですでに取り消されている取引に、障害取消などの取消処理を行うと返ります。',
      'The transaction does not need canceling: returned when a cancellation (for example an outage cancellation) is sent for a transaction already canceled internally.',
    ],
    remedy: [
      '追加の処理は不要です。1Search で取引が取消済みであることを確認し、ショップ側の注文状態を合わせてください。',
      'Nothing more to do: confirm with 1Search that the transaction is canceled and update the order state in the shop.',
    ],
  }),
  KIR: fieldCheck({
    label: '項目「AuthKaiinAddFlg」精査エラー。',
    field: 'AuthKaiinAddFlg',
    category: 'member',
    nameJa: '与信時の会員登録フラグ',
    nameEn: 'register-member-on-authorisation flag',
    fix: [
      '与信と同時に会員登録する場合だけ、仕様で定められた値を送信してください。使わない場合は項目を送らないでください。',
      'Send the defined value only when a member is to be registered together with the authorisation; otherwise leave the field out.',
    ],
  }),
  KIS: entry({
    category: 'invalid_request',
    label: '処理区分の設定エラー。',
    field: 'OperateId',
    shopper: SHOPPER.contactShop,
    merchant: ['処理区分（OperateId）の設定が、この電文や契約の設定と合っていません。', 'The operation type (OperateId) does not fit this message or the contract settings.'],
    remedy: [
      '送信先エンドポイントと OperateId の組み合わせ、およびその処理が契約で利用可能かを確認してください。',
      'Check the endpoint/OperateId combination and that the operation is available under the contract.',
    ],
  }),
  KIU: entry({
    category: 'token',
    label: '会員IDの連続入力によりロックされています。',
    shopper: SHOPPER.locked,
    merchant: ['同じ会員IDで短時間に処理が繰り返されたため、その会員IDがロックされています。', 'The same member ID was used repeatedly in a short time, so it is locked.'],
    remedy: TOKEN_LOCK_REMEDY('会員IDの', 'member ID'),
  }),
  KIW: fieldCheck({
    label: '項目「KaiinIdAutoRiyoFlg」精査エラー。',
    field: 'KaiinIdAutoRiyoFlg',
    category: 'member',
    nameJa: '会員ID自動採番の利用フラグ',
    nameEn: 'automatic member ID flag',
    fix: [
      '会員IDを e-SCOTT に自動採番させる場合だけ、仕様で定められた値を送信してください。自前で会員IDを採番する場合は項目を送らないでください。',
      'Send the defined value only when e-SCOTT should assign the member ID; leave the field out when you generate member IDs yourself.',
    ],
  }),
}
