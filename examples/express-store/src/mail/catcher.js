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
<style>body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;margin:0;color:#1f2328;background:#f6f8fa;line-height:1.6}
header{background:#24292f;color:#fff;padding:12px 16px;font-weight:700}header small{font-weight:400;opacity:.75;margin-left:8px}
main{max-width:960px;margin:0 auto;padding:16px}.card{background:#fff;border:1px solid #d8dee4;border-radius:10px;padding:16px;margin:0 0 16px;overflow-x:auto}
h1{font-size:1.3rem}table{width:100%;border-collapse:collapse}td,th{padding:8px 6px;border-bottom:1px solid #d8dee4;text-align:left;vertical-align:top}th{font-size:.85rem;color:#57606a}
td.when{white-space:nowrap;color:#57606a}a{color:#0b5cad}pre{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #d8dee4;padding:16px;border-radius:8px;font-size:.9rem}
.note{color:#57606a;font-size:.9rem}</style></head><body><header>送信メール / outbox<small>demo SMTP catcher</small></header><main>${body}</main></body></html>`
  // Tokyo time, as the shop shows every date.
  const when = (iso) => new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19).replace(/-/g, '/')
  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/messages.json') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(messages))
    const one = /^\/messages\/(\d+)$/.exec(url.pathname)
    if (one) {
      const m = messages.find((x) => x.id === one[1])
      if (!m) return res.writeHead(404).end('not found')
      return res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          page(
            m.subject,
            `<p><a href="/">← 送信メール一覧 / outbox</a></p><h1>${escapeHtml(m.subject)}</h1><p class="note">From: ${escapeHtml(m.from)}<br>To: ${escapeHtml(m.to.join(', '))}<br>${escapeHtml(when(m.receivedAt))}</p><pre data-testid="mail-text">${escapeHtml(m.text)}</pre>`,
          ),
        )
    }
    if (url.pathname !== '/') return res.writeHead(404).end('not found')
    const rows = [...messages]
      .reverse()
      .map((m) => `<tr><td class="when">${escapeHtml(when(m.receivedAt))}</td><td>${escapeHtml(m.to.join(', '))}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`)
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        page(
          '送信メール / outbox',
          `<h1>送信メール（${messages.length} 通）</h1><p class="note">デモの SMTP キャッチャーが受け取ったメールです。外部には送信されません。 / Mail caught by the demo's SMTP catcher; nothing leaves this machine.</p><div class="card"><table data-testid="outbox"><thead><tr><th>受信日時（日本時間）</th><th>宛先 / to</th><th>件名 / subject</th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="3">まだありません / none yet</td></tr>'}</tbody></table></div>`,
        ),
      )
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
