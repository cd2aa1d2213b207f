/**
 * Staff: login with their own user and password (sessions in PostgreSQL, cookie SameSite=Strict), admin users, and
 * the shop's part of an order (shipped — which mails the shopper — and the memo). The order list and payment
 * operations are escott-express's admin at /payment/admin, behind `requireAdmin`.
 */
import express from 'express'
import { adminCsrf, adminHeaders, csrfToken } from 'escott-express'
import { parseCookies, setCookie } from '../cookies.js'
import { tr } from '../shop/i18n.js'
import { adminLoginPage, adminUsersPage } from '../views/admin.js'
import { safeNext } from './accounts.js'

const ADMIN_SESSION_SECONDS = 12 * 3600

export function adminRoutes(s, { publicUrl } = {}) {
  const router = express.Router()
  // The staff pages are never framed and never cached (escott-express's admin headers).
  router.use('/admin', adminHeaders())
  // State changes (not the login): a same-origin browser request carrying the admin pages' CSRF token — the same
  // cookie and hidden field as escott-express's admin at /payment/admin (escott-express security/csrf).
  const csrf = adminCsrf(publicUrl, (req, res) => res.status(403).type('text/plain').send(tr(req.shop.lang, 'forbidden')))

  /** escottRouter's `adminAuth`, and the guard of the shop's admin forms. */
  const requireAdmin = (req, res, next) => {
    if (req.shop?.admin) return next()
    if (req.method === 'GET') return res.redirect(303, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`)
    res.status(401).type('text/plain').send('管理者ログインが必要です / admin login required')
  }

  router.get('/admin', (req, res) => res.redirect(303, req.shop.admin ? '/payment/admin' : '/admin/login'))
  router.get('/admin/login', (req, res) => s.send(req, res, tr(req.shop.lang, 'adminLogin'), adminLoginPage(req.shop.lang, { next: safeNext(req.query.next, '') })))
  router.post('/admin/login', async (req, res) => {
    const lang = req.shop.lang
    const admin = await s.accounts.loginAdmin(req.body?.login, req.body?.password)
    if (!admin) return s.send(req, res, tr(lang, 'adminLogin'), adminLoginPage(lang, { error: tr(lang, 'loginFailed'), next: safeNext(req.body?.next, '') }), 401)
    setCookie(res, req, 'asid', await s.accounts.startSession('admin', admin.login, ADMIN_SESSION_SECONDS), ADMIN_SESSION_SECONDS, 'Strict')
    res.redirect(303, safeNext(req.body?.next, '/payment/admin'))
  })
  router.get('/admin/logout', async (req, res) => {
    await s.accounts.endSession(parseCookies(req.headers.cookie).asid)
    setCookie(res, req, 'asid', '', 0, 'Strict')
    res.redirect(303, '/')
  })

  const usersPage = async (req, res, status = 200, notice, error) =>
    s.send(
      req,
      res,
      tr(req.shop.lang, 'adminUsers'),
      adminUsersPage(req.shop.lang, { admins: await s.accounts.admins(), me: req.shop.admin, notice, error, outboxUrl: s.outboxUrl, csrf: csrfToken(req, res) }),
      status,
    )
  router.get('/admin/users', requireAdmin, (req, res) => usersPage(req, res))
  router.post('/admin/users', requireAdmin, csrf, async (req, res) => {
    const lang = req.shop.lang
    const login = String(req.body?.login ?? '').trim()
    const password = String(req.body?.password ?? '')
    if (!/^[A-Za-z0-9_.-]{3,32}$/.test(login)) return usersPage(req, res, 400, undefined, tr(lang, 'fieldAdminUser'))
    if (password.length < 8) return usersPage(req, res, 400, undefined, tr(lang, 'fieldPassword'))
    if (!(await s.accounts.addAdmin(login, password))) return usersPage(req, res, 409, undefined, tr(lang, 'adminExists'))
    usersPage(req, res, 200, tr(lang, 'adminAdded'))
  })
  router.post('/admin/password', requireAdmin, csrf, async (req, res) => {
    const password = String(req.body?.password ?? '')
    if (password.length < 8) return usersPage(req, res, 400, undefined, tr(req.shop.lang, 'fieldPassword'))
    await s.accounts.setAdminPassword(req.shop.admin, password)
    usersPage(req, res, 200, tr(req.shop.lang, 'passwordChanged'))
  })

  router.post('/admin/orders/:id/memo', requireAdmin, csrf, async (req, res) => {
    await s.details.setMemo(req.params.id, String(req.body?.memo ?? '').slice(0, 2000))
    res.redirect(303, `/payment/admin/orders/${encodeURIComponent(req.params.id)}?saved=1`)
  })
  router.post('/admin/orders/:id/shipped', requireAdmin, csrf, async (req, res) => {
    const order = await s.store.orders.get(req.params.id)
    if (!order) return s.notFound(req, res)
    const shipped = req.body?.shipped === '1'
    if ((await s.details.setShipped(order.id, shipped)) && shipped) s.mail('shipped', order)
    res.redirect(303, `/payment/admin/orders/${encodeURIComponent(order.id)}?saved=1`)
  })

  return { router, requireAdmin }
}
