/**
 * The subscription box: sign up with a card (token → stored card through 3-D Secure, escott-flows' registration
 * flow), pick a plan, see the next billing dates, pause / resume / cancel, change plan, update the card. Billing
 * itself (calendar, charges, dunning) is escott-subscriptions. Plain node:http, no framework: copy what you need.
 *
 * Not in a starter kit: customer login. Here the customer id is the e-mail address typed at sign-up.
 */
import { autoSubmitForm } from 'escott-core'
import { beginCardRegistration, findRegistrationTrip, finishCardRegistration, registrationMetadata, waitForRegistration } from 'escott-flows'
import { cardForm, esc, jst, page, yen } from './html.js'
import { PLANS } from './plans.js'

const form = async (req) => {
  let body = ''
  for await (const chunk of req) body += chunk
  return Object.fromEntries(new URLSearchParams(body))
}
const send = (res, status, html, headers = {}) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers })
  res.end(html)
}
const redirect = (res, to) => send(res, 303, '', { location: to })

/**
 * @param {{ escott: import('escott-core').Escott, billing: import('escott-subscriptions').Billing,
 *           stores: import('escott-flows/postgres').PostgresFlowStores, baseUrl: () => string }} deps
 */
export function createApp({ escott, billing, stores, baseUrl }) {
  const flowDeps = { escott, journal: stores.journal, members: stores.members, onceKeys: stores.onceKeys }
  // The plan picked at sign-up travels with the registration trip (escott-flows' journal line, in PostgreSQL), not
  // in this process: the 3-D Secure result may come back after a restart, or through PostUrl without the browser.
  let applying = Promise.resolve()

  async function subscriptionOf(customerId) {
    const subs = await billing.subscriptions.list({ customerId })
    return subs.reverse().find((s) => s.status !== 'canceled') ?? subs[0]
  }

  /** After a registration passed: start the subscription, or point it at the new card. One at a time. */
  function apply(customerId, outcome, planId) {
    const run = applying.then(async () => {
      if (outcome.kind !== 'saved' && outcome.kind !== 'replaced') return
      const stored = await stores.members.get(customerId)
      const member = { kaiinId: stored.kaiinId, kaiinPass: stored.kaiinPass }
      const sub = await subscriptionOf(customerId)
      if (sub && sub.status !== 'canceled') {
        if (sub.member.kaiinId !== member.kaiinId || outcome.kind === 'replaced') await billing.subscriptions.updateCard(sub.id, member)
        return
      }
      if (!planId) return // a card update from "my page" for a customer without a subscription
      await billing.subscriptions.create({ customerId, member, planId })
    })
    applying = run.catch(() => {})
    return run
  }

  async function startRegistration(res, f) {
    const request = await beginCardRegistration(flowDeps, {
      customerId: f.email,
      token: f.token,
      maskedCard: f.maskedCardNo,
      cardholderName: f.name || 'TARO YAMADA',
      email: f.email,
      redirectUrl: `${baseUrl()}/3ds/back`,
      postUrl: `${baseUrl()}/3ds/post`,
      ...(f.planId && { metadata: { planId: f.planId } }),
    })
    send(res, 200, autoSubmitForm(request))
  }

  async function threeDSecureResult(f, wait) {
    const result = escott.threeDSecure.parseResult(f.EncryptValue) // throws on a tampered or foreign payload
    const trip = await findRegistrationTrip(stores.journal, result.merchantFree1, result.procNo)
    if (!trip) return { customerId: undefined, outcome: { kind: 'failed', codes: [] } }
    let outcome = await finishCardRegistration(flowDeps, trip, result)
    if (outcome.kind === 'busy' && wait) outcome = await waitForRegistration(stores.journal, outcome.trip, 10_000)
    const customerId = trip.result.customerId
    await apply(customerId, outcome, registrationMetadata(trip).planId)
    return { customerId, outcome }
  }

  async function myPage(res, customerId, notice = '') {
    const sub = await subscriptionOf(customerId)
    if (!sub) return redirect(res, '/')
    const plan = await billing.plans.retrieve(sub.planId)
    const next = await billing.subscriptions.upcoming(sub.id, { count: 3 })
    const charges = await billing.charges.list({ subscriptionId: sub.id, limit: 12 })
    const member = await stores.members.get(customerId)
    const c = encodeURIComponent(customerId)
    const action = (path, label, extra = '') =>
      `<form method="post" action="${path}" style="display:inline"><input type="hidden" name="c" value="${esc(customerId)}">${extra}<button>${label}</button></form>`
    send(
      res,
      200,
      page(
        'マイページ — 定期便',
        `${notice ? `<p><strong>${esc(notice)}</strong></p>` : ''}
<div class="card"><p>プラン: ${esc(plan.name)}（${yen(plan.amount)}）${sub.pendingPlanId ? ` → 次回から ${esc(sub.pendingPlanId)}` : ''}</p>
<p>状態: <strong id="status">${esc(sub.status)}</strong>${sub.cancelAtPeriodEnd ? '（今期で解約）' : ''} / 今期 ${esc(sub.currentPeriodStart)} 〜 ${esc(sub.currentPeriodEnd)}</p>
<p>カード: ${esc(member?.maskedCard ?? '—')}（有効期限 ${esc(sub.cardExp ?? '—')}）</p>
<h3>次回以降のお届け・請求日</h3><ul id="upcoming">${next.map((u) => `<li>${esc(jst(u.chargeAt))} ${yen(u.amount)}</li>`).join('') || '<li>なし</li>'}</ul>
${sub.status === 'paused' ? action('/my/resume', '再開する') : sub.status !== 'canceled' ? action('/my/pause', '一時休止') : ''}
${sub.status !== 'canceled' ? action('/my/cancel', '今期で解約') : ''}
${sub.status !== 'canceled' ? action('/my/plan', 'プラン変更', `<select name="planId">${PLANS.map((p) => `<option value="${p.id}">${esc(p.name)}</option>`).join('')}</select>`) : ''}</div>
<h3>請求履歴</h3><table><tr><th>期間開始</th><th>金額</th><th>状態</th><th>回数</th></tr>
${charges.map((ch) => `<tr><td>${esc(ch.periodStart)}</td><td>${yen(ch.amount)}</td><td>${esc(ch.status)}${ch.error ? ` (${esc(ch.error.code ?? ch.error.kind)})` : ''}</td><td>${ch.attempts}</td></tr>`).join('')}</table>
<h3>カードの変更</h3>${cardForm({ scriptUrl: escott.tokens.scriptUrl(), action: '/my/card', hidden: { email: customerId, name: 'TARO YAMADA' }, submit: 'このカードに変更（3-D セキュア）' })}
<p><a href="/my?c=${c}">更新</a></p>`,
      ),
    )
  }

  return async function handle(req, res) {
    try {
      const url = new URL(req.url, 'http://x')
      if (req.method === 'GET' && url.pathname === '/') {
        return send(
          res,
          200,
          page(
            '煎茶の定期便',
            `${cardForm({
              scriptUrl: escott.tokens.scriptUrl(),
              action: '/signup',
              hidden: {},
              submit: '3-D セキュアでカードを登録して申し込む',
            }).replace(
              '<p><label>カード番号',
              `<p><label>プラン <select name="planId">${PLANS.map((p) => `<option value="${p.id}">${esc(p.name)} ${yen(p.amount)}</option>`).join('')}</select></label></p>
<p><label>お名前（ローマ字） <input name="name" value="TARO YAMADA"></label> <label>メール <input name="email" value="taro@example.jp"></label></p>
<p><label>カード番号`,
            )}`,
          ),
        )
      }
      if (req.method === 'POST' && url.pathname === '/signup') {
        const f = await form(req)
        if (!PLANS.some((p) => p.id === f.planId)) return send(res, 400, page('エラー', 'プランを選んでください'))
        return startRegistration(res, f)
      }
      if (req.method === 'POST' && url.pathname === '/3ds/back') {
        const { customerId, outcome } = await threeDSecureResult(await form(req), true)
        if (!customerId) return send(res, 400, page('エラー', '登録の手続きが見つかりません'))
        if (outcome.kind === 'failed') return send(res, 402, page('カードを登録できませんでした', `コード ${esc(outcome.codes.join(', '))}`))
        return redirect(res, `/my?c=${encodeURIComponent(customerId)}`)
      }
      if (req.method === 'POST' && url.pathname === '/3ds/post') {
        await threeDSecureResult(await form(req), false)
        return send(res, 200, 'OK', { 'content-type': 'text/plain' })
      }
      if (req.method === 'GET' && url.pathname === '/my') return myPage(res, url.searchParams.get('c') ?? '')
      if (req.method === 'POST' && url.pathname.startsWith('/my/')) {
        const f = await form(req)
        if (url.pathname === '/my/card') return startRegistration(res, { ...f, planId: undefined })
        const customerId = f.c
        const sub = await subscriptionOf(customerId)
        if (!sub) return redirect(res, '/')
        const notices = {
          '/my/pause': async () => (await billing.subscriptions.pause(sub.id), '一時休止しました'),
          '/my/resume': async () => (await billing.subscriptions.resume(sub.id), '再開しました'),
          '/my/cancel': async () => (await billing.subscriptions.cancel(sub.id, { atPeriodEnd: true }), '今期の終わりで解約します'),
          '/my/plan': async () => (await billing.subscriptions.changePlan(sub.id, f.planId), '次回からプランを変更します'),
        }
        const act = notices[url.pathname]
        if (!act) return send(res, 404, page('Not found', ''))
        return myPage(res, customerId, await act())
      }
      send(res, 404, page('Not found', ''))
    } catch (err) {
      send(res, 500, page('エラー', esc(typeof err?.merchantMessage === 'function' ? err.merchantMessage('ja') : err?.message)))
    }
  }
}
