/** Small HTML helpers (escaping, the page frame, dates in Japan). */
export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])
export const yen = (n) => `${Number(n).toLocaleString('ja-JP')}円`
export const jst = (d) => (d ? new Date(new Date(d).getTime() + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '—')

export function page(title, body) {
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:720px;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}
.card{border:1px solid #ccc;border-radius:8px;padding:1rem;margin:1rem 0}button{padding:.4rem .9rem}</style></head>
<body><h1>${esc(title)}</h1>${body}<p><small>開発用デモ: カード番号は escott-sandbox のテストカードのみ（例 4000000000001000 / 12/30 / 777）</small></p></body></html>`
}

/** The card form: the gateway's token script turns the card into a token in the browser; only the token is posted. */
export function cardForm({ scriptUrl, action, hidden, submit }) {
  return `<form id="card" method="post" action="${esc(action)}">
${Object.entries(hidden)
  .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
  .join('')}
<input type="hidden" name="token"><input type="hidden" name="maskedCardNo">
<p><label>カード番号 <input id="cardNo" autocomplete="cc-number" value="4000000000001000"></label></p>
<p><label>有効期限 <input id="expMM" size="2" value="12"> / <input id="expYY" size="2" value="30"></label>
<label>セキュリティコード <input id="secCd" size="4" value="777"></label></p>
<p><button type="submit">${esc(submit)}</button></p></form>
<script src="${esc(scriptUrl)}" callBackFunc="setToken" class="spsvToken"></script>
<script>
document.getElementById('card').addEventListener('submit', function (e) {
  if (this.token.value) return
  e.preventDefault()
  SpsvApi.spsvCreateToken(cardNo.value, expYY.value, expMM.value, secCd.value, '', '', '', '', '')
})
function setToken(token, masked) {
  if (!token) return alert('カード情報を確認してください')
  var f = document.getElementById('card'); f.token.value = token; f.maskedCardNo.value = masked; f.submit()
}
</script>`
}
