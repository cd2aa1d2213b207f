/** K-codes with a numeric second digit (K01–K99): request checks, members, online payment collection, gateway state. */
import type { CodeEntryData } from './types.js'
import { SHOPPER, TEMPORARY_REMEDY, entry, fieldCheck } from './catalog-shared.js'

const THREE_DS_FORWARD = [
  'OTDS010 から戻った EncryptValue を復号して得た 3D セキュアの結果項目を、加工・切り詰めせずにそのまま 1Auth/1Gathering（または会員処理）に転送してください。復号に使う AES キー・IV が正しいかも確認してください。',
  'Forward the 3-D Secure result fields obtained by decrypting the EncryptValue returned from OTDS010 to 1Auth/1Gathering (or the member operation) unchanged and untruncated; also check the AES key and IV used to decrypt.',
] as const

const MEMBER_DATA_REMEDY = [
  '加盟店側に保存している KaiinId/KaiinPass が e-SCOTT の会員と一致しているか 4MemRef で確認してください。一致しない場合は会員を削除して再登録し、購入者にカードを登録し直してもらってください。',
  'Check with 4MemRef that the KaiinId/KaiinPass stored on the merchant side match the e-SCOTT member. If they do not, delete the member, re-register it and have the shopper register the card again.',
] as const

export const K_CODES: Record<string, CodeEntryData> = {
  K01: entry({
    category: 'invalid_request',
    label: 'オンライン取引電文精査エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'リクエスト電文全体の形式が不正です（送信形式・文字コード・必須項目の欠落・送信先と OperateId の組み合わせなど）。',
      'The request message as a whole is malformed (encoding, character set, missing mandatory fields, or an OperateId posted to the wrong endpoint).',
    ],
    remedy: [
      'application/x-www-form-urlencoded で POST しているか、OperateId に対応するエンドポイント（カードは OAUT002、会員は OCRP005、オンライン収納は OCNV005、トークン照会は OATN005）に送っているか、処理ごとの必須項目が揃っているかを確認してください。',
      'Check that the request is POSTed as application/x-www-form-urlencoded, to the endpoint that matches the OperateId (cards OAUT002, members OCRP005, payment collection OCNV005, token search OATN005), with every mandatory field of that operation.',
    ],
  }),
  K02: fieldCheck({
    label: '項目「MerchantId」精査エラー。',
    field: 'MerchantId',
    category: 'merchant_configuration',
    nameJa: 'マーチャントID',
    nameEn: 'merchant ID',
    fix: [
      'ソニーペイメントサービスから発行されたマーチャントIDを設定し直してください。テスト環境と本番環境の接続先・ID の取り違え、前後の空白の混入がないかも確認してください。',
      'Set the merchant ID issued by Sony Payment Services again, and check that test and production endpoints and IDs are not mixed up and that no spaces were pasted in.',
    ],
  }),
  K03: fieldCheck({
    label: '項目「MerchantPass」精査エラー。',
    field: 'MerchantPass',
    category: 'merchant_configuration',
    nameJa: 'マーチャントパスワード',
    nameEn: 'merchant password',
    fix: [
      '加盟店管理画面で発行したマーチャントパスワードを設定し直してください。2024年のインターフェース仕様変更以降は、全加盟店が新しいマーチャントパスワードを発行して設定する必要があります。テスト用と本番用のパスワードは異なります。連続して失敗すると KG8（ロックアウト）になるため、直すまで再送しないでください。',
      'Set the MerchantPass generated in the merchant admin console again. Since the 2024 interface change every merchant must generate a new MerchantPass and enter it; test and production passwords differ. Repeated failures lead to the KG8 lock-out, so do not resend until it is fixed.',
    ],
  }),
  K04: fieldCheck({
    label: '項目「TenantId」精査エラー。',
    field: 'TenantId',
    category: 'merchant_configuration',
    nameJa: '店舗コード',
    nameEn: 'tenant (shop) code',
    fix: [
      '契約時に案内された店舗コード（数字4桁。店舗が1つだけなら通常 0001）を設定してください。',
      'Set the tenant code given with the contract (4 digits; usually 0001 when there is only one shop).',
    ],
  }),
  K05: fieldCheck({
    label: '項目「TransactionDate」精査エラー。',
    field: 'TransactionDate',
    nameJa: '取引日付',
    nameEn: 'transaction date',
    fix: [
      '日本時間（JST）の当日の日付を yyyyMMdd 形式で送信してください。サーバーのタイムゾーンが UTC などの場合、日本時間の 0 時〜9 時に日付がずれます。',
      "Send today's date in Japan time (JST) as yyyyMMdd. On a server running in UTC the date is wrong between midnight and 9 a.m. JST.",
    ],
  }),
  K06: entry({
    category: 'merchant_configuration',
    label: '項目「OperateId」精査エラー。',
    field: 'OperateId',
    shopper: SHOPPER.contactShop,
    merchant: [
      '処理区分 OperateId の精査エラーです。運用マニュアルの FAQ によると、3Dセキュア認証の利用を申請していない、または申請済みでも開通日に達していないのに、ショップ側で「3Dセキュア認証を利用する」を有効にして決済すると発生します。OperateId の値そのものが誤っている・契約外の処理である場合にも返ります。',
      'OperateId check error. According to the FAQ of the operation manuals it occurs when the shop has "use 3-D Secure" switched on although 3-D Secure has not been applied for, or its activation (opening) date has not been reached yet. It is also returned when the OperateId itself is wrong or not covered by the contract.',
    ],
    remedy: [
      '3Dセキュアを使う場合は、ソニーペイメントサービスに3Dセキュア認証の利用を申請し、開通日以降にショップ（SDK）の3Dセキュア設定を有効にしてください。申請前・開通日前は3Dセキュア設定を無効にしてください。あわせて、送信した OperateId が契約済みの処理で、綴りと送信先エンドポイントが正しいか確認してください。',
      "To use 3-D Secure, apply to Sony Payment Services for it and switch the shop's (SDK's) 3-D Secure setting on only from the activation date; before the application is accepted and activated, keep 3-D Secure switched off. Also check that the OperateId sent is a contracted operation, correctly spelt and posted to the right endpoint.",
    ],
  }),
  K07: fieldCheck({
    label: '項目「MerchantFree1」精査エラー。',
    field: 'MerchantFree1',
    nameJa: '自由領域1',
    nameEn: 'merchant free field 1',
    fix: [
      '使用できる文字（半角英数字）だけで、上限桁数以内の値を送信してください。注文番号をそのまま入れる場合は記号や全角文字が含まれていないか確認してください。',
      'Send only allowed characters (half-width letters and digits) within the maximum length; when you put the order number here, make sure it has no symbols or full-width characters.',
    ],
  }),
  K08: fieldCheck({
    label: '項目「MerchantFree2」精査エラー。',
    field: 'MerchantFree2',
    nameJa: '自由領域2',
    nameEn: 'merchant free field 2',
    fix: [
      '使用できる文字（半角英数字）だけで、上限桁数以内の値を送信してください。',
      'Send only allowed characters (half-width letters and digits) within the maximum length.',
    ],
  }),
  K09: fieldCheck({
    label: '項目「MerchantFree3」精査エラー。',
    field: 'MerchantFree3',
    nameJa: '自由領域3',
    nameEn: 'merchant free field 3',
    fix: [
      '使用できる文字（半角英数字）だけで、上限桁数以内の値を送信してください。',
      'Send only allowed characters (half-width letters and digits) within the maximum length.',
    ],
  }),
  K10: fieldCheck({
    label: '項目「ProcessId」精査エラー。',
    field: 'ProcessId',
    nameJa: '処理通番',
    nameEn: 'process ID',
    fix: [
      '元取引の応答で返された ProcessId（32文字）を加工せずに送信してください。後続処理（1Capture/1Delete/1Change/1ReAuth/1Search、2Chg/2Del/2Ref）で空のまま送っていないか確認してください。',
      'Send the ProcessId (32 characters) returned by the original transaction unchanged, and make sure follow-ups (1Capture/1Delete/1Change/1ReAuth/1Search, 2Chg/2Del/2Ref) do not send it empty.',
    ],
  }),
  K11: fieldCheck({
    label: '項目「ProcessPass」精査エラー。',
    field: 'ProcessPass',
    nameJa: '処理パスワード',
    nameEn: 'process password',
    fix: [
      '元取引の応答で返された ProcessPass（32文字）を加工せずに送信してください。',
      'Send the ProcessPass (32 characters) returned by the original transaction unchanged.',
    ],
  }),
  K12: entry({
    category: 'transaction_state',
    label: '項目「ProcessId」または「ProcessPass」不整合エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'ProcessId と ProcessPass の組み合わせに一致する取引がありません。組み合わせの誤りのほか、保存期間（処理月から約7か月）を過ぎて削除された取引や、オンライン収納で 2Del 済みの取引を照会した場合にも返ります。',
      'No transaction matches this ProcessId/ProcessPass pair. Besides a wrong pair, it is returned for transactions deleted after the retention period (about 7 months after the processing month) and for payment-collection entries already removed with 2Del.',
    ],
    remedy: [
      '元取引の最新の応答で受け取った ProcessId と ProcessPass の組を送っているか確認してください。保存期間を過ぎた取引には後続処理ができないため、必要なら新しい取引として処理してください。2Del の後の K12 は正常な結果として扱って構いません。',
      'Check that you send the ProcessId/ProcessPass pair from the latest response of the original transaction. Transactions past the retention period cannot be followed up: create a new transaction if needed. K12 after 2Del can be treated as the expected result.',
    ],
  }),
  K13: fieldCheck({
    label: '項目「TenatId」未登録エラー。',
    field: 'TenantId',
    category: 'merchant_configuration',
    nameJa: '店舗コード（未登録）',
    nameEn: 'tenant code, not registered',
    fix: [
      '送信した店舗コードはこのマーチャントIDに登録されていません。契約で登録済みの店舗コードを設定するか、店舗の追加をソニーペイメントサービスに依頼してください。',
      'The tenant code sent is not registered for this merchant ID: use a registered tenant code, or ask Sony Payment Services to add the shop.',
    ],
  }),
  K14: entry({
    category: 'transaction_state',
    label: 'OperateId のステータス遷移不整合。',
    shopper: SHOPPER.contactShop,
    merchant: [
      '取引の現在の状態では、この処理区分は実行できません（例：売上確定済みの取引への再度の 1Capture、取消済みの取引への処理）。',
      "This operation is not allowed in the transaction's current state (for example a second 1Capture, or any operation on a canceled transaction).",
    ],
    remedy: [
      '1Search で取引の現在の状態を確認し、その状態で許される処理だけを送信してください。処理済みかどうかをショップ側に記録し、二重送信を防いでください。',
      'Check the current state with 1Search and send only operations allowed in that state; record on the shop side what has been done to avoid double submissions.',
    ],
  }),
  K15: entry({
    category: 'member',
    label: '会員参照(同一カード番号返戻)、または、トークン会員参照時の返戻対象会員数エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      '同一カード番号による会員参照、またはトークンによる会員参照で、返却対象の会員数が上限（SF の資料では30件）を超えました。',
      'A member lookup by card number or by token matched more members than can be returned (30 according to the SF material).',
    ],
    remedy: [
      '同じカードで多数の会員が登録されていないか確認し、不要な会員を無効化・削除してください。会員はカード単位ではなく購入者単位で登録してください。',
      'Check whether many members were registered with the same card, invalidate and delete the unused ones, and register one member per shopper rather than per attempt.',
    ],
  }),
  K20: fieldCheck({
    label: '項目「CardNo」精査エラー。',
    field: 'CardNo',
    shopper: SHOPPER.cardUnusable,
    nameJa: 'カード番号',
    nameEn: 'card number',
    fix: [
      'カード番号は空白やハイフンを除いた数字のみで送信してください。カード番号を直接送る方式では、入力チェック（桁数・Luhn）を先に行ってください。トークン方式では CardNo を送らず Token を送ってください。',
      'Send the card number as digits only, without spaces or hyphens, and validate length and Luhn check digit first when sending card numbers directly. With tokens, send Token instead of CardNo.',
    ],
  }),
  K21: fieldCheck({
    label: '項目「CardExp」精査エラー。',
    field: 'CardExp',
    shopper: SHOPPER.cardUnusable,
    nameJa: 'カード有効期限',
    nameEn: 'card expiry',
    fix: [
      '有効期限は YYMM（西暦下2桁＋月2桁、例 2812）の4桁で送信してください。MMYY の順にしていないか確認してください。',
      'Send the expiry as YYMM (two-digit year then two-digit month, e.g. 2812); check that it is not MMYY.',
    ],
  }),
  K22: fieldCheck({
    label: '項目「PayType」精査エラー。',
    field: 'PayType',
    nameJa: '支払区分',
    nameEn: 'payment type',
    fix: [
      '支払区分は2桁の値（01 一括、02〜24 の分割回数、80 ボーナス一括、88 リボ など契約で使えるもの）で送信してください。',
      'Send a two-digit payment type allowed by the contract (01 single payment, 02-24 instalment counts, 80 bonus, 88 revolving, and so on).',
    ],
  }),
  K23: fieldCheck({
    label: '項目「Amount」精査エラー。',
    field: 'Amount',
    nameJa: '金額',
    nameEn: 'amount',
    fix: [
      '金額は1円以上の整数（円単位、カンマ・小数点・通貨記号なし）で送信してください。1Change（利用額変更）で元の取引と同じ金額を送った場合もこのエラーになります。上限金額や 2Chg で変更できる金額の条件も確認してください。',
      'Send the amount as a whole number of yen of at least 1, without separators, decimals or currency signs. 1Change (amount change) with the same amount as the original transaction also gives this code; check the maximum amount and the rules of 2Chg too.',
    ],
  }),
  K24: fieldCheck({
    label: '項目「SecCd」精査エラー。',
    field: 'SecCd',
    shopper: SHOPPER.cardUnusable,
    nameJa: 'セキュリティコード',
    nameEn: 'security code',
    fix: [
      'セキュリティコードは3桁または4桁の数字で送信してください。セキュリティコードを使わない運用にする場合は、加盟店管理画面の認証アシスト設定も「マッチング検証しない」に合わせてください。',
      'Send the security code as 3 or 4 digits. If you do not collect it, also set the authentication-assist setting in the admin console to "no matching check".',
    ],
  }),
  K25: entry({
    category: 'invalid_request',
    label: '項目「KanaSei」精査エラー。',
    field: 'KanaSei',
    shopper: SHOPPER.contactShop,
    merchant: [
      'カナ氏名（姓）KanaSei が未送信または不正です。運用マニュアルの FAQ では、(1) カナ氏名が未入力、(2) 加盟店管理画面の［設定確認］＞［各種項目設定］＞［カード決済］＞［認証アシストマッチング］で、セキュリティコード以外の項目に「利用する」が設定されている、の2つが原因に挙げられています。',
      'The kana surname KanaSei is missing or malformed. The FAQ of the operation manuals names two causes: (1) the kana name was not entered; (2) in the merchant admin console (Settings > Item settings > Card payment > Authentication assist matching) items other than the security code are set to "use".',
    ],
    remedy: [
      '認証アシストでカナ氏名を照合しないのであれば、加盟店管理画面の［認証アシストマッチング］でセキュリティコード以外の項目の「利用する」を外してください（画面で変更できない契約設定の場合は、ソニーペイメントサービスに無効化を依頼してください）。照合する場合は、購入者のカナ姓を全角カタカナで KanaSei として送信してください（トークン作成時に渡す方式も可）。',
      "If you do not want the kana name checked, turn off every authentication-assist item other than the security code in the admin console (Authentication assist matching), or ask Sony Payment Services to disable them if the contract setting cannot be changed there. If you do use it, send the shopper's kana surname in full-width katakana as KanaSei (or pass it when creating the token).",
    ],
  }),
  K26: entry({
    category: 'invalid_request',
    label: '項目「KanaMei」精査エラー。',
    field: 'KanaMei',
    shopper: SHOPPER.contactShop,
    merchant: [
      'カナ氏名（名）KanaMei が未送信または不正です。運用マニュアルの FAQ では、(1) カナ氏名が未入力、(2) 加盟店管理画面の［設定確認］＞［各種項目設定］＞［カード決済］＞［認証アシストマッチング］で、セキュリティコード以外の項目に「利用する」が設定されている、の2つが原因に挙げられています。',
      'The kana given name KanaMei is missing or malformed. The FAQ of the operation manuals names two causes: (1) the kana name was not entered; (2) in the merchant admin console (Settings > Item settings > Card payment > Authentication assist matching) items other than the security code are set to "use".',
    ],
    remedy: [
      '認証アシストでカナ氏名を照合しないのであれば、加盟店管理画面の［認証アシストマッチング］でセキュリティコード以外の項目の「利用する」を外してください（画面で変更できない契約設定の場合は、ソニーペイメントサービスに無効化を依頼してください）。照合する場合は、購入者のカナ名を全角カタカナで KanaMei として送信してください（トークン作成時に渡す方式も可）。',
      "If you do not want the kana name checked, turn off every authentication-assist item other than the security code in the admin console (Authentication assist matching), or ask Sony Payment Services to disable them if the contract setting cannot be changed there. If you do use it, send the shopper's kana given name in full-width katakana as KanaMei (or pass it when creating the token).",
    ],
  }),
  K27: fieldCheck({
    label: '項目「BirthDay」精査エラー。',
    field: 'BirthDay',
    nameJa: '生月日（認証アシスト項目）',
    nameEn: 'birth month and day, an authentication-assist item',
    fix: [
      '生月日は月・日の数字（MMDD の4桁）で送信してください。認証アシストで生月日を照合しないなら、加盟店管理画面の認証アシストマッチングでこの項目の「利用する」を外してください。',
      'Send the birth month and day as MMDD digits. If you do not want it checked, turn this authentication-assist item off in the admin console.',
    ],
  }),
  K28: fieldCheck({
    label: '項目「TelNo」精査エラー。',
    field: 'TelNo',
    nameJa: '電話番号',
    nameEn: 'telephone number',
    fix: [
      'カード決済の認証アシストでは電話番号の下4桁（半角数字4桁）を送信してください。オンライン収納（2Add）では必須項目で、半角数字とハイフンで13桁以内です。',
      'For card authentication assist send the last four digits of the telephone number (4 half-width digits). For payment collection (2Add) it is required: half-width digits and hyphens, at most 13 characters.',
    ],
  }),
  K30: fieldCheck({
    label: '項目「MessageVersionNo3D」精査エラー。',
    field: 'MessageVersionNo3D',
    nameJa: '3Dセキュアのメッセージバージョン',
    nameEn: '3-D Secure message version',
    fix: THREE_DS_FORWARD,
  }),
  K31: fieldCheck({
    label: '項目「TransactionId3D」精査エラー。',
    field: 'TransactionId3D',
    nameJa: '3Dセキュアの取引ID',
    nameEn: '3-D Secure transaction ID',
    fix: THREE_DS_FORWARD,
  }),
  K32: fieldCheck({
    label: '項目「EncordXId3D」精査エラー。',
    field: 'EncodeXId3D',
    nameJa: '3Dセキュアの XID（エラー文言の EncordXId3D は誤記）',
    nameEn: '3-D Secure XID; the error text spells it EncordXId3D',
    fix: THREE_DS_FORWARD,
  }),
  K33: fieldCheck({
    label: '項目「TransactionStatus3D」精査エラー。',
    field: 'TransactionStatus3D',
    nameJa: '3Dセキュアの認証ステータス',
    nameEn: '3-D Secure transaction status',
    fix: THREE_DS_FORWARD,
  }),
  K34: fieldCheck({
    label: '項目「CAVVAlgorithm3D」精査エラー。',
    field: 'CAVVAlgorithm3D',
    nameJa: 'CAVV アルゴリズム',
    nameEn: 'CAVV algorithm',
    fix: THREE_DS_FORWARD,
  }),
  K35: fieldCheck({
    label: '項目「CAVV3D」精査エラー。',
    field: 'CAVV3D',
    nameJa: 'CAVV（認証値）',
    nameEn: 'CAVV authentication value',
    fix: THREE_DS_FORWARD,
  }),
  K36: fieldCheck({
    label: '項目「ECI3D」精査エラー。',
    field: 'ECI3D',
    nameJa: 'ECI 値',
    nameEn: 'ECI value',
    fix: THREE_DS_FORWARD,
  }),
  K37: fieldCheck({
    label: '項目「PANCard3D」精査エラー。',
    field: 'PANCardNo3D',
    nameJa: '3Dセキュアのカード番号項目（エラー文言の PANCard3D は略記）',
    nameEn: '3-D Secure card number item; the error text says PANCard3D',
    fix: THREE_DS_FORWARD,
  }),
  K39: fieldCheck({
    label: '項目「SalesDate」精査エラー。',
    field: 'SalesDate',
    nameJa: '売上計上日',
    nameEn: 'sales (capture) date',
    fix: [
      '売上計上日は yyyyMMdd 形式の日付（通常は日本時間の当日、未来日付は不可）で送信してください。1Capture や 1ReAuth で空のまま送っていないか確認してください。',
      'Send the sales date as yyyyMMdd (normally today in Japan time; a future date is refused) and check that 1Capture or 1ReAuth do not send it empty.',
    ],
  }),
  K40: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '認証アシストサービス項目セキュリティコードアンマッチ検証 NG。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      '認証アシストのセキュリティコード照合で、入力されたセキュリティコードがカード会社の登録内容と一致しませんでした。',
      "Authentication assist: the security code entered does not match the card company's records.",
    ],
    remedy: [
      '購入者にセキュリティコードを確認して入力し直してもらい、続く場合はカード発行会社への確認か別のカードを案内してください。短時間に何度も失敗する場合は不正利用を疑ってください。',
      'Ask the shopper to check and re-enter the security code; if it keeps failing, ask them to contact the issuer or use another card. Many failures in a short time suggest fraud.',
    ],
  }),
  K41: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '認証アシストサービス項目生月日アンマッチ検証 NG。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      '認証アシストの生月日照合で、入力値がカード会社の登録内容と一致しませんでした。',
      "Authentication assist: the birth month and day do not match the card company's records.",
    ],
    remedy: [
      '購入者にカード会社に登録した生年月日を確認してもらってください。生月日を照合しない運用にするなら、加盟店管理画面の認証アシストマッチングでこの項目を外してください。',
      'Ask the shopper to check the birth date registered with the card company. If you do not want this item checked, turn it off in the authentication-assist matching settings of the admin console.',
    ],
  }),
  K42: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '認証アシストサービス項目電話番号下 4 桁アンマッチ検証 NG。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      '認証アシストの電話番号（下4桁）照合で、入力値がカード会社の登録内容と一致しませんでした。',
      "Authentication assist: the last four digits of the telephone number do not match the card company's records.",
    ],
    remedy: [
      '購入者にカード会社に登録した電話番号を確認してもらってください。電話番号を照合しない運用にするなら、加盟店管理画面の認証アシストマッチングでこの項目を外してください。',
      'Ask the shopper to check the phone number registered with the card company. If you do not want this item checked, turn it off in the authentication-assist matching settings of the admin console.',
    ],
  }),
  K43: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '認証アシストサービスカナ氏名（姓）アンマッチ検証 NG。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      '認証アシストのカナ姓照合で、入力値がカード会社の登録内容と一致しませんでした。',
      "Authentication assist: the kana surname does not match the card company's records.",
    ],
    remedy: [
      '購入者にカード会社に登録したカナ氏名（全角カタカナ）を確認してもらってください。カナ氏名を照合しない運用にするなら、加盟店管理画面の認証アシストマッチングでこの項目を外してください。',
      'Ask the shopper to check the kana name registered with the card company (full-width katakana). If you do not want it checked, turn the item off in the authentication-assist matching settings.',
    ],
  }),
  K44: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '認証アシストサービス項目カナ氏名（名）アンマッチ検証 NG。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      '認証アシストのカナ名照合で、入力値がカード会社の登録内容と一致しませんでした。',
      "Authentication assist: the kana given name does not match the card company's records.",
    ],
    remedy: [
      '購入者にカード会社に登録したカナ氏名（全角カタカナ）を確認してもらってください。カナ氏名を照合しない運用にするなら、加盟店管理画面の認証アシストマッチングでこの項目を外してください。',
      'Ask the shopper to check the kana name registered with the card company (full-width katakana). If you do not want it checked, turn the item off in the authentication-assist matching settings.',
    ],
  }),
  K45: fieldCheck({
    label: '項目「KaiinId」精査エラー。',
    field: 'KaiinId',
    category: 'member',
    shopper: SHOPPER.storedCard,
    nameJa: '会員ID',
    nameEn: 'member ID',
    fix: [
      '会員IDは使用できる文字（半角英数字）と桁数の範囲で生成し、登録時と同じ値を送信してください。',
      'Generate member IDs from allowed characters (half-width letters and digits) within the length limit, and send exactly the value used at registration.',
    ],
  }),
  K46: fieldCheck({
    label: '項目「KaiinPass」精査エラー。',
    field: 'KaiinPass',
    category: 'member',
    shopper: SHOPPER.storedCard,
    nameJa: '会員パスワード',
    nameEn: 'member password',
    fix: [
      '会員パスワードは使用できる文字と桁数の範囲で生成し、登録時（または最後の変更時）の値を送信してください。',
      'Generate member passwords within the allowed characters and length, and send the value set at registration or at the last change.',
    ],
  }),
  K47: fieldCheck({
    label: '項目「NewKaiinPass」精査エラー。',
    field: 'NewKaiinPass',
    category: 'member',
    nameJa: '新しい会員パスワード',
    nameEn: 'new member password',
    fix: [
      '新しい会員パスワードを使用できる文字と桁数の範囲で生成して送信し、変更に成功したら保存している値を更新してください。',
      'Generate the new member password within the allowed characters and length, and update the stored value once the change succeeded.',
    ],
  }),
  K48: fieldCheck({
    label: '項目「EnableCheckUseKbn」精査エラー。',
    field: 'EnableCheckUseKbn',
    category: 'member',
    nameJa: '有効性チェック利用区分',
    nameEn: 'card validity check flag',
    fix: [
      '有効性チェック利用区分は仕様で定められた値だけを送信し、使わない場合は項目ごと送らないでください。',
      'Send only the values defined for this flag, or leave the field out entirely when it is not used.',
    ],
  }),
  K50: fieldCheck({
    label: '項目「PayLimit」精査エラー',
    field: 'PayLimit',
    category: 'cvs',
    shopper: SHOPPER.collection,
    nameJa: '支払期限',
    nameEn: 'payment deadline',
    fix: [
      '支払期限は yyyyMMddHHmm（12桁、日本時間）で、現在より後かつ契約上の上限以内の日時を送信してください（例：7日後の 2359）。',
      'Send the deadline as yyyyMMddHHmm (12 digits, Japan time), later than now and within the contract maximum (for example 23:59 seven days ahead).',
    ],
  }),
  K51: fieldCheck({
    label: '項目「NameKanji」精査エラー',
    field: 'NameKanji',
    category: 'cvs',
    shopper: SHOPPER.collection,
    nameJa: '氏名（漢字）',
    nameEn: 'name in kanji',
    fix: [
      '氏名は全角20文字以内で送信し、半角文字・環境依存文字・絵文字は全角の文字に置き換えるか取り除いてください。',
      'Send the name in at most 20 full-width characters; convert or remove half-width characters, platform-specific characters and emoji.',
    ],
  }),
  K52: fieldCheck({
    label: '項目「NameKana」精査エラー',
    field: 'NameKana',
    category: 'cvs',
    shopper: SHOPPER.collection,
    nameJa: '氏名（カナ）',
    nameEn: 'name in kana',
    fix: [
      'カナ氏名は全角カタカナ20文字以内で送信してください（ひらがな・半角カナは全角カタカナに変換）。',
      'Send the kana name in at most 20 full-width katakana characters (convert hiragana and half-width kana).',
    ],
  }),
  K53: fieldCheck({
    label: '項目「ShouhinName」精査エラー',
    field: 'ShouhinName',
    category: 'cvs',
    shopper: SHOPPER.collection,
    nameJa: '商品名',
    nameEn: 'product name',
    fix: [
      '商品名は全角16文字以内に収めて送信してください（複数商品は「〇〇 他」のように短縮）。',
      'Keep the product name within 16 full-width characters (shorten multiple items to "first item etc.").',
    ],
  }),
  K54: fieldCheck({
    label: '項目「フリーエリア：Free1～7」精査エラー',
    field: 'Free1-Free7',
    category: 'cvs',
    shopper: SHOPPER.collection,
    nameJa: 'フリーエリア',
    nameEn: 'free areas 1 to 7',
    fix: [
      'フリーエリア Free1〜Free7 は各16文字以内（全角）で、使用できない文字を含めずに送信してください。',
      'Keep each of Free1 to Free7 within 16 full-width characters and free of disallowed characters.',
    ],
  }),
  K55: fieldCheck({
    label: '項目「Comment」精査エラー',
    field: 'Comment',
    category: 'cvs',
    shopper: SHOPPER.collection,
    nameJa: 'ご案内1',
    nameEn: 'guidance line 1',
    fix: [
      'ご案内（Comment）は全角30文字以内で送信してください。',
      'Keep Comment (guidance line 1) within 30 full-width characters.',
    ],
  }),
  K56: fieldCheck({
    label: '項目「ご案内：Free8～16」精査エラー',
    field: 'Free8-Free16',
    category: 'cvs',
    shopper: SHOPPER.collection,
    nameJa: 'ご案内2〜10',
    nameEn: 'guidance lines 2 to 10',
    fix: [
      'ご案内 Free8〜Free16 は各全角30文字以内で送信してください。',
      'Keep each of Free8 to Free16 within 30 full-width characters.',
    ],
  }),
  K57: fieldCheck({
    label: '項目「問合せ先：Free17」精査エラー',
    field: 'Free17',
    category: 'cvs',
    shopper: SHOPPER.collection,
    nameJa: '問合せ先',
    nameEn: 'contact name',
    fix: [
      '問合せ先 Free17 は全角21文字以内で送信してください。',
      'Keep Free17 (contact name) within 21 full-width characters.',
    ],
  }),
  K58: fieldCheck({
    label: '項目「問合せ電話：Free18」精査エラー',
    field: 'Free18',
    category: 'cvs',
    shopper: SHOPPER.collection,
    nameJa: '問合せ電話',
    nameEn: 'contact telephone',
    fix: [
      '問合せ電話 Free18 は12文字以内で送信してください。',
      'Keep Free18 (contact telephone) within 12 characters.',
    ],
  }),
  K59: fieldCheck({
    label: '項目「問合せ時間：Free19」精査エラー',
    field: 'Free19',
    category: 'cvs',
    shopper: SHOPPER.collection,
    nameJa: '問合せ時間',
    nameEn: 'contact hours',
    fix: ['問合せ時間 Free19 は11文字以内で送信してください。', 'Keep Free19 (contact hours) within 11 characters.'],
  }),
  K60: fieldCheck({
    label: '項目「戻りURL：ReturnURL」精査エラー。',
    field: 'ReturnURL',
    category: 'cvs',
    shopper: SHOPPER.collection,
    nameJa: '戻りURL（出典により K60 の意味が異なる。docs/response-codes.md 参照）',
    nameEn: 'return URL; sources disagree on K60, see docs/response-codes.md',
    fix: [
      '戻りURL は https で始まる正しい URL を128文字以内で送信してください。出典によっては K60 を「KID」とするものがあるため、KID を送る処理で発生した場合は KID の値も確認してください。',
      'Send ReturnURL as a valid https URL of at most 128 characters. One source reads K60 as the KID check, so if the operation carries KID, check that value too.',
    ],
  }),
  K61: entry({
    category: 'invalid_request',
    label: '項目「オーソリ実行フラグ」精査エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'オーソリ実行フラグの値が不正です。この番号は E42 のみの定義で、W2 は同じ内容を K63 としています（番号がずれている可能性があります）。',
      'The authorisation-execution flag is malformed. Only E42 uses this number; W2 gives the same meaning to K63, so the number may be shifted.',
    ],
    remedy: [
      'オーソリ実行フラグを送る処理では、仕様で定められた値だけを送信してください。送っていないのに発生した場合は、応答コードと送信項目を添えてソニーペイメントサービスに確認してください。',
      'Where the operation carries the authorisation-execution flag, send only the defined values. If you do not send it, ask Sony Payment Services quoting the code and the fields sent.',
    ],
  }),
  K62: entry({
    category: 'invalid_request',
    label: '項目「KID」精査エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['項目 KID の値が不正、または未送信です。', 'The KID field is malformed or missing.'],
    remedy: [
      'KID を送る処理（売上計上・赤伝などの取引）で、ソニーペイメントサービスから指定された形式の値を送信してください。',
      'In operations that carry KID (sales records, refunds and similar), send the value in the format specified by Sony Payment Services.',
    ],
  }),
  K63: entry({
    category: 'invalid_request',
    label: '項目「オーソリ実行フラグ」精査エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'オーソリ実行フラグの値が不正、または未送信です。',
      'The authorisation-execution flag is malformed or missing.',
    ],
    remedy: [
      'オーソリ（与信）を行うかどうかを示すフラグに、仕様で定められた値だけを送信してください。',
      'Send only the defined values in the flag that says whether an authorisation is to be performed.',
    ],
  }),
  K64: entry({
    category: 'invalid_request',
    label: '項目「赤伝区分」精査エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      '赤伝区分（取消・返品の区分）の値が不正、または未送信です。',
      'The refund-type (red-slip) indicator is malformed or missing.',
    ],
    remedy: [
      '赤伝区分には仕様で定められた値だけを送信してください。',
      'Send only the defined values in the refund-type indicator.',
    ],
  }),
  K65: entry({
    category: 'invalid_request',
    label: '項目「カード会社コード」精査エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['カード会社コードの値が不正、または未送信です。', 'The card company code is malformed or missing.'],
    remedy: [
      'カード会社コードには、元取引の応答（CompanyCd）などで得た2文字のコードを加工せずに送信してください。',
      'Send the two-character card company code as obtained, for example from CompanyCd in the original response, unchanged.',
    ],
  }),
  K66: entry({
    category: 'invalid_request',
    label: '項目「承認番号」精査エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['承認番号の値が不正、または未送信です。', 'The approval number is malformed or missing.'],
    remedy: [
      '承認番号には、与信で得た承認番号（ApproveNo、通常7桁）を加工せずに送信してください。',
      'Send the approval number obtained at authorisation (ApproveNo, usually 7 digits) unchanged.',
    ],
  }),
  K67: entry({
    category: 'invalid_request',
    label: '項目「売上計上日」精査エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['売上計上日の値が不正、または未送信です。', 'The sales (booking) date is malformed or missing.'],
    remedy: [
      '売上計上日は yyyyMMdd 形式の実在する日付で送信してください。',
      'Send the sales date as a real date in yyyyMMdd format.',
    ],
  }),
  K68: entry({
    category: 'merchant_configuration',
    label: '会員の登録機能は利用できません。',
    shopper: SHOPPER.contactShop,
    merchant: [
      '会員（カード情報お預かり）機能が契約・設定されていないため、会員を登録できません。',
      'The stored-card (member) service is not contracted or not set up, so members cannot be registered.',
    ],
    remedy: [
      'ソニーペイメントサービスに会員機能（カード情報お預かり）の利用を申し込むか、ショップ側の「カードを登録する」機能を無効にしてください。',
      'Apply to Sony Payment Services for the stored-card (member) service, or switch off the save-card feature in the shop.',
    ],
  }),
  K69: entry({
    category: 'member',
    label: '会員 ID の重複エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      '登録しようとした会員IDはすでに使われています。削除済みの会員IDも再利用できません。',
      'The member ID is already in use. Deleted member IDs cannot be reused either.',
    ],
    remedy: [
      '新しい一意の会員IDを生成して登録し直してください（ショップ会員番号にランダムな値を加えるなど、削除後の再利用が起きない採番にしてください）。既存の会員のカードを変える場合は 4MemAdd ではなく 4MemChg を使ってください。',
      'Generate a new unique member ID and register again (for example the shop customer number plus a random part, so deleted IDs are never reused). To change the card of an existing member use 4MemChg, not 4MemAdd.',
    ],
  }),
  K70: entry({
    category: 'member',
    label: '会員が無効状態ではありません。',
    shopper: SHOPPER.contactShop,
    merchant: [
      '会員が無効状態ではありません。会員の削除（4MemDel）は無効化した会員にしかできません。',
      'The member is not invalidated; only invalidated members can be deleted with 4MemDel.',
    ],
    remedy: [
      '先に 4MemInval で会員を無効化し、成功してから 4MemDel を送信してください。',
      'Send 4MemInval first and, once it succeeded, send 4MemDel.',
    ],
  }),
  K71: entry({
    category: 'member',
    label: '会員 ID の認証エラー。',
    shopper: SHOPPER.storedCard,
    merchant: [
      '会員IDと会員パスワードの組み合わせが一致しません。ショップ側に保存した会員情報と e-SCOTT 側の会員情報の不整合で起こり、会員の無効化の後や、テスト環境で約2か月（60日）以上経った会員、テスト環境と本番環境で同じ会員データを使った場合にも発生します。',
      'The member ID and member password do not match. It is caused by member data on the shop side being out of step with e-SCOTT: it happens after a member was invalidated, for test-environment members older than about two months (60 days), and when the same member data is used in test and production.',
    ],
    remedy: [
      'ショップ側の会員（登録カード）情報を削除して会員を再登録し、購入者にカードを登録し直してもらってください。パスワードを変更した場合は新しい値を保存しているか、無効化した会員のパスワードを消していないかも確認してください。',
      'Delete the stored-card member on the shop side, re-register the member and have the shopper register the card again. Also check that a changed password was saved and that the password of an invalidated member was not thrown away.',
    ],
  }),
  K72: entry({
    category: 'member',
    label: 'カード情報設定エラー。',
    shopper: SHOPPER.storedCard,
    merchant: [
      '会員に紐づくカード情報の設定に誤りがあります（カード情報なしでの登録・変更など）。',
      'The card data attached to the member is wrong (for example a registration or change without card data).',
    ],
    remedy: [
      '会員の登録・変更（4MemAdd/4MemChg）にトークン（またはカード番号と有効期限）を付けて送っているか確認し、必要なら 4MemChg でカードを登録し直してください。',
      'Check that member registration or change (4MemAdd/4MemChg) carries a token (or card number and expiry), and register the card again with 4MemChg if needed.',
    ],
  }),
  K73: entry({
    category: 'member',
    label: '会員が既に有効となっています。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'すでに有効な会員に対して無効解除（4MemUnInval）を送信しました。',
      '4MemUnInval was sent for a member that is already valid.',
    ],
    remedy: [
      '処理は不要です。4MemRef で会員の状態（KaiinStatus）を確認してから操作するようにしてください。',
      'Nothing needs to be done; check the member state (KaiinStatus) with 4MemRef before such operations.',
    ],
  }),
  K74: entry({
    category: 'member',
    label: '会員認証に連続して失敗し、ロックアウトされました。',
    shopper: SHOPPER.storedCard,
    merchant: [
      '会員パスワードによる会員認証に連続して失敗したため、この会員はロックアウトされました。',
      'Member authentication with the member password failed repeatedly, so the member is locked out.',
    ],
    remedy: [
      'ショップ側に保存している KaiinPass が正しいか確認し、誤った値での再送を止めてください。ロックの解除は加盟店管理画面の会員情報で行うか、解除方法をソニーペイメントサービスに問い合わせてください。解除できない場合は会員を削除して再登録してください。',
      'Check the KaiinPass stored on the shop side and stop resending wrong values. Release the lock from the member data in the admin console or ask Sony Payment Services how to release it; otherwise delete and re-register the member.',
    ],
  }),
  K75: entry({
    category: 'member',
    label: '会員は有効ではありません。',
    shopper: SHOPPER.storedCard,
    merchant: [
      '無効化された会員で決済または照会をしようとしました。',
      'A payment or lookup was attempted with an invalidated member.',
    ],
    remedy: [
      '4MemUnInval で無効を解除してから処理してください（無効解除の後、次の処理まで5秒ほど待ってください）。有効期限切れのカードの会員は無効解除できないため、新しいトークンで会員を登録し直してください。',
      'Revalidate the member with 4MemUnInval first and wait about five seconds before the next operation. Members whose card has expired cannot be revalidated: register the member again with a new token.',
    ],
  }),
  K79: entry({
    category: 'member',
    label: '会員判定エラー(カード無効、Login回数無効または会員無効)。',
    shopper: SHOPPER.storedCard,
    merchant: [
      '会員判定エラーです。カードが無効、ログイン（認証）回数による無効、または会員が無効のいずれかです（E2 はカード無効を挙げず、W2 が追加）。',
      'Member judgement error: the card is invalid, the member is blocked by too many logins, or the member is invalid (E2 omits the card case; W2 adds it).',
    ],
    remedy: [
      '4MemRef で会員の状態とカードの有効期限を確認してください。カードの期限切れなら購入者にカード情報を更新してもらい（4MemChg）、無効な会員なら無効解除するか、会員を削除して再登録してください。',
      'Check the member state and card expiry with 4MemRef: for an expired card have the shopper update it (4MemChg); for an invalid member revalidate it or delete and re-register it.',
    ],
  }),
  K80: entry({
    category: 'invalid_request',
    label: '会員 ID 設定不一致(設定が必要)。',
    field: 'KaiinId',
    shopper: SHOPPER.contactShop,
    merchant: [
      '元取引が会員（登録済みカード）で行われているため、後続処理（1Capture/1Delete/1Change/1ReAuth など）にも KaiinId と KaiinPass の設定が必要ですが、送信されていません。（W2/SF の読み方を採用。E2/E42 は逆の説明）',
      'The original transaction was made with a stored-card member, so follow-up operations (1Capture/1Delete/1Change/1ReAuth…) must also carry KaiinId and KaiinPass, and they were not sent. (W2/SF reading; E2/E42 describe it the other way round.)',
    ],
    remedy: [
      '元取引で使った KaiinId と KaiinPass を後続処理の電文にセットして再送してください。',
      'Resend the follow-up with the KaiinId and KaiinPass of the original transaction set in the request.',
    ],
  }),
  K81: entry({
    category: 'invalid_request',
    label: '会員 ID 設定不一致(設定が不要)。',
    field: 'KaiinId',
    shopper: SHOPPER.contactShop,
    merchant: [
      '元取引は会員で行われていないため、後続処理に KaiinId と KaiinPass をセットしてはいけませんが、送信されています。（W2/SF の読み方を採用。E2/E42 は逆の説明）',
      'The original transaction was not made with a member, so follow-up operations must not carry KaiinId and KaiinPass, yet they were sent. (W2/SF reading; E2/E42 describe it the other way round.)',
    ],
    remedy: [
      'KaiinId と KaiinPass を送信しない（空にする）で後続処理を再送してください。WooCommerce・Welcart のモジュールも K81 のときは会員項目を外して1回だけ再試行しています。',
      'Resend the follow-up without KaiinId and KaiinPass (leave them out). The WooCommerce and Welcart modules do the same: on K81 they retry once without the member fields.',
    ],
  }),
  K82: entry({
    category: 'declined',
    declineKind: 'hard',
    label: 'カード番号の入力内容不正。',
    shopper: SHOPPER.cardUnusable,
    merchant: ['入力されたカード番号の内容が正しくありません。', 'The card number entered is not correct.'],
    remedy: [
      '購入者にカード番号を確認して入力し直してもらってください。',
      'Ask the shopper to check and re-enter the card number.',
    ],
  }),
  K83: entry({
    category: 'declined',
    declineKind: 'hard',
    label: 'カード有効期限の入力内容不正。',
    shopper: SHOPPER.cardUnusable,
    merchant: ['入力されたカード有効期限の内容が正しくありません。', 'The card expiry entered is not correct.'],
    remedy: [
      '購入者にカードの有効期限（月・年）を確認して入力し直してもらってください。',
      'Ask the shopper to check and re-enter the expiry month and year.',
    ],
  }),
  K84: entry({
    category: 'member',
    label: '会員 ID の入力内容不正。',
    shopper: SHOPPER.storedCard,
    merchant: ['送信された会員IDの内容が正しくありません。', 'The member ID sent is not correct.'],
    remedy: MEMBER_DATA_REMEDY,
  }),
  K85: entry({
    category: 'member',
    label: '会員パスワードの入力内容不正。',
    shopper: SHOPPER.storedCard,
    merchant: ['送信された会員パスワードの内容が正しくありません。', 'The member password sent is not correct.'],
    remedy: MEMBER_DATA_REMEDY,
  }),
  K86: fieldCheck({
    label: '項目「処理番号：ProcNo」精査エラー。',
    field: 'ProcNo',
    nameJa: '処理番号',
    nameEn: 'process number',
    fix: [
      '3Dセキュア（OTDS010）やリンク型の電文では、処理番号を7桁の数字（例 0000000）で送信してください。',
      'For 3-D Secure (OTDS010) and hosted-page requests send ProcNo as 7 digits (for example 0000000).',
    ],
  }),
  K87: fieldCheck({
    label: '項目「POST用URL：PostUrl」精査エラー。',
    field: 'PostUrl',
    nameJa: '結果通知（POST）用 URL',
    nameEn: 'server-to-server result URL',
    fix: [
      'PostUrl は https で始まる完全な URL を送信してください。RedirectUrl には64文字の上限が知られているため、PostUrl も短い URL（必要なら短い中継 URL）にしておくと安全です。',
      'Send PostUrl as a complete https URL. RedirectUrl is known to be limited to 64 characters, so keeping PostUrl short as well (through a short relay URL if needed) is the safe choice.',
    ],
  }),
  K88: entry({
    category: 'transaction_state',
    label: '元取引重複エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      '元取引が重複しています。同じ元取引に対する処理が二重に受け付けられようとしています。',
      'The original transaction is duplicated: the same follow-up appears to be submitted twice.',
    ],
    remedy: [
      '同じ処理を二重に送っていないか確認し、1Search で取引の状態を確かめてください。続く場合は応答コードと日時を添えてソニーペイメントサービスに問い合わせてください。',
      'Check that the same operation was not submitted twice and verify the state with 1Search; if it persists, contact Sony Payment Services quoting the code and the time.',
    ],
  }),
  K89: fieldCheck({
    label: '処理番号の重複エラー。',
    field: 'ProcNo',
    nameJa: '処理番号（すでに使用済み）',
    nameEn: 'process number, already used',
    fix: [
      '使用済みの処理番号を使い回さず、新しい処理番号を採番して最初からやり直してください。',
      'Do not reuse a process number: assign a new ProcNo and start the flow again.',
    ],
  }),
  K95: entry({
    category: 'invalid_request',
    label: 'フォーマットエラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      '送信されたデータ（ファイル）の形式が仕様と異なります。',
      'The data (file) sent does not have the specified format.',
    ],
    remedy: [
      'ソニーペイメントサービス指定のフォーマット・文字コード・項目順でデータを作成し直して送信してください。',
      'Rebuild the data in the format, character set and field order specified by Sony Payment Services and send it again.',
    ],
  }),
  K96: entry({
    category: 'system',
    retryable: true,
    label: '本システム通信障害発生（タイムアウト）。',
    shopper: SHOPPER.tryLater,
    merchant: [
      'e-SCOTT 内部で通信障害（タイムアウト）が発生しました。',
      'A communication failure (time-out) occurred inside e-SCOTT.',
    ],
    remedy: [
      'しばらく時間をおいて同じ内容で再送してください。与信・売上の処理では、再送前に 1Search や加盟店管理画面で取引が作成されていないか確認し、二重請求を防いでください。障害案内が届いていないかも確認してください。',
      'Resend the same request after a while. For authorisations and captures, first check with 1Search or the admin console that no transaction was created, to avoid charging twice, and look for outage notices.',
    ],
  }),
  K97: entry({
    category: 'system',
    retryable: true,
    label: '本システム停止中',
    shopper: SHOPPER.tryLater,
    merchant: [
      'e-SCOTT が停止中です（計画メンテナンスなど）。テスト環境は毎週水曜日終日メンテナンスで、営業時間外も止まることがあります。',
      'e-SCOTT is stopped (planned maintenance and similar). The test environment is down all day every Wednesday and may be unavailable outside business hours.',
    ],
    remedy: TEMPORARY_REMEDY,
  }),
  K98: entry({
    category: 'system',
    retryable: true,
    label: '本システム内部で軽度障害が発生。',
    shopper: SHOPPER.tryLater,
    merchant: ['e-SCOTT 内部で軽度の障害が発生しました。', 'A minor failure occurred inside e-SCOTT.'],
    remedy: TEMPORARY_REMEDY,
  }),
  K99: entry({
    category: 'merchant_configuration',
    label: 'その他例外エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'その他例外エラーです。運用マニュアルの FAQ では、サービス開始日に達していない、または加盟店管理画面の IPアドレス制限の設定が正しくない（e-SCOTT に接続するサーバーの IPアドレスが許可されていない）ことが原因に挙げられています。',
      'Other exception. The FAQ of the operation manuals names two causes: the service start date has not been reached yet, or the IP address restriction in the merchant admin console is not set correctly (the IP address of the server connecting to e-SCOTT is not allowed).',
    ],
    remedy: [
      '契約のサービス開始日（本番の利用開始日）を過ぎているか確認してください。加盟店管理画面の IPアドレス制限に、e-SCOTT へ接続するサーバーの送信元グローバル IPアドレスを正しく登録してください（サーバー移転・クラウドの IP 変更後は特に注意）。どちらにも当てはまらない場合は、応答コードと日時を添えてソニーペイメントサービスに問い合わせてください。',
      "Check that the contract's service start date (production start) has passed. Register the outgoing public IP address of the server that connects to e-SCOTT in the IP address restriction of the merchant admin console (watch out after a server move or a cloud IP change). If neither applies, contact Sony Payment Services quoting the code and the time.",
    ],
  }),
}
