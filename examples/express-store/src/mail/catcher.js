/**
 * A local SMTP catcher for the demo and the tests: accepts every message on 127.0.0.1 (nothing leaves the machine),
 * keeps it in memory, and shows the outbox on a page of its own (`/`, one message at `/messages/:id`, JSON at
 * `/messages.json`). Built on smtp-server and mailparser.
 */
import { createServer } from 'node:http'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { escapeHtml } from 'escott-core'

export async function startMailCatcher({ smtpPort = 0, httpPort = 0, host = '127.0.0.1' } = {}) {
  const messages = []
  const waiters = []
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const message = {
            id: String(messages.length + 1),
            from: mail.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            headers: Object.fromEntries([...mail.headers].map(([k, v]) => [k, typeof v === 'string' ? v : (v?.text ?? String(v))])),
            receivedAt: new Date().toISOString(),
          }
          messages.push(message)
          for (const w of waiters.splice(0)) w()
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise((resolve, reject) => {
    smtp.once('error', reject)
    smtp.listen(smtpPort, host, resolve)
  })
  const page = (title, body) =>
    `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:0 auto;padding:16px;color:#1f2328}table{width:100%;border-collapse:collapse}td,th{padding:6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f6f8fa;padding:12px;border-radius:8px}</style></head><body>${body}</body></html>`
  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/messages.json') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(messages))
    const one = /^\/messages\/(\d+)$/.exec(url.pathname)
    if (one) {
      const m = messages.find((x) => x.id === one[1])
      if (!m) return res.writeHead(404).end('not found')
      return res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(page(m.subject, `<p><a href="/">← 送信メール一覧 / outbox</a></p><h1>${escapeHtml(m.subject)}</h1><p>From: ${escapeHtml(m.from)}<br>To: ${escapeHtml(m.to.join(', '))}<br>${escapeHtml(m.receivedAt)}</p><pre data-testid="mail-text">${escapeHtml(m.text)}</pre>`))
    }
    if (url.pathname !== '/') return res.writeHead(404).end('not found')
    const rows = [...messages].reverse().map((m) => `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to.join(', '))}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`)
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(page('送信メール / outbox', `<h1>送信メール / outbox</h1><p>デモの SMTP キャッチャーが受け取ったメールです。外部には送信されません。 / Mail caught by the demo's SMTP catcher; nothing leaves this machine.</p><table data-testid="outbox"><thead><tr><th>受信</th><th>宛先 / to</th><th>件名 / subject</th></tr></thead><tbody>${rows.join('')}</tbody></table>`))
  })
  await new Promise((resolve) => http.listen(httpPort, host, resolve))
  const smtpAddress = smtp.server.address()
  const httpAddress = http.address()
  return {
    smtpUrl: `smtp://${host}:${smtpAddress.port}`,
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${httpAddress.port}`,
    messages: () => [...messages],
    /** Resolves with the first message that `match` accepts (waits for new ones up to `timeoutMs`). */
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = messages.find(match)
        if (found) return found
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`no such mail within ${timeoutMs} ms; caught: ${messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ') || 'none'}`)
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, left)
          waiters.push(() => {
            clearTimeout(timer)
            resolve()
          })
        })
      }
    },
    async close() {
      await new Promise((r) => smtp.close(r))
      await new Promise((r) => http.close(r))
      http.closeAllConnections?.()
    },
  }
}
