/** G-codes: answers from the card issuer or the card network (CAFIS). */
import type { CodeEntryData } from './types.js'
import { ISSUER_REMEDY, SHOPPER, TEMPORARY_REMEDY, entry } from './catalog-shared.js'

export const G_CODES: Record<string, CodeEntryData> = {
  G12: entry({
    category: 'declined',
    declineKind: 'soft',
    label: 'カード使用不可。',
    shopper: SHOPPER.cardUnusable,
    merchant: ['カード発行会社がカードの利用を拒否しました。', 'The card issuer refused the card.'],
    remedy: ISSUER_REMEDY,
  }),
  G22: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '支払永久禁止。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'カード発行会社がこのカードでの支払いを恒久的に禁止しています（E2/E42 のラベルは「G22 が設定されている」）。',
      'The card issuer has permanently barred payments with this card (E2/E42 only say "G22 is set").',
    ],
    remedy: [
      'このカードでは今後も決済できません。購入者に別のカードの利用を案内してください。理由は発行会社が購入者本人にのみ説明します。',
      'This card will never be accepted again: ask the shopper to use another card. Only the issuer can tell the cardholder why.',
    ],
  }),
  G30: entry({
    category: 'declined',
    declineKind: 'soft',
    label: '取引判定保留。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'カード発行会社が取引の判定を保留し、承認しませんでした（発行会社側のモニタリングによる保留とみられます）。',
      'The issuer put its decision on hold and did not approve the transaction (most likely held by its fraud monitoring).',
    ],
    remedy: [
      '購入者にカード発行会社へ連絡してもらい、確認が済んでから改めて決済してもらうか、別のカードを案内してください。',
      'Ask the shopper to call the card issuer and pay again once the issuer has cleared the card, or to use another card.',
    ],
  }),
  G42: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '暗証番号エラー。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'カード発行会社が暗証番号の誤りとして拒否しました。',
      'The issuer refused the transaction because of a PIN error.',
    ],
    remedy: ISSUER_REMEDY,
  }),
  G44: entry({
    category: 'declined',
    declineKind: 'hard',
    label: 'セキュリティコード誤り。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'カード発行会社が、送信されたセキュリティコードはカードの登録内容と一致しないと判定しました。',
      'The issuer found that the security code sent does not match the card.',
    ],
    remedy: [
      '購入者にカード裏面（American Express は表面）のセキュリティコードを確認して入力し直してもらってください。繰り返し失敗する場合はカード発行会社への確認か別のカードを案内してください。',
      'Ask the shopper to check the security code on the back of the card (front for American Express) and enter it again; if it keeps failing, ask them to contact the issuer or use another card.',
    ],
  }),
  G45: entry({
    category: 'declined',
    declineKind: 'hard',
    label: 'セキュリティコード入力無。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'カード発行会社がセキュリティコードを必須としていますが、取引にセキュリティコードが含まれていません。',
      'The issuer requires the security code but the transaction carried none.',
    ],
    remedy: [
      'カード入力フォームでセキュリティコードを必須にし、トークン作成時に必ず渡してください。加盟店管理画面の認証アシスト設定（セキュリティコード）とショップ側の設定を一致させてください。',
      'Make the security code mandatory in the card form and always pass it when creating the token; keep the shop setting and the authentication-assist (security code) setting of the admin console in line.',
    ],
  }),
  G54: entry({
    category: 'declined',
    declineKind: 'soft',
    label: '利用回数エラー。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'このカードの1日あたりの利用回数または利用金額の上限を超えたため、発行会社が拒否しました。',
      "The card's daily limit on the number of uses or the amount was exceeded, so the issuer refused it.",
    ],
    remedy: [
      '購入者に日を改めての決済か、別のカードの利用を案内してください。短時間に同じカードで決済が繰り返されていないかも確認してください。',
      'Ask the shopper to pay on another day or with another card, and check that the same card was not tried many times in a short period.',
    ],
  }),
  G55: entry({
    category: 'declined',
    declineKind: 'soft',
    label: '限度額オーバー。',
    shopper: SHOPPER.cardUnusable,
    merchant: ['カードの利用可能枠（限度額）を超えています。', "The amount exceeds the card's available credit limit."],
    remedy: [
      '購入者に別のカードの利用、または利用枠についてカード発行会社への確認を案内してください。',
      'Ask the shopper to use another card or to ask the issuer about the credit limit.',
    ],
  }),
  G56: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '無効カード。',
    shopper: SHOPPER.cardUnusable,
    merchant: ['カード発行会社がカードを無効と判定しました。', 'The issuer reports the card as invalid.'],
    remedy: ISSUER_REMEDY,
  }),
  G60: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '事故カード。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      '紛失・盗難などの事故カードとして登録されているカードです。',
      'The card is registered as lost, stolen or otherwise compromised.',
    ],
    remedy: [
      '決済を受け付けず、購入者には別のカードを案内してください（理由は購入者に伝えないでください）。不正利用の可能性があるため、同じ購入者・配送先の他の注文も確認してください。',
      'Do not accept the payment and ask for another card without telling the shopper the reason. Fraud is possible: review other orders from the same shopper or delivery address.',
    ],
  }),
  G61: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '無効カード。',
    shopper: SHOPPER.cardUnusable,
    merchant: ['カード発行会社が無効なカードとして拒否しました。', 'The issuer refused the card as invalid.'],
    remedy: ISSUER_REMEDY,
  }),
  G65: entry({
    category: 'declined',
    declineKind: 'hard',
    label: 'カード番号エラー。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'カード番号が誤っているか、カード発行会社に存在しない番号です。',
      'The card number is wrong or does not exist at the issuer.',
    ],
    remedy: [
      '購入者にカード番号を確認して入力し直してもらってください。誤りがない場合は別のカードを案内してください。',
      'Ask the shopper to check and re-enter the card number; if it is correct, ask for another card.',
    ],
  }),
  G68: entry({
    category: 'declined',
    declineKind: 'soft',
    label: '金額エラー。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'カード発行会社が取引金額を受け付けませんでした（金額の上限・下限など発行会社の条件）。',
      "The issuer did not accept the amount (outside the issuer's limits).",
    ],
    remedy: [
      '送信した Amount が円単位の正しい整数か確認してください。正しい場合は、購入者にカード発行会社への確認か別のカードの利用を案内してください。',
      'Check that the Amount sent is a correct whole number of yen; if it is, ask the shopper to contact the issuer or use another card.',
    ],
  }),
  G72: entry({
    category: 'declined',
    declineKind: 'hard',
    label: 'ボーナス額エラー。',
    shopper: SHOPPER.paymentOption,
    merchant: [
      'ボーナス払いの金額がカード発行会社の条件を満たしていません。',
      "The bonus-payment amount does not meet the issuer's conditions.",
    ],
    remedy: [
      '購入者に一括払いなどボーナス払い以外の支払方法を選んでもらってください。',
      'Ask the shopper to choose a payment option other than bonus payment, such as a single payment.',
    ],
  }),
  G74: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '分割回数エラー。',
    shopper: SHOPPER.paymentOption,
    merchant: [
      '指定した分割回数はこのカードでは利用できません。',
      'The number of instalments requested is not available for this card.',
    ],
    remedy: [
      '購入者に別の分割回数または一括払いを選んでもらってください。送信した PayType が購入者の選択どおりかも確認してください。',
      'Ask the shopper to choose another number of instalments or a single payment, and check that the PayType sent matches their choice.',
    ],
  }),
  G75: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '分割金額エラー。',
    shopper: SHOPPER.paymentOption,
    merchant: [
      '分割払いの1回あたりの金額がカード発行会社の下限を下回るなど、分割の条件を満たしていません。',
      "The instalment amount is below the issuer's minimum or otherwise does not meet its conditions.",
    ],
    remedy: [
      '購入者に分割回数を減らすか一括払いを選んでもらってください。少額の注文では分割払いを選択肢から外すことも検討してください。',
      'Ask the shopper to choose fewer instalments or a single payment; consider hiding instalments for small orders.',
    ],
  }),
  G78: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '支払区分エラー。',
    shopper: SHOPPER.paymentOption,
    merchant: [
      '指定した支払区分（PayType）はこのカードでは利用できません。',
      'The payment type (PayType) requested is not available for this card.',
    ],
    remedy: [
      '購入者に一括払い（PayType 01）など別の支払区分を選んでもらってください。',
      'Ask the shopper to choose another payment type such as a single payment (PayType 01).',
    ],
  }),
  G83: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '有効期限エラー。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'カード発行会社が有効期限の誤り、または期限切れとして拒否しました。',
      'The issuer refused the expiry date as wrong or expired.',
    ],
    remedy: [
      '購入者にカードの有効期限（月・年）を確認して入力し直してもらってください。期限切れの場合は新しいカードの利用を案内してください。',
      'Ask the shopper to check and re-enter the expiry month and year; if the card has expired, ask for the renewed card.',
    ],
  }),
  G84: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '承認番号エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['カード発行会社が承認番号を不正として拒否しました。', 'The issuer rejected the approval number.'],
    remedy: [
      '承認番号を送信する処理の場合は、カード会社から得た承認番号を正しく送っているか確認してください。通常の与信で発生した場合は、購入者にカード発行会社への確認か別のカードを案内してください。',
      'If the operation carries an approval number, check that the number obtained from the card company is sent correctly; for an ordinary authorisation, ask the shopper to contact the issuer or use another card.',
    ],
  }),
  G85: entry({
    category: 'declined',
    declineKind: 'soft',
    label: 'CAFIS 代行エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'カード会社に代わって CAFIS（カード決済ネットワーク）が代行処理を行い、取引を承認しませんでした。',
      'CAFIS (the card network) answered on behalf of the card company and did not approve the transaction.',
    ],
    remedy: [
      '購入者にカード発行会社への確認か別のカードの利用を案内してください。多くのカードで続けて発生する場合は、応答コードと日時を添えてソニーペイメントサービスに問い合わせてください。',
      'Ask the shopper to contact the issuer or use another card. If it happens for many cards, contact Sony Payment Services quoting the code and the time.',
    ],
  }),
  G92: entry({
    category: 'declined',
    declineKind: 'soft',
    label: 'カード会社任意エラー。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'カード会社が独自の判断で取引を承認しませんでした。',
      'The card company refused the transaction at its own discretion.',
    ],
    remedy: ISSUER_REMEDY,
  }),
  G94: entry({
    category: 'system',
    label: 'サイクル通番エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'カード会社との通信電文の通番（サイクル通番）に不整合が発生しました。カードの可否ではなくネットワーク側の問題です。',
      'The sequence number of the message exchanged with the card company was inconsistent: a network-side problem, not a verdict on the card.',
    ],
    remedy: [
      '加盟店管理画面または 1Search で取引が作成されていないことを確認してから、改めて決済してください。続く場合は応答コードと日時を添えてソニーペイメントサービスに問い合わせてください。',
      'Check in the admin console or with 1Search that no transaction was created, then take the payment again; if it persists, contact Sony Payment Services quoting the code and the time.',
    ],
  }),
  G95: entry({
    category: 'system',
    retryable: true,
    label: '当該業務オンライン終了。',
    shopper: SHOPPER.tryLater,
    merchant: [
      'カード会社側でこの業務のオンライン受付が終了しています（夜間やメンテナンスの時間帯など）。',
      "The card company's online service for this kind of transaction is closed (night-time or maintenance window).",
    ],
    remedy: TEMPORARY_REMEDY,
  }),
  G96: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '事故ｶｰﾄﾞデータエラー。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'カードが事故カードのデータに該当したため拒否されました。',
      'The card matched the list of compromised cards and was refused.',
    ],
    remedy: [
      '決済を受け付けず、購入者には理由を伝えずに別のカードを案内してください。不正利用の可能性があるため、同じ購入者の他の注文も確認してください。',
      'Do not accept the payment; ask for another card without telling the reason, and review other orders from the same shopper because fraud is possible.',
    ],
  }),
  G97: entry({
    category: 'declined',
    declineKind: 'soft',
    label: '当該要求拒否。',
    shopper: SHOPPER.cardUnusable,
    merchant: ['カード会社がこの要求そのものを拒否しました。', 'The card company refused this request.'],
    remedy: ISSUER_REMEDY,
  }),
  G98: entry({
    category: 'declined',
    declineKind: 'hard',
    label: '当該自社対象業務エラー。',
    shopper: SHOPPER.cardUnusable,
    merchant: [
      'カード会社がこの種類の取引を取り扱っていません（カードの種類や業務が対象外）。',
      'The card company does not handle this kind of transaction for this card.',
    ],
    remedy: [
      '購入者に別のカード（別の発行会社・ブランド）の利用を案内してください。',
      'Ask the shopper to use another card, from another issuer or brand.',
    ],
  }),
  G99: entry({
    category: 'system',
    label: '接続要求自社受付拒否。',
    shopper: SHOPPER.contactShop,
    merchant: [
      'カード会社のシステムが接続要求の受付を拒否しました。カードそのものの判定ではなく、カード会社側の受付の問題です。',
      "The card company's system refused to accept the connection request: a problem on the card company's side rather than a verdict on the card.",
    ],
    remedy: [
      '購入者には別のカードの利用を案内してください。同じカード会社で続けて発生する場合は、障害案内を確認のうえ、応答コードと日時を添えてソニーペイメントサービスに問い合わせてください。',
      'Offer the shopper another card. If it keeps happening for the same card company, check for outage notices and contact Sony Payment Services quoting the code and the time.',
    ],
  }),
}
