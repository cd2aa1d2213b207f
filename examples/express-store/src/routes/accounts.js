/** Sign-up, login, logout and my page (profile, order history, the saved card). Sessions live in PostgreSQL. */
import express from 'express'
import { setCookie, parseCookies } from '../cookies.js'
import { tr } from '../shop/i18n.js'
import { loginPage, myPage, signupPage } from '../views/shop.js'
import { checkContact } from './checkout.js'

const CUSTOMER_SESSION_SECONDS = 30 * 86400
/** Only paths of this shop are followed after a login (never another site). */
export const safeNext = (value, fallback = '/') => (typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(value) ? value : fallback)

export function accountRoutes(s) {
  const router = express.Router()

  router.get('/login', (req, res) => s.send(req, res, tr(req.shop.lang, 'login'), loginPage(req.shop.lang, { next: safeNext(req.query.next, '') })))

  router.post('/login', async (req, res) => {
    const lang = req.shop.lang
    const customer = await s.accounts.loginCustomer(req.body?.email, req.body?.password)
    if (!customer) return s.send(req, res, tr(lang, 'login'), loginPage(lang, { error: tr(lang, 'loginFailed'), next: safeNext(req.body?.next, ''), email: req.body?.email }), 401)
    setCookie(res, req, 'sid', await s.accounts.startSession('customer', customer.id, CUSTOMER_SESSION_SECONDS), CUSTOMER_SESSION_SECONDS)
    res.redirect(303, safeNext(req.body?.next, '/mypage'))
  })

  router.get('/signup', (req, res) => s.send(req, res, tr(req.shop.lang, 'signupTitle'), signupPage(req.shop.lang, { errors: [], values: {}, next: safeNext(req.query.next, '') })))

  router.post('/signup', async (req, res) => {
    const lang = req.shop.lang
    const { values, errors } = checkContact(lang, req.body)
    const password = typeof req.body?.password === 'string' ? req.body.password : ''
    if (password.length < 8) errors.push(tr(lang, 'fieldPassword'))
    const next = safeNext(req.body?.next, '')
    if (errors.length) return s.send(req, res, tr(lang, 'signupTitle'), signupPage(lang, { errors, values, next }), 400)
    const customer = await s.accounts.createCustomer({ ...values, password, lang })
    if (!customer) return s.send(req, res, tr(lang, 'signupTitle'), signupPage(lang, { errors: [tr(lang, 'emailTaken')], values, next }), 409)
    setCookie(res, req, 'sid', await s.accounts.startSession('customer', customer.id, CUSTOMER_SESSION_SECONDS), CUSTOMER_SESSION_SECONDS)
    res.redirect(303, next || '/mypage?welcome=1')
  })

  router.get('/logout', async (req, res) => {
    await s.accounts.endSession(parseCookies(req.headers.cookie).sid)
    setCookie(res, req, 'sid', '', 0)
    res.redirect(303, '/')
  })

  router.get('/mypage', async (req, res) => {
    const customer = req.shop.customer
    if (!customer) return res.redirect(303, '/login?next=/mypage')
    const orders = await s.store.orders.list({ customerId: customer.id, excludeStatus: ['pending', 'awaiting_3ds'], limit: 100 })
    const details = await s.details.many(orders.map((o) => o.id))
    s.send(req, res, tr(req.shop.lang, 'myPage'), myPage(req.shop.lang, { customer, orders, details, message: req.query.welcome ? tr(req.shop.lang, 'welcome') : undefined }))
  })
  return router
}
