// What the shopper's browser does on the gateway's pages (3-D Secure form, challenge buttons), without a browser.
function hidden(html, name) {
  const m = html.match(new RegExp(`name="${name}" value="([^"]*)"`))
  return m && m[1].replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))).replace(/&amp;/g, '&').replace(/&quot;/g, '"')
}

/** Posts the 3-D Secure request, answers a challenge, returns the EncryptValue the gateway sends to the RedirectUrl. */
async function completeThreeDSecure(request, answer = 'approve') {
  let res = await fetch(request.action, { method: 'POST', body: new URLSearchParams(request.fields) })
  let html = await res.text()
  const session = hidden(html, 'session')
  if (session) {
    const action = new URL(html.match(/<form method="post" action="([^"]+)"/)[1], request.action).href
    res = await fetch(action, { method: 'POST', body: new URLSearchParams({ session, action: answer }) })
    html = await res.text()
  }
  const value = hidden(html, 'EncryptValue')
  if (!value) throw new Error(`no EncryptValue in the gateway's answer (${res.status})`)
  return value
}

module.exports = { completeThreeDSecure }
