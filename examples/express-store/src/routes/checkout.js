/**
 * The delivery step: address, delivery time, note; then the stock is taken (never oversold), the order created with
 * its lines (tax rate and English name on each), the shipping line and the customer's contact, and the shopper goes on
 * to escott-express's checkout page — the final confirmation with the payment form.
 */
import express from 'express'
import { toHalfWidthPhone } from 'escott-core'
import { findProduct, productText } from '../shop/catalog.js'
import { tr } from '../shop/i18n.js'
import { shippingFee, shippingLine, shippingText } from '../shop/shipping.js'
import { PREFECTURES } from '../shop/settings.js'
import { checkoutPage } from '../views/shop.js'

/** Checks the delivery form; returns the clean values and the messages of what is wrong. */
export function checkContact(lang, body, { needEmail = true } = {}) {
  const v = (k) => (typeof body?.[k] === 'string' ? body[k].normalize('NFKC').trim() : '')
  const values = {
    name: v('name'),
    kana: v('kana'),
    phone: toHalfWidthPhone(v('phone')).replace(/[\s()ー－-]/g, ''),
    postalCode: v('postalCode')
      .replace(/[^\d]/g, '')
      .replace(/^(\d{3})(\d{4})$/, '$1-$2'),
    prefecture: v('prefecture'),
    address: v('address'),
    email: v('email').toLowerCase(),
    deliveryTime: v('deliveryTime'),
    note: v('note').slice(0, 500),
  }
  const errors = []
  if (!values.name || values.name.length > 50) errors.push(tr(lang, 'fieldName'))
  // Katakana after NFKC (half-width kana become full-width); hiragana is turned into katakana.
  values.kana = values.kana.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
  if (!/^[\u30A1-\u30FA\u30FC\s]{1,50}$/.test(values.kana)) errors.push(tr(lang, 'fieldKana'))
  if (!/^0\d{9,10}$/.test(values.phone)) errors.push(tr(lang, 'fieldPhone'))
  if (!/^\d{3}-\d{4}$/.test(values.postalCode)) errors.push(tr(lang, 'fieldPostal'))
  if (!PREFECTURES.includes(values.prefecture)) errors.push(tr(lang, 'fieldPrefecture'))
  if (!values.address || values.address.length > 120) errors.push(tr(lang, 'fieldAddress'))
  if (needEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) errors.push(tr(lang, 'fieldEmail'))
  return { values, errors }
}

export function checkoutRoutes(s) {
  const router = express.Router()

  const linesOf = (req) => [...s.cart.read(req)].map(([sku, qty]) => ({ product: findProduct(sku), qty }))
  const render = (req, res, lines, values, errors, status = 200) =>
    s.send(
      req,
      res,
      tr(req.shop.lang, 'checkout'),
      checkoutPage(req.shop.lang, {
        lines,
        values,
        errors,
        guest: !req.shop.customer,
        deliveryTimes: s.settings.deliveryTimes,
        shippingEstimate: tr(req.shop.lang, 'shippingTable', { table: shippingText(s.settings.shipping, req.shop.lang) }),
      }),
      status,
    )

  router.get('/checkout', (req, res) => {
    const lines = linesOf(req)
    if (lines.length === 0) return res.redirect(303, '/cart')
    const c = req.shop.customer
    render(req, res, lines, c ? { ...c } : {}, [])
  })

  router.post('/checkout', async (req, res, next) => {
    try {
      const lang = req.shop.lang
      const lines = linesOf(req)
      if (lines.length === 0) return res.redirect(303, '/cart')
      const { values, errors } = checkContact(lang, req.body)
      if (!s.settings.deliveryTimes.some((d) => d.ja === values.deliveryTime)) values.deliveryTime = s.settings.deliveryTimes[0].ja
      if (errors.length) return render(req, res, lines, values, errors, 400)
      const reserved = lines.map((l) => ({ sku: l.product.sku, quantity: l.qty }))
      const taken = await s.stock.reserve(reserved)
      if (!taken.ok) {
        const p = findProduct(taken.sku)
        return render(req, res, lines, values, [tr(lang, 'outOfStock', { name: productText(p, lang).name, left: taken.left })], 409)
      }
      const goods = lines.reduce((a, l) => a + l.product.price * l.qty, 0)
      const fee = shippingFee(s.settings.shipping, values.prefecture, goods)
      let order
      try {
        order = await s.store.orders.create({
          items: [
            ...lines.map((l) => ({ sku: l.product.sku, name: l.product.name, nameEn: l.product.nameEn, unitPrice: l.product.price, quantity: l.qty, taxRate: l.product.taxRate })),
            ...(fee > 0 ? [shippingLine(s.settings.shipping, fee)] : []),
          ],
          customerId: req.shop.customer?.id ?? null,
          email: values.email,
          lang,
          contact: { name: values.name, kana: values.kana, phone: values.phone, postalCode: values.postalCode, address: `${values.prefecture}${values.address}` },
        })
        await s.details.create(order.id, { deliveryTime: values.deliveryTime, note: values.note, reserved })
      } catch (err) {
        if (!order) await s.stock.putBack(reserved)
        throw err
      }
      s.cart.write(req, res, new Map())
      res.redirect(303, `/payment/checkout/${order.id}`)
      void s.sweepAbandoned()
    } catch (err) {
      next(err)
    }
  })
  return router
}
