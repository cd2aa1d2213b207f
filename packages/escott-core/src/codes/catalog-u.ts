/** U-codes: EMV 3-D Secure (OTDS010) authentication results and errors. */
import type { CodeEntryData } from './types.js'
import { SHOPPER, TEMPORARY_REMEDY, entry } from './catalog-shared.js'

const OTHER_CARD = [
  '購入者に別のカードの利用を案内してください。3Dセキュアを必須にしていない運用であれば、3Dセキュアなしの決済に切り替えるかどうかは加盟店のリスク判断になります（カード会社の規則・ガイドラインに従ってください）。',
  'Offer the shopper another card. Whether to fall back to a payment without 3-D Secure is a risk decision for the merchant and must follow the card-brand rules and the Japanese security guideline.',
] as const

export const U_CODES: Record<string, CodeEntryData> = {
  U01: entry({
    category: 'three_d_secure',
    label: 'カード発行会社でのID登録なし。',
    shopper: SHOPPER.authFailed,
    merchant: ['購入者がカード発行会社で3Dセキュア（本人認証サービス）の登録をしていません。', 'The cardholder has not registered for 3-D Secure with the card issuer.'],
    remedy: [
      '購入者にカード発行会社で本人認証サービスの登録をしてもらうか、別のカードの利用を案内してください。',
      "Ask the shopper to register for the issuer's identity-check service, or to use another card.",
    ],
  }),
  U02: entry({
    category: 'three_d_secure',
    label: '3Dセキュア未対応カード発行会社。',
    shopper: SHOPPER.authFailed,
    merchant: ['カード発行会社が3Dセキュアに対応していません。', 'The card issuer does not support 3-D Secure.'],
    remedy: OTHER_CARD,
  }),
  U03: entry({
    category: 'three_d_secure',
    retryable: true,
    label: 'ネットワーク等でのエラー発生。',
    shopper: SHOPPER.tryLater,
    merchant: [
      'ブランドまたはカード発行会社の認証サーバーの障害・ネットワークエラーで、本人認証ができませんでした。',
      "Authentication could not run because of a failure of the brand's or issuer's server or the network.",
    ],
    remedy: TEMPORARY_REMEDY,
  }),
  U04: entry({
    category: 'three_d_secure',
    label: '3Dセキュア本人認証NG。',
    shopper: SHOPPER.authFailed,
    merchant: [
      '3Dセキュアの本人認証に失敗しました（パスワード・ワンタイムパスワードの誤りなど）。カード会社の基準により、認証画面を表示せずに NG となる場合もあります。',
      "3-D Secure authentication failed (wrong password or one-time code, for example). Depending on the card company's rules it can fail without the challenge screen being shown.",
    ],
    remedy: [
      '購入者に、カード発行会社の本人認証（パスワード・ワンタイムパスワード）を確認のうえ最初からやり直すか、別のカードを使うよう案内してください。認証に失敗した取引は与信されていないため、そのまま再送しないでください。',
      "Ask the shopper to check the issuer's identity check (password or one-time code) and start again, or to use another card. No authorisation was made, and resending the same request will not help.",
    ],
  }),
  U05: entry({
    category: 'three_d_secure',
    label: '3Dセキュア改ざんチェックNG。',
    shopper: SHOPPER.contactShop,
    merchant: ['認証システムの改ざんチェックで NG となり、3Dセキュア認証に失敗しました。', 'The authentication system detected tampering and 3-D Secure authentication failed.'],
    remedy: [
      'OTDS010 に送る EncryptValue をソニーペイメントサービスから発行された AES キー・IV で暗号化しているか、送信や中継の途中で値を書き換えていないかを確認してください。購入者には最初からやり直してもらってください。',
      'Check that the EncryptValue posted to OTDS010 is encrypted with the AES key and IV issued by Sony Payment Services and that nothing rewrites it on the way (relay pages included); ask the shopper to start again.',
    ],
  }),
  U06: entry({
    category: 'three_d_secure',
    retryable: true,
    label: 'セッションの有効期限切れ。',
    shopper: SHOPPER.timeout,
    merchant: [
      '購入者の操作が時間内に終わらず、3Dセキュアのセッションが期限切れになりました（WooCommerce の説明では40分超）。',
      "The shopper did not finish in time and the 3-D Secure session expired (over 40 minutes according to WooCommerce's text).",
    ],
    remedy: ['購入者に最初から決済をやり直してもらってください（新しいトークン・新しい処理番号で開始）。', 'Have the shopper start the payment again (new token, new ProcNo).'],
  }),
  U07: entry({
    category: 'three_d_secure',
    label: '重複した受付。',
    shopper: SHOPPER.contactShop,
    merchant: [
      '認証システムでの処理中に、同じ電文を重複して受け付けました（ボタンの二重クリックやブラウザの再送など）。',
      'The authentication system received the same message again while processing it (double click, browser resubmission…).',
    ],
    remedy: [
      '先に送った処理の結果（戻り先 URL への結果通知）を待ち、重複して送信しないでください。自動送信フォームの二重送信を防止してください。1Search で取引の有無も確認してください。',
      'Wait for the result of the first submission (the post-back to the return URL) instead of sending again; guard the auto-submit form against double submission, and check with 1Search whether a transaction exists.',
    ],
  }),
  U08: entry({
    category: 'three_d_secure',
    label: '退避したセッション情報が削除されていた。',
    shopper: SHOPPER.timeout,
    merchant: [
      'セッション情報が削除された後に、同じ電文を重複して受け付けました（戻るボタン・再読み込みによる再送など）。',
      'A duplicate message arrived after the session data had already been deleted (back button or reload resubmitting the form).',
    ],
    remedy: [
      '購入者に最初から決済をやり直してもらってください。最初の送信の結果を 1Search で確認し、戻る・再読み込みで同じフォームが再送されない画面遷移にしてください。',
      'Have the shopper start again, check the result of the first submission with 1Search, and design the pages so that back or reload do not resubmit the form.',
    ],
  }),
  U09: entry({
    category: 'three_d_secure',
    label: '3Dセキュア対象外ブランド。',
    shopper: SHOPPER.authFailed,
    merchant: ['このカードのブランドは3Dセキュアの対象外（契約で3Dセキュアを利用できないブランド）です。', "This card's brand is not covered by 3-D Secure (not available for it under the contract)."],
    remedy: OTHER_CARD,
  }),
  U10: entry({
    category: 'three_d_secure',
    retryable: true,
    label: 'ブランドサーバーが停止、または接続不可。',
    shopper: SHOPPER.tryLater,
    merchant: ['ブランドの認証サーバーが停止しているか接続できないため、3Dセキュア認証ができませんでした。', "3-D Secure could not run because the brand's server is stopped or unreachable."],
    remedy: TEMPORARY_REMEDY,
  }),
  U11: entry({
    category: 'three_d_secure',
    label: '認証システム精査エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['3Dセキュア認証システムへの電文の形式チェックでエラーになりました。', 'The message sent to the 3-D Secure authentication system failed its format check.'],
    remedy: [
      'OTDS010 に送る項目（2024年8月から必須となったカード名義などの項目、RedirectUrl は64文字以内など）を仕様どおりに設定しているか確認してください。',
      'Check the fields sent to OTDS010 against the specification (for example the cardholder-name items mandatory since August 2024, and RedirectUrl of at most 64 characters).',
    ],
  }),
  U12: entry({
    category: 'three_d_secure',
    label: '加盟店認証エラー。',
    shopper: SHOPPER.contactShop,
    merchant: [
      '3Dセキュア認証システムでの加盟店認証に失敗しました（3Dセキュアの加盟店登録・設定の問題）。',
      "Merchant authentication at the 3-D Secure system failed (a problem with the merchant's 3-D Secure registration or settings).",
    ],
    remedy: [
      'マーチャントID・マーチャントパスワード・3Dセキュア用の AES キーと IV を確認し、3Dセキュアの利用申請と開通日をソニーペイメントサービスに確認してください。',
      'Check the MerchantId, MerchantPass and the 3-D Secure AES key and IV, and confirm the 3-D Secure application and activation date with Sony Payment Services.',
    ],
  }),
  U13: entry({
    category: 'three_d_secure',
    label: '認証システム項目エラー。',
    shopper: SHOPPER.contactShop,
    merchant: ['3Dセキュア認証システムに送った項目の内容に誤りがあります。', 'An item sent to the 3-D Secure authentication system has invalid content.'],
    remedy: [
      '3Dセキュアの必須項目（カード名義・メールアドレスなど、2024年8月以降に必須化された項目を含む）を正しい形式で送っているか確認してください。',
      'Check that the mandatory 3-D Secure items (cardholder name, e-mail address and the others made mandatory from August 2024) are sent in the right format.',
    ],
  }),
  U14: entry({
    category: 'three_d_secure',
    retryable: true,
    label: 'メンテナンスによるシステムエラー。',
    shopper: SHOPPER.tryLater,
    merchant: ['3Dセキュア認証システムがメンテナンス中です。', 'The 3-D Secure authentication system is under maintenance.'],
    remedy: [
      '計画停止の案内が届いている場合は、停止の終了を待ってから再処理してください。続く場合はソニーペイメントサービスに問い合わせてください。',
      'If a planned stop was announced, wait for it to end and process again; if it persists, contact Sony Payment Services.',
    ],
  }),
  U15: entry({
    category: 'three_d_secure',
    label: 'アテンプト',
    shopper: SHOPPER.authFailed,
    merchant: [
      '本人認証は行われず、アテンプト（カード発行会社が認証に参加していない状態での認証試行）として扱われました（SecureResultCode 4 に対応）。',
      'No authentication took place: the attempt was recorded as an "attempt" (the issuer did not take part), matching SecureResultCode 4.',
    ],
    remedy: [
      'アテンプト取引を受け付けるかどうかは加盟店のリスク判断です。受け付けない場合は購入者に別のカードを案内してください。判断基準はソニーペイメントサービスとカード会社の規則に確認してください。',
      'Whether to accept attempt transactions is a merchant risk decision; if not, offer the shopper another card. Check the rules with Sony Payment Services and the card brands.',
    ],
  }),
  U95: entry({
    category: 'three_d_secure',
    retryable: true,
    label: 'システムエラー。',
    shopper: SHOPPER.tryLater,
    merchant: ['3Dセキュア認証システムで一時的なシステムエラーが発生しました。', 'A temporary system error occurred in the 3-D Secure authentication system.'],
    remedy: TEMPORARY_REMEDY,
  }),
  U96: entry({
    category: 'three_d_secure',
    retryable: true,
    label: 'タイムアウト。',
    shopper: SHOPPER.tryLater,
    merchant: ['3Dセキュア認証システムの処理がタイムアウトしました。', 'Processing in the 3-D Secure authentication system timed out.'],
    remedy: [
      '障害の案内が届いている場合は復旧の連絡を待ってから再処理してください。再処理の前に 1Search で取引が作成されていないか確認してください。',
      'If an outage was announced, wait for the recovery notice before processing again, and check with 1Search that no transaction was created.',
    ],
  }),
  U99: entry({
    category: 'three_d_secure',
    retryable: true,
    label: '想定外エラー。',
    shopper: SHOPPER.tryLater,
    merchant: ['3Dセキュア認証で想定外のエラーが発生しました。', 'An unexpected error occurred during 3-D Secure authentication.'],
    remedy: TEMPORARY_REMEDY,
  }),
}
