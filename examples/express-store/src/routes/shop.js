/** Catalogue, product pages and the cart (quantity edit, line removal, a message at every cap). */
import express from 'express'
import { PRODUCTS, findProduct, productText } from '../shop/catalog.js'
import { MAX_QTY, parseQty } from '../shop/cart.js'
import { PRODUCT_IMAGES } from '../shop/images.js'
import { tr } from '../shop/i18n.js'
import { cartPage, catalogPage, productPage } from '../views/shop.js'

export function shopRoutes(s) {
  const router = express.Router()
  const flash = (req) => {
    const m = typeof req.query.m === 'string' ? req.query.m : ''
    return m ? { text: m.slice(0, 300), kind: req.query.k === 'error' ? 'error' : 'ok' } : undefined
  }
  const back = (res, text, kind = 'ok') => res.redirect(303, `/cart?m=${encodeURIComponent(text)}${kind === 'error' ? '&k=error' : ''}`)

  router.get('/', async (req, res) => {
    s.send(req, res, tr(req.shop.lang, 'products'), catalogPage(req.shop.lang, PRODUCTS, await s.stock.levels(), s.settings.shipping))
  })

  router.get('/images/:file', (req, res, next) => {
    const svg = /^(.+)\.svg$/.exec(req.params.file)?.[1]
    if (!svg || !Object.hasOwn(PRODUCT_IMAGES, svg)) return next()
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(PRODUCT_IMAGES[svg])
  })

  router.get('/products/:sku', async (req, res) => {
    const p = findProduct(req.params.sku)
    if (!p) return s.notFound(req, res)
    const left = (await s.stock.levels()).get(p.sku) ?? 0
    s.send(req, res, productText(p, req.shop.lang).name, productPage(req.shop.lang, p, left))
  })

  router.get('/cart', async (req, res) => {
    const levels = await s.stock.levels()
    const lines = [...s.cart.read(req)].map(([sku, qty]) => ({ product: findProduct(sku), qty, max: Math.max(1, Math.min(MAX_QTY, levels.get(sku) ?? 0)) }))
    s.send(req, res, tr(req.shop.lang, 'cart'), cartPage(req.shop.lang, lines, flash(req), s.settings.shipping))
  })

  /** Sets a line to `qty`, capped by stock and MAX_QTY, with the message that says what happened. */
  async function setLine(req, res, sku, qty, adding) {
    const lang = req.shop.lang
    const p = findProduct(sku)
    if (!p) return back(res, tr(lang, 'notFound'), 'error')
    const cart = s.cart.read(req)
    const left = (await s.stock.levels()).get(sku) ?? 0
    const max = Math.min(MAX_QTY, left)
    if (qty === undefined) return back(res, tr(lang, 'qtyInvalid', { max: Math.max(max, 1) }), 'error')
    const wanted = adding ? (cart.get(sku) ?? 0) + qty : qty
    if (max <= 0) return back(res, tr(lang, 'outOfStock', { name: productText(p, lang).name, left: 0 }), 'error')
    const set = Math.min(wanted, max)
    cart.set(sku, set)
    s.cart.write(req, res, cart)
    if (set < wanted) return back(res, tr(lang, 'qtyCapped', { name: productText(p, lang).name, max }), 'error')
    back(res, tr(lang, 'updated'))
  }

  router.post('/cart/add', (req, res) => setLine(req, res, String(req.body?.sku ?? ''), req.body?.qty === undefined ? 1 : parseQty(req.body.qty), true))
  router.post('/cart/update', (req, res) => setLine(req, res, String(req.body?.sku ?? ''), parseQty(req.body?.qty), false))
  router.post('/cart/remove', (req, res) => {
    const cart = s.cart.read(req)
    const p = findProduct(String(req.body?.sku ?? ''))
    if (p) cart.delete(p.sku)
    s.cart.write(req, res, cart)
    back(res, p ? tr(req.shop.lang, 'removed', { name: productText(p, req.shop.lang).name }) : tr(req.shop.lang, 'updated'))
  })
  router.post('/cart/clear', (req, res) => {
    s.cart.write(req, res, new Map())
    res.redirect(303, '/cart')
  })
  return router
}
