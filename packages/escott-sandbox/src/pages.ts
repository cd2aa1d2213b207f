/** HTML pages the sandbox serves to browsers: 3-D Secure challenge / return form, error pages, the CVS payment place. */
import type { CvsRecord } from './state.js'
import { escapeHtml } from './util.js'

const STYLE = `<style>
body{font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:640px;margin:32px auto;background:#fff;border-radius:10px;box-shadow:0 1px 4px #0002;padding:24px 28px}
.banner{background:#b3261e;color:#fff;text-align:center;padding:6px;font-size:13px}
h1{font-size:20px;margin-top:0} table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #e3e6ea;padding:6px 8px;text-align:left;font-size:14px}
button{font-size:16px;padding:10px 18px;border-radius:6px;border:0;cursor:pointer;margin-right:8px}
.ok{background:#1a7f37;color:#fff}.ng{background:#b3261e;color:#fff}.code{font-family:ui-monospace,monospace;font-weight:bold}
select{font-size:16px;padding:6px}
</style>`

const BANNER = '<div class="banner">escott-sandbox — 開発専用 / FOR DEVELOPMENT ONLY — no real payment happens here</div>'

export function layout(title: string, body: string): string {
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>${STYLE}</head><body>${BANNER}<main>${body}</main></body></html>`
}

export function errorPage(code: string, message: string): string {
  // Only a gateway-style code (K12, NG, 404…) is shown as ResponseCd; a parameter name is not a response code.
  const shown = /^(?:[A-Z][A-Z0-9]{1,3}|\d{3})$/.test(code) ? `<p>ResponseCd: <span class="code" id="response-cd">${escapeHtml(code)}</span></p>` : ''
  return layout(`エラー ${code}`, `<h1>エラー / Error</h1>${shown}<p id="error-message">${escapeHtml(message)}</p>`)
}

/** `yyyyMMddHHmmss` as `yyyy/MM/dd HH:mm` (Japan time, as the gateway writes it). */
function readableTokyo(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(stamp)
  return m ? `${m[1]}/${m[2]}/${m[3]} ${m[4]}:${m[5]}` : stamp
}

/** Auto-submitting form returning the encrypted 3-D Secure result to the merchant's RedirectUrl. */
export function autoPostPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('')
  return `<!doctype html><html><head><meta charset="utf-8"><title>3-D Secure</title></head><body onload="document.forms[0].submit()">
<p>ショップへ戻ります… / Returning to the shop…</p>
<form method="post" action="${escapeHtml(action)}">${inputs}<noscript><button type="submit">ショップへ戻る / Continue</button></noscript></form></body></html>`
}

export function challengePage(p: { session: string; maskedCardNo: string; amount?: string; merchantName: string; action: string }): string {
  return layout(
    '3-Dセキュア 本人認証',
    `<h1>3-Dセキュア 本人認証 (sandbox)</h1>
<p>カード発行会社の本人認証画面の代わりです。結果を選んでください。<br>Stand-in for the issuer's authentication page: choose the outcome.</p>
<table><tr><th>加盟店 / Merchant</th><td>${escapeHtml(p.merchantName)}</td></tr>
<tr><th>カード番号 / Card</th><td>${escapeHtml(p.maskedCardNo)}</td></tr>
${p.amount ? `<tr><th>金額 / Amount</th><td>${escapeHtml(Number(p.amount).toLocaleString('ja-JP'))}円</td></tr>` : ''}</table>
<form method="post" action="${escapeHtml(p.action)}" style="margin-top:20px">
<input type="hidden" name="session" value="${escapeHtml(p.session)}">
<button class="ok" id="approve" name="action" value="approve">承認 (approve)</button>
<button class="ng" id="fail" name="action" value="fail">失敗 (fail)</button>
</form>`,
  )
}

/** Store names by CvsCd. */
export const CVS_STORES: ReadonlyArray<[string, string]> = [
  ['SEV', 'セブン-イレブン'],
  ['LSN', 'ローソン'],
  ['FAM', 'ファミリーマート'],
  ['MNS', 'ミニストップ'],
  ['DAY', 'デイリーヤマザキ'],
  ['SCM', 'セイコーマート'],
  ['ATM', 'Pay-easy (ATM)'],
  ['ONL', 'Pay-easy (ネットバンキング)'],
]

function fmtLimit(payLimit: string): string {
  return `${payLimit.slice(0, 4)}/${payLimit.slice(4, 6)}/${payLimit.slice(6, 8)} ${payLimit.slice(8, 10)}:${payLimit.slice(10, 12)}`
}

export function paymentPlacePage(c: CvsRecord, expired: boolean, payPath: string, code: string): string {
  const info = `<table><tr><th>決済番号 / Payment number</th><td id="kessai-number">${escapeHtml(c.kessaiNumber)}</td></tr>
<tr><th>商品 / Item</th><td>${escapeHtml(c.shouhinName)}</td></tr>
<tr><th>お名前 / Name</th><td>${escapeHtml(c.nameKanji)}</td></tr>
<tr><th>金額 / Amount</th><td id="amount">${escapeHtml(c.amount.toLocaleString('ja-JP'))}円</td></tr>
<tr><th>お支払期限 / Pay by</th><td>${escapeHtml(fmtLimit(c.payLimit))}</td></tr>
<tr><th>状態 / Status</th><td id="status">${escapeHtml(expired ? 'expired' : c.status)}</td></tr></table>`
  let action = ''
  if (c.status === 'pending' && !expired) {
    const opts = CVS_STORES.map(([cd, name]) => `<option value="${cd}">${escapeHtml(name)} (${cd})</option>`).join('')
    action = `<form method="post" action="${escapeHtml(payPath)}" style="margin-top:20px"><input type="hidden" name="code" value="${escapeHtml(code)}">
<label>お支払い場所 / Pay at <select name="cvsCd" id="cvs-cd">${opts}</select></label>
<p><button class="ok" id="pay" type="submit">支払う (pay)</button></p>
<p style="font-size:13px;color:#555">ボタンは店頭でのお支払いの代わりです。入金結果通知が加盟店へ送信されます。<br>The button stands in for paying at the store; the payment notification is sent to the merchant.</p></form>`
  } else if (expired) {
    action = '<p>お支払期限を過ぎています。/ The payment deadline has passed.</p>'
  } else if (c.status === 'paid') {
    action = `<p>お支払い済みです (${escapeHtml(c.cvsCd ?? '')}, 受付番号 ${escapeHtml(c.recvNum ?? '')})。/ Already paid.</p>`
  } else {
    action = '<p>この決済は取り消されました。/ This payment was canceled.</p>'
  }
  return layout('お支払い方法の選択', `<h1>お支払い方法の選択 / Choose where to pay</h1>${info}${action}`)
}

export function paidPage(c: CvsRecord): string {
  return layout(
    'お支払い完了',
    `<h1>お支払いが完了しました / Paid</h1><table><tr><th>受付番号 / Receipt</th><td id="recv-num">${escapeHtml(c.recvNum)}</td></tr>
<tr><th>お支払い場所 / Store</th><td>${escapeHtml(c.cvsCd)}</td></tr><tr><th>金額 / Amount</th><td id="amount">${escapeHtml(c.amount.toLocaleString('ja-JP'))}円</td></tr>
<tr><th>入金日時 / Paid at</th><td id="paid-at">${escapeHtml(readableTokyo(c.nyukinDate ?? ''))}</td></tr></table>`,
  )
}
