/**
 * The mails a shop sends, in the shopper's language: order confirmation (with the convenience-store payment number
 * and deadline), payment received, amount or deadline changed, shipped, canceled. Plain text, the way Japanese shops
 * write them: the order, the lines, the consumption tax by rate, the total, the shop's signature.
 */
import { formatTokyo, formatYen, payTypeLabel } from 'escott-express'
import { deliveryTimeLabel } from '../shop/settings.js'
import { isReduced, reducedMark, taxByRate } from '../shop/tax.js'

const L = (lang, ja, en) => (lang === 'en' ? en : ja)

function lines(order, lang) {
  const items = order.items.map(
    (i) => `  ${lang === 'en' && i.nameEn ? i.nameEn : i.name}${reducedMark(i, lang)}  ${formatYen(lang, i.unitPrice)} × ${i.quantity} = ${formatYen(lang, i.unitPrice * i.quantity)}`,
  )
  const amount = order.method && order.status !== 'pending' ? order.amount : order.subtotal + order.fee
  const out = [...items]
  if (order.fee) out.push(`  ${L(lang, 'コンビニ決済手数料', 'Convenience-store fee')}  ${formatYen(lang, order.fee)}`)
  if (amount !== order.subtotal + order.fee) out.push(`  ${L(lang, 'ご請求額の変更', 'Amount changed')}  ${formatYen(lang, amount - order.subtotal - order.fee)}`)
  out.push(`  ${L(lang, 'お支払い金額', 'Total')}  ${formatYen(lang, amount)}`)
  for (const r of taxByRate(order, amount))
    out.push(
      `    ${L(lang, `（${r.rate}%対象 ${formatYen(lang, r.total)} 内消費税 ${formatYen(lang, r.tax)}）`, `(${r.rate}% items ${formatYen(lang, r.total)}, incl. tax ${formatYen(lang, r.tax)})`)}`,
    )
  if (order.items.some((i) => isReduced(i))) out.push(`  ${L(lang, '※ は軽減税率（8%）対象です。', '* Reduced tax rate (8%).')}`)
  return out.join('\n')
}

function payment(order, lang) {
  const p = order.payment
  if (order.method === 'cvs') {
    return [
      `${L(lang, 'お支払い方法', 'Payment')}: ${L(lang, 'コンビニ・Pay-easy・電子マネー', 'Convenience store / Pay-easy / e-money')}`,
      `${L(lang, 'お支払い受付番号', 'Payment number')}: ${p.kessaiNumber ?? '-'}`,
      `${L(lang, 'お支払い期限', 'Pay by')}: ${formatTokyo(p.payLimit)}`,
      ...(p.paymentPageUrl ? [`${L(lang, 'お支払い先のご案内', 'Where to pay')}: ${p.paymentPageUrl}`] : []),
    ].join('\n')
  }
  return [
    `${L(lang, 'お支払い方法', 'Payment')}: ${L(lang, 'クレジットカード', 'Credit card')} ${p.maskedCard ?? ''}`,
    ...(p.payType ? [`${L(lang, '支払回数', 'Payments')}: ${payTypeLabel(lang, p.payType)}`] : []),
  ].join('\n')
}

function delivery(order, details, lang, settings) {
  const c = order.contact
  return [
    `${L(lang, 'お届け先', 'Delivery')}: ${c.postalCode ? `〒${c.postalCode} ` : ''}${c.address ?? ''}`,
    `  ${c.name ?? ''}${L(lang, ' 様', '')}  ${c.phone ?? ''}`,
    ...(details?.deliveryTime ? [`${L(lang, 'お届け希望時間帯', 'Delivery time')}: ${deliveryTimeLabel(settings, details.deliveryTime, lang)}`] : []),
  ].join('\n')
}

function signature(settings, lang, publicUrl) {
  return [
    '',
    '――――――――――――――――――――',
    lang === 'en' ? settings.nameEn : settings.name,
    `${settings.address}`,
    `TEL ${settings.phone} (${lang === 'en' ? settings.hoursEn : settings.hours})`,
    settings.email,
    publicUrl ?? '',
  ].join('\n')
}

/**
 * The mail for one order event, or undefined when that event mails nobody.
 * @param {'placed'|'paid'|'amount_changed'|'reauthorized'|'cvs_changed'|'shipped'|'canceled'} type
 */
