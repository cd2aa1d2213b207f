/** Legal pages (特定商取引法に基づく表記, privacy policy), the printable receipt, the language switch, the favicon. */
import express from 'express'
import { privacyBody, tokushohoBody } from '../content/legal.js'
import { setCookie } from '../cookies.js'
import { tr } from '../shop/i18n.js'
import { receiptPage } from '../views/receipt.js'
import { safeNext } from './accounts.js'

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#0b5cad"/><path d="M18 30h28c0 10-6 18-14 18s-14-8-14-18z" fill="#fff"/><path d="M26 14c4 4 4 8 0 12M36 14c4 4 4 8 0 12" stroke="#fff" stroke-width="3" fill="none"/></svg>`

export function pageRoutes(s) {
  const router = express.Router()
  router.get('/favicon.svg', (req, res) => res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(FAVICON))
  router.get('/favicon.ico', (req, res) => res.redirect(301, '/favicon.svg'))
  router.get('/lang', (req, res) => {
    const to = req.query.to === 'en' ? 'en' : 'ja'
    setCookie(res, req, 'lang', to, 365 * 86400)
    res.redirect(303, safeNext(req.query.next, '/'))
  })
  router.get('/legal/tokushoho', (req, res) => s.send(req, res, tr(req.shop.lang, 'legalTokushoho'), tokushohoBody(s.settings, req.shop.lang)))
  router.get('/legal/privacy', (req, res) => s.send(req, res, tr(req.shop.lang, 'legalPrivacy'), privacyBody(s.settings, req.shop.lang)))
  // The order id in the URL is unguessable (22 characters), like the order page's: whoever has the link may print it.
  router.get('/orders/:id/receipt', async (req, res) => {
    const lang = req.shop.lang
    const order = await s.store.orders.get(req.params.id)
    if (!order) return s.notFound(req, res)
    if (!['authorized', 'captured', 'paid'].includes(order.status))
      return s.send(req, res, tr(lang, 'receipt'), `<div class="alert info" data-testid="no-receipt">${tr(lang, 'receiptNotAvailable')}</div>`, 409)
    s.send(req, res, tr(lang, 'receipt'), receiptPage(lang, order, s.settings, s.now()))
  })
  return router
}
