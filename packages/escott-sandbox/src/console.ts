/** The merchant console: one HTML page listing merchants, transactions, members, CVS payments and notifications. */
import { txLabel } from './handlers/card.js'
import { cvsState } from './handlers/cvs.js'
import type { Gateway } from './gateway.js'
import { layout } from './pages.js'
import { escapeHtml as h, maskCard, tokyoText } from './util.js'

const LIMIT = 200
export const CONSOLE = '/_sandbox/console'
/** The console's release button (form POST `id`, then back to the console). */
export const CONSOLE_RELEASE_LOCK = CONSOLE + '/token-locks/release'

const when = tokyoText

function table(id: string, head: string[], rows: string[][]): string {
  if (!rows.length) return `<p id="${id}-empty" style="color:#666">none yet</p>`
  return `<table id="${id}"><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
}

const newest = <T>(values: Iterable<T>, key: (v: T) => number) => [...values].sort((a, b) => key(b) - key(a)).slice(0, LIMIT)

export function consolePage(gw: Gateway): string {
  const now = gw.clock.nowMs()
  const s = gw.store
  const merchants = table(
    'merchants',
    ['MerchantId', 'TenantId', '3-D Secure', 'Kana assist', 'Service start', 'Allowed IPs', 'Notification URL'],
    [...s.merchants.values()].map((m) => [
      h(m.merchantId),
      h(m.tenantId),
      h(m.threeDSecure),
      m.kanaRequired ? 'required' : '-',
      h(m.serviceStartDate ?? '-'),
      h(m.allowedIps?.join(', ') ?? '-'),
      h(m.notificationUrl ?? '-'),
    ]),
  )
  const txs = table(
    'transactions',
    ['Created (JST)', 'MerchantId', 'ProcessId', 'ProcessPass', 'MerchantFree1 (自由領域1)', 'Card', 'Member', 'Amount', 'State', 'History'],
    newest(s.transactions.values(), (t) => t.createdAt).map((t) => [
      h(when(t.createdAt)),
      h(t.merchantId),
      `<code>${h(t.processId)}</code>`,
      `<code>${h(t.processPass)}</code>`,
      h(t.merchantFree1 ?? ''),
      h(maskCard(t.cardNo)),
      h(t.kaiinId ?? '-'),
      h(t.amount.toLocaleString('ja-JP')),
      `<b class="state">${h(txLabel(t, now, gw))}</b>${t.threeDSecure ? ' (3DS)' : ''}`,
      h(t.history.map((e) => `${e.operateId}:${e.responseCd}`).join(' → ')),
    ]),
  )
  const members = table(
    'members',
    ['MerchantId', 'KaiinId', 'Card', 'Exp', 'KaiinStatus', 'Via 3-D Secure', 'Updated (JST)'],
    newest(s.members.values(), (m) => m.updatedAt).map((m) => [
      h(m.merchantId),
      h(m.kaiinId),
      h(maskCard(m.cardNo)),
      h(m.cardExp),
      h(gw.kaiinStatus(m, now)),
      m.via3DS ? 'yes' : 'no',
      h(when(m.updatedAt)),
    ]),
  )
  const cvs = table(
    'cvs',
    ['Created (JST)', 'MerchantId', 'MerchantFree1 (自由領域1)', 'ProcessId', 'ProcessPass', 'KessaiNumber', 'Item', 'Amount', 'PayLimit', 'State', 'Paid at', 'Page'],
    newest(s.cvs.values(), (c) => c.createdAt).map((c) => [
      h(when(c.createdAt)),
      h(c.merchantId),
      h(c.merchantFree1 ?? '-'),
      h(c.processId),
      h(c.processPass),
      h(c.kessaiNumber),
      h(c.shouhinName),
      h(c.amount.toLocaleString('ja-JP')),
      h(c.payLimit),
      `<b class="state">${h(cvsState(c, now))}</b>`,
      h(c.nyukinDate ? `${c.nyukinDate} ${c.cvsCd}` : '-'),
      `<a href="/JLPCT/JLPcon?code=${encodeURIComponent(c.freeArea)}&rkbn=2">open</a>`,
    ]),
  )
  const notes = table(
    'notifications',
    ['KessaiNumber', 'URL', 'Attempts', 'Last', 'Acknowledged'],
    s.notifications
      .slice(-LIMIT)
      .reverse()
      .map((n) => {
        const last = n.attempts[n.attempts.length - 1]
        return [
          h(n.kessaiNumber),
          h(n.url),
          String(n.attempts.length),
          h(last ? (last.error ?? `HTTP ${last.status} ${JSON.stringify(last.body ?? '')}`) : '-'),
          n.acknowledged ? 'yes' : n.abandoned ? 'gave up' : 'retrying',
        ]
      }),
  )
  const locks = table(
    'token-locks',
    ['MerchantId', 'Code', 'Card number / terminal', 'Locked at (JST)', 'Locked until (JST)', ''],
    gw.locks
      .list()
      .map((l) => [
        h(l.merchantId),
        h(l.code),
        h(l.key),
        h(when(Date.parse(l.lockedAt))),
        h(when(Date.parse(l.lockedUntil))),
        `<form method="post" action="${CONSOLE_RELEASE_LOCK}"><input type="hidden" name="id" value="${h(l.id)}"><button class="release">ロック解除 / release</button></form>`,
      ]),
  )
  return layout(
    'escott-sandbox console',
    `<h1>escott-sandbox 加盟店管理画面 / merchant console</h1>
<p>Sandbox time: <b id="clock">${h(when(now))} JST</b>${gw.clock.offsetMs ? ` (offset ${Math.round(gw.clock.offsetMs / 3_600_000)} h)` : ''} · <a href="">reload</a></p>
<h2>Merchants</h2>${merchants}<h2>Card transactions</h2>${txs}<h2>Card members</h2>${members}<h2 id="token-locks-title">トークン決済ロック情報 / token locks</h2>${locks}<h2>Online payments (CVS)</h2>${cvs}<h2>Payment notifications</h2>${notes}`,
  ).replace('max-width:640px', 'max-width:1200px')
}
