// What the shopper's browser does on the gateway's pages (3-D Secure form, challenge buttons), without a browser.
const { createCipheriv, createDecipheriv } = require('node:crypto')

function hidden(html, name) {
  const m = html.match(new RegExp(`name="${name}" value="([^"]*)"`))
  return (
    m &&
    m[1]
      .replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)))
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
  )
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

/**
 * What an attacker who can read and write 3-D Secure payloads does (AES-CBC has no integrity; here with the merchant's
 * key, the strongest case): the fields of a genuine EncryptValue, and a new EncryptValue of altered fields.
 */
function openResult(encryptValue, { aesKey, aesIv }) {
  const decipher = createDecipheriv('aes-128-cbc', Buffer.from(aesKey, 'utf8'), Buffer.from(aesIv, 'utf8'))
  const plain = Buffer.concat([decipher.update(Buffer.from(encryptValue.replace(/ /g, '+'), 'base64')), decipher.final()]).toString('utf8')
  return Object.fromEntries(new URLSearchParams(plain))
}
function sealResult(fields, { aesKey, aesIv }) {
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(aesKey, 'utf8'), Buffer.from(aesIv, 'utf8'))
  return Buffer.concat([cipher.update(new URLSearchParams(fields).toString(), 'utf8'), cipher.final()]).toString('base64')
}

module.exports = { completeThreeDSecure, openResult, sealResult }
