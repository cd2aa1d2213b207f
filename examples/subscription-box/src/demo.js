// npm run demo:subscriptions (repository root): the box against escott-sandbox. A customer signs up the way a
// browser does (card → token → 3-D Secure registration of the stored card → subscription), looks at the next
// billing dates, and then the sandbox clock is fast-forwarded day by day through three months while billing runs,
// printing each charge as it happens; on the way the plan changes, the box is paused and resumed, and a declined
// card is replaced. `--check` (npm test) exits non-zero when the charges are not the expected ones.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startStack } from './stack.js'

const check = process.argv.includes('--check')
const dir = mkdtempSync(join(tmpdir(), 'subscription-box-demo-'))
const quiet = { info() {} }
const stack = await startStack({ port: 0, dataDir: join(dir, 'billing'), log: quiet })
const { sb, billing, url } = stack
const say = (line) => console.log(line)
const jst = (d) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

/** What the browser does with an auto-submitting form: read its action and fields, POST them. */
function formOf(html) {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
  const fields = Object.fromEntries([...html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"')]))
  if (!action) throw new Error(`no form in: ${html.slice(0, 200)}`)
  return { action: action.replace(/&amp;/g, '&'), fields }
}
async function post(to, fields) {
  const res = await fetch(new URL(to, url), { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' })
  const out = { status: res.status, location: res.headers.get('location'), html: await res.text() }
  if (to.startsWith('/my/') && to !== '/my/card' && out.status !== 200) throw new Error(`${to}: HTTP ${out.status}`)
  return out
}
async function get(path) {
  const res = await fetch(new URL(path, url))
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`)
  return res.text()
}
/** Card → token (what the gateway's token script returns in the browser) → our form → 3-D Secure → back. */
async function registerCard(path, email, cardNo, extra = {}, { restartBeforeReturn = false } = {}) {
  const token = await sb.createToken({ cardNo, expYY: '30', expMM: '12', secCd: '777' })
  const toGateway = formOf((await post(path, { email, name: 'TARO YAMADA', token, maskedCardNo: `${cardNo.slice(0, 6)}******${cardNo.slice(-4)}`, ...extra })).html)
  const back = formOf((await post(toGateway.action, toGateway.fields)).html) // frictionless: the gateway answers at once
  if (restartBeforeReturn) stack.restartApp() // what was picked before 3-D Secure must not live in the app's memory
  const done = await post(back.action, back.fields)
  if (done.status !== 303) throw new Error(`3-D Secure registration failed: ${done.status} ${done.html.replace(/<style[^]*<\/style>/, '').slice(0, 600)}`)
}

const charges = []
billing.on('charge.succeeded', (e) => {
  charges.push(e.data)
  say(
    `  ${jst(sb.clock.now())} JST  charged ${e.data.amount.toLocaleString('ja-JP')} yen  period ${e.data.periodStart} → ${e.data.periodEnd}  (MerchantFree1 ${e.data.merchantFree1}, attempt ${e.data.attempts})`,
  )
})
billing.on('charge.failed', (e) => say(`  ${jst(sb.clock.now())} JST  declined ${e.data.error?.code} (${e.data.error?.kind}) for period ${e.data.periodStart}`))
billing.on('subscription.past_due', (e) => say(`  ${jst(sb.clock.now())} JST  past due (${e.data.reason}): asking the customer for another card`))

try {
  sb.clock.set('2025-01-31T00:30:00Z') // 09:30 JST on Jan 31
  const email = 'taro@example.jp'
  say(`subscription-box demo on ${url} (gateway: escott-sandbox, clock ${jst(sb.clock.now())} JST)`)
  await registerCard('/signup', email, '4000000000001000', { planId: 'tea-monthly' }, { restartBeforeReturn: true })
  if (!(await get('/')).includes('煎茶の定期便')) throw new Error('sign-up page')
  let [sub] = await billing.subscriptions.list({ customerId: email })
  if (!(await get(`/my?c=${encodeURIComponent(email)}`)).includes('次回以降のお届け・請求日')) throw new Error('my page')
  if (sub?.planId !== 'tea-monthly') throw new Error(`sign-up lost the plan across the restart: ${JSON.stringify(sub)}`)
  say(`signed up: ${sub.id} on tea-monthly (the web app restarted during 3-D Secure; the plan came back with the registration trip), anchor day ${sub.anchorDay}; next billing dates:`)
  for (const u of await billing.subscriptions.upcoming(sub.id, { count: 3 })) say(`  ${jst(u.chargeAt)} JST  ${u.amount} yen`)

  const day = async (n) => {
    for (let i = 0; i < n; i++) {
      sb.clock.advance('1d')
      await billing.runDue()
    }
  }
  sb.clock.set('2025-01-31T01:00:00Z') // 10:00 JST: the first charge is due
  await billing.runDue()
  await day(30) // → Mar 2: Feb 28 charged
  await post('/my/plan', { c: email, planId: 'tea-biweekly' })
  say(`${jst(sb.clock.now())} JST  plan changed to tea-biweekly from the next period`)
  await day(20) // → Mar 22: Mar 31 not yet
  await post('/my/pause', { c: email })
  say(`${jst(sb.clock.now())} JST  paused`)
  await day(14) // → Apr 5: Mar 31 not billed (paused)
  await post('/my/resume', { c: email })
  ;[sub] = await billing.subscriptions.list({ customerId: email })
  say(`${jst(sb.clock.now())} JST  resumed; next charge ${jst(sub.nextChargeAt)} JST`)
  // the customer moves the box to another card, which its issuer turns out to refuse (G56, a hard decline)
  await registerCard('/my/card', email, '4000000000050056')
  await day(12) // → Apr 17: Apr 14 (first boundary after the resume, biweekly from Mar 31) declined → past due
  await registerCard('/my/card', email, '5100000000061000')
  say(`${jst(sb.clock.now())} JST  card updated on "my page": the unpaid period is charged at once`)
  await day(16) // → May 3: Apr 28 charged (biweekly)
  ;[sub] = await billing.subscriptions.list({ customerId: email })
  await billing.deliverEvents()
  say(
    `after three months: ${sub.status}, period ${sub.currentPeriodStart} → ${sub.currentPeriodEnd}, ${charges.length} charges, ` +
      `${charges.reduce((n, c) => n + c.amount, 0).toLocaleString('ja-JP')} yen; the sandbox holds ${sb.snapshot().transactions.length} card transactions`,
  )
  if (check) {
    const got = charges.map((c) => `${c.periodStart}:${c.amount}`)
    const want = ['2025-01-31:3980', '2025-02-28:3980', '2025-04-14:2180', '2025-04-28:2180']
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`unexpected charges ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`)
    if (sb.snapshot().transactions.filter((t) => t.status !== 'canceled').length !== want.length) throw new Error('the sandbox does not hold exactly one transaction per charge')
    say('check: ok')
  }
} finally {
  await stack.close()
  rmSync(dir, { recursive: true, force: true })
}
