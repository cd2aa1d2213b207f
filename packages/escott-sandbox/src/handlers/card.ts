/** OAUT002: 1Check 1Auth 1Gathering 1Capture 1Change 1Delete 1ReAuth 1Search, with a real state machine. */
import type { Gateway } from '../gateway.js'
import type { MerchantRecord, TxRecord } from '../state.js'
import { DAY_MS, parseTokyo, randomDigits, sleep, tokyoDate } from '../util.js'
import type { Fields } from '../wire.js'
import { assistChecks, check3D, fail, has3DFields, parseAmount, PAY_TYPE, resolveSource, type Result } from './shared.js'

export function handleCard(gw: Gateway, m: MerchantRecord, f: Fields, now: number): Result {
  switch (f.OperateId) {
    case '1Check':
    case '1Auth':
    case '1Gathering':
      return authorize(gw, m, f, now)
    case '1Capture':
    case '1Change':
    case '1Delete':
    case '1ReAuth':
    case '1Search':
      return followUp(gw, m, f, now)
    default:
      return fail(gw.base(f, now), ['K06'])
  }
}

/** 1Check / 1Auth / 1Gathering with a Token, a stored member or (card-passing type) CardNo. */
export function authorize(gw: Gateway, m: MerchantRecord, f: Fields, now: number, opts: { via3DS?: boolean } = {}): Result {
  const op = f.OperateId as '1Check' | '1Auth' | '1Gathering'
  const r = gw.base(f, now)
  const codes: string[] = []
  const payType = f.PayType || '01'
  let amount = 0
  if (op !== '1Check') {
    if (!PAY_TYPE.test(payType)) codes.push('K22')
    const a = parseAmount(f.Amount)
    if (a === undefined) codes.push('K23')
    else amount = a
  }
  const { source, codes: srcCodes } = resolveSource(gw, m, f, now)
  codes.push(...srcCodes)
  codes.push(...assistChecks(m, f, source))
  if (codes.length || !source) return fail(r, codes)

  let auth
  if (!opts.via3DS) {
    if (has3DFields(f)) {
      const c = check3D(gw, m, f, source)
      if (c.codes.length) return fail(r, c.codes)
      auth = c.auth
    } else if (m.threeDSecure === 'required' && !(source.kind === 'member' && source.member.via3DS)) {
      // 3-D Secure contracted: customer-present payments must be authenticated (FAQ: K06).
      return fail(r, ['K06'])
    }
  }

  const chargeKey = source.kind === 'member' && op !== '1Check' ? gw.duplicateCharge(m, source.member.kaiinId, op, amount, f.MerchantFree1, now) : undefined
  if (chargeKey === null) return fail(r, ['KBX'])

  if (source.kind === 'token') gw.consumeToken(source.token, op, now)
  const decision = gw.authorise(source.card, now)
  if (decision.codes.length) return fail(r, decision.codes)
  if (auth) auth.used = true
  const tx = gw.newTransaction(
    m,
    {
      transactionId: r.TransactionId!,
      origin: op,
      status: op === '1Check' ? 'checked' : op === '1Gathering' ? 'captured' : 'authorized',
      amount,
      payType,
      ...(op === '1Gathering' ? { salesDate: tokyoDate(now) } : {}),
      cardNo: source.card.cardNo,
      cardExp: source.card.cardExp,
      companyCd: decision.testCard.companyCd,
      ...(source.kind === 'member' ? { kaiinId: source.member.kaiinId } : {}),
      threeDSecure: Boolean(auth) || opts.via3DS === true,
      ...(f.MerchantFree1 ? { merchantFree1: f.MerchantFree1 } : {}),
      ...(f.MerchantFree2 ? { merchantFree2: f.MerchantFree2 } : {}),
      ...(f.MerchantFree3 ? { merchantFree3: f.MerchantFree3 } : {}),
    },
    now,
  )
  tx.history.push({ operateId: op, transactionId: r.TransactionId!, at: now, amount, responseCd: 'OK' })
  if (chargeKey) gw.rememberCharge(chargeKey, tx, now)
  const out: Fields = {
    ...r,
    ProcessId: tx.processId,
    ProcessPass: tx.processPass,
    ResponseCd: 'OK',
    CompanyCd: tx.companyCd,
    ApproveNo: tx.approveNo,
    McSecCd: decision.mcSecCd,
  }
  if (m.kanaRequired) {
    out.McKanaSei = '0'
    out.McKanaMei = '0'
  }
  const delay = gw.slowDelay(decision.testCard)
  return delay ? sleep(delay).then(() => out) : out
}