export function orderMail(type, { order, details, settings, publicUrl }) {
  const lang = order.lang === 'en' ? 'en' : 'ja'
  const name = order.contact.name ?? ''
  const greeting = L(lang, `${name} 様\n\n${settings.name}をご利用いただき、ありがとうございます。`, `Dear ${name},\n\nThank you for shopping at ${settings.nameEn}.`)
  const head = `${L(lang, '注文番号', 'Order number')}: ${order.merchantFree1}\n${L(lang, 'ご注文日時', 'Order date')}: ${formatTokyo(order.createdAt)}`
  const orderUrl = publicUrl ? `${publicUrl}/payment/orders/${order.id}` : ''
  const cvs = order.method === 'cvs'
  const texts = {
    placed: {
      subject: L(lang, `【${settings.name}】ご注文ありがとうございます（${order.merchantFree1}）`, `[${settings.nameEn}] Thank you for your order (${order.merchantFree1})`),
      lead: cvs
        ? L(
            lang,
            '以下のご注文を承りました。お支払い期限までに、コンビニ等で下記のお支払い受付番号でお支払いください。ご入金を確認してから発送いたします。',
            'We have received your order. Please pay with the payment number below before the deadline; we ship once the payment arrives.',
          )
        : L(lang, '以下のご注文を承りました。クレジットカードでのお支払い手続きが完了しています。', 'We have received your order and your card payment.'),
    },
    paid: {
      subject: L(lang, `【${settings.name}】ご入金を確認しました（${order.merchantFree1}）`, `[${settings.nameEn}] Payment received (${order.merchantFree1})`),
      lead: L(
        lang,
        `ご入金を確認しました（${formatTokyo(order.payment.paidAt)}）。発送の準備をいたします。`,
        `We received your payment (${formatTokyo(order.payment.paidAt)}) and are preparing your order.`,
      ),
    },
    amount_changed: {
      subject: L(lang, `【${settings.name}】ご請求金額変更のお知らせ（${order.merchantFree1}）`, `[${settings.nameEn}] Your order amount changed (${order.merchantFree1})`),
      lead: L(lang, 'ご注文のご請求金額を下記のとおり変更しました。', 'The amount of your order was changed as below.'),
    },
    reauthorized: {
      subject: L(lang, `【${settings.name}】ご請求金額変更のお知らせ（${order.merchantFree1}）`, `[${settings.nameEn}] Your order amount changed (${order.merchantFree1})`),
      lead: L(lang, 'ご注文のクレジットカードでのお支払い内容を下記のとおり変更しました。', 'The card payment of your order was changed as below.'),
    },
    cvs_changed: {
      subject: L(lang, `【${settings.name}】お支払い番号・期限変更のお知らせ（${order.merchantFree1}）`, `[${settings.nameEn}] New payment number and deadline (${order.merchantFree1})`),
      lead: L(
        lang,
        'お支払い内容を変更しました。以前のお支払い番号は使えません。下記の新しいお支払い受付番号でお支払いください。',
        'Your payment was changed: the old payment number no longer works. Please pay with the new number below.',
      ),
    },
    shipped: {
      subject: L(lang, `【${settings.name}】商品を発送しました（${order.merchantFree1}）`, `[${settings.nameEn}] Your order has shipped (${order.merchantFree1})`),
      lead: L(lang, 'ご注文の商品を発送しました。到着まで今しばらくお待ちください。', 'Your order is on its way.'),
    },
    canceled: {
      subject: L(lang, `【${settings.name}】ご注文キャンセルのお知らせ（${order.merchantFree1}）`, `[${settings.nameEn}] Your order was canceled (${order.merchantFree1})`),
      lead: L(lang, 'ご注文をキャンセルしました。お支払いは取り消されています。', 'Your order was canceled and its payment voided.'),
    },
  }
  const t = texts[type]
  if (!t) return undefined
  const body = [
    greeting,
    '',
    t.lead,
    '',
    head,
    '',
    lines(order, lang),
    '',
    payment(order, lang),
    '',
    delivery(order, details, lang, settings),
    ...(orderUrl ? ['', `${L(lang, 'ご注文内容', 'Your order')}: ${orderUrl}`] : []),
    signature(settings, lang, publicUrl),
  ].join('\n')
  return { subject: t.subject, text: body, lang }
}