function followUp(gw: Gateway, m: MerchantRecord, f: Fields, now: number): Result {
  const op = f.OperateId!
  const r = gw.base(f, now)
  const codes: string[] = []
  if (!f.ProcessId || !/^[A-Za-z0-9]{1,64}$/.test(f.ProcessId)) codes.push('K10')
  if (!f.ProcessPass || !/^[A-Za-z0-9]{1,64}$/.test(f.ProcessPass)) codes.push('K11')
  let amount: number | undefined
  if (op === '1Change' || op === '1ReAuth') {
    amount = parseAmount(f.Amount)
    if (amount === undefined) codes.push('K23')
  }
  let salesDate: string | undefined
  if ((op === '1Capture' || op === '1ReAuth') && f.SalesDate) {
    // 「YYYYMMDD形式では無い、または未来日付」 (Welcart's copy of the K39 text, paymentESCOTT.main.class.php:3682).
    if (parseTokyo(f.SalesDate) === undefined || f.SalesDate.length !== 8 || f.SalesDate > tokyoDate(now)) codes.push('K39')
    else salesDate = f.SalesDate
  }
  if (codes.length) return fail(r, codes)
  const tx = gw.store.transactions.get(f.ProcessId!)
  if (!tx || tx.merchantId !== m.merchantId || now - tx.createdAt > gw.config.retentionDays * DAY_MS) return fail(r, ['KBZ'])
  gw.store.useTransaction(tx)
  if (tx.processPass !== f.ProcessPass) return fail(r, ['K12'])
  // Stored-card transactions need KaiinId+KaiinPass on every follow-up (K80); token ones must not carry them (K81).
  if (tx.kaiinId) {
    if (!f.KaiinId || !f.KaiinPass) return fail(r, ['K80'])
    const mem = gw.member(m, tx.kaiinId)
    if (f.KaiinId !== tx.kaiinId || !mem || mem.kaiinPass !== f.KaiinPass) return fail(r, ['K71'])
  } else if (f.KaiinId || f.KaiinPass) {
    return fail(r, ['K81'])
  }
  const ok = (extra: Fields = {}): Fields => {
    tx.history.push({ operateId: op, transactionId: r.TransactionId!, at: now, ...(amount !== undefined ? { amount } : {}), responseCd: 'OK' })
    gw.store.touch()
    return { ...r, ProcessId: tx.processId, ProcessPass: tx.processPass, ResponseCd: 'OK', CompanyCd: tx.companyCd, ...extra }
  }
  const refuse = (code = 'K14') => {
    tx.history.push({ operateId: op, transactionId: r.TransactionId!, at: now, responseCd: code })
    return fail(r, [code])
  }
  switch (op) {
    case '1Search':
      return ok({ Amount: String(tx.amount), SalesDate: tx.salesDate ?? '' })
    case '1Capture':
      if (tx.status !== 'authorized' || gw.authExpired(tx, now)) return refuse()
      tx.status = 'captured'
      tx.salesDate = salesDate ?? tokyoDate(now)
      return ok()
    case '1Change':
      if (tx.status !== 'authorized' && tx.status !== 'captured') return refuse()
      if (tx.status === 'authorized' && gw.authExpired(tx, now)) return refuse()
      // The same amount as the transaction's is K23 (「利用額変更で元取引と金額が同一」, Welcart's copy of the K23 text,
      // paymentESCOTT.main.class.php:3649). Raising is allowed: E2 (SLN_C_Util.php:64-139) and WooCommerce
      // (class-spfwc-admin-order.php:684-687) send whatever new total the order has.
      if (amount! === tx.amount) return refuse('K23')
      tx.amount = amount!
      return ok()
    case '1Delete':
      if (tx.status !== 'authorized' && tx.status !== 'captured') return refuse()
      tx.status = 'canceled'
      return ok()
    case '1ReAuth': {
      // After a cancel (E2 SLN_C_Util.php:235-239, E42 order_edit.twig:66-68), and on an authorised payment not yet
      // captured, which it renews (WooCommerce class-spfwc-admin-order.php:431-436, WelcartPay paymentWelcart.class.php:2345-2350).
      if ((tx.status !== 'canceled' && tx.status !== 'authorized') || tx.origin === '1Check') return refuse()
      const mem = tx.kaiinId ? gw.member(m, tx.kaiinId) : undefined
      const card = mem ? { cardNo: mem.cardNo, cardExp: mem.cardExp } : { cardNo: tx.cardNo, cardExp: tx.cardExp }
      const decision = gw.authorise(card, now)
      if (decision.codes.length) return refuse(decision.codes.join('|'))
      tx.amount = amount!
      tx.authorizedAt = now
      tx.approveNo = randomDigits(7)
      if (tx.origin === '1Gathering') {
        tx.status = 'captured'
        tx.salesDate = salesDate ?? tokyoDate(now)
      } else {
        tx.status = 'authorized'
        delete tx.salesDate
      }
      return ok({ ApproveNo: tx.approveNo })
    }
  }
  return fail(r, ['K06'])
}

/** Console label of a transaction state. */
export function txLabel(tx: TxRecord, now: number, gw: Gateway): string {
  if (tx.status === 'authorized' && gw.authExpired(tx, now)) return 'authorisation expired'
  return tx.status
}
