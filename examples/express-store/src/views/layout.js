/**
 * The shop's frame, used by the shop's pages and (through escottRouter's `layout`) by the payment pages, so the header
 * is the same everywhere: cart count, login or the shopper's name, the language switch; the admin link only for staff.
 */
import { BASE_CSS } from 'escott-express'
import { tr } from '../shop/i18n.js'
import { esc } from './html.js'

const SHOP_CSS = `
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:16px}.price{font-size:1.2rem;font-weight:700}
header.bar nav{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center}header.bar nav a{font-weight:600}
header.bar .brand small{font-weight:400}header.admin-bar{background:#24292f}header.admin-bar .brand{white-space:nowrap;margin-right:16px}header.admin-bar nav{gap:4px 12px;font-size:.85rem;justify-content:flex-end}header.bar .who{opacity:.75;font-size:.85rem}footer{max-width:880px;margin:0 auto;padding:8px 16px 32px;color:#57606a;font-size:.85rem}
footer a{margin-right:16px}footer .contact{margin:6px 0 0}footer .contact a{margin:0}body:has(.wide) footer{max-width:1160px}.qty{width:5em!important;display:inline-block}.inline-form{display:inline}
.steps{color:#57606a;font-size:.9rem}.ship-note{background:#fff8e6;border:1px solid #f0d58c;border-radius:8px;padding:8px 14px;font-weight:600;color:#7a5a00}.tax{color:#57606a;font-size:.85rem;margin:6px 0 0}.tax p{margin:2px 0}
.receipt{max-width:720px;margin:0 auto;background:#fff;border:1px solid #d8dee4;padding:32px}.receipt h1{text-align:center;letter-spacing:.5em}
.receipt .amount{font-size:1.6rem;font-weight:700;border-bottom:2px solid #1f2328;display:inline-block;padding:0 24px}
textarea{width:100%;min-height:5em;padding:8px;border:1px solid #afb8c1;border-radius:6px;font:inherit}
.product .thumb{display:block;width:calc(100% + 40px);max-width:none;height:auto;margin:-20px -20px 12px;border-radius:8px 8px 0 0}.product h2{font-size:1.05rem}
.product-page{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:24px;align-items:start}.product-page .photo{width:100%;height:auto;border-radius:6px}
@media (max-width:640px){header.bar .brand small{display:none}.grid{grid-template-columns:1fr}.product-page{grid-template-columns:1fr}.product .thumb{width:calc(100% + 28px);margin:-14px -14px 12px}}
`

const isAdminPath = (path = '') => /^\/(payment\/)?admin(\/|\?|$)/.test(path)

/** Staff pages get the admin's own bar: the order list, recovery, admin users, the demo's outbox, the shop, logout. */
function adminBar(ctx, shopName, lang, switchTo, next) {
  const link = (href, key, testid, extra = '') => `<a href="${href}" data-testid="${testid}"${extra}>${tr(lang, key)}</a>`
  return `<header class="bar admin-bar"><div><a class="brand" href="/payment/admin">${esc(shopName)} <small>${tr(lang, 'adminTitle')}</small></a><nav data-testid="admin-nav">
${link('/payment/admin', 'orderList', 'nav-orders')}${link('/payment/admin/recovery', 'recoveryList', 'nav-recovery')}${link('/admin/users', 'adminUsers', 'nav-admin-users')}
${ctx.outboxUrl ? link(esc(ctx.outboxUrl), 'outbox', 'nav-outbox', ' target="_blank" rel="noopener"') : ''}${link('/', 'viewShop', 'nav-shop')}
<span class="who" data-testid="nav-admin-user">${esc(ctx.admin)}</span>${link('/admin/logout', 'logout', 'nav-admin-logout')}
<a href="/lang?to=${switchTo}&amp;next=${esc(next)}" lang="${switchTo}" data-testid="nav-lang">${tr(lang, 'switchLang')}</a></nav></div></header>`
}

/** A full page. `ctx` is `req.shop` (language, customer, admin, cart count). */
export function page(ctx, title, body, settings) {
  const { lang } = ctx
  const shopName = lang === 'en' ? settings.nameEn : settings.name
  const switchTo = lang === 'en' ? 'ja' : 'en'
  const next = encodeURIComponent(ctx.path ?? '/')
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} | ${esc(shopName)}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><style>${BASE_CSS}${SHOP_CSS}</style></head>
<body>${
    ctx.admin && isAdminPath(ctx.path)
      ? adminBar(ctx, shopName, lang, switchTo, next)
      : `<header class="bar"><div><a class="brand" href="/">${esc(shopName)} <small>(${tr(lang, 'demo')})</small></a><nav>
<a href="/cart" data-testid="nav-cart">${tr(lang, 'cart')} (${ctx.cartCount ?? 0})</a>
${ctx.customer ? `<a href="/mypage" data-testid="nav-mypage">${esc(ctx.customer.name)}${tr(lang, 'honorific')}</a><a href="/logout" data-testid="nav-logout">${tr(lang, 'logout')}</a>` : `<a href="/login" data-testid="nav-login">${tr(lang, 'login')}</a>`}
${ctx.admin ? `<a href="/payment/admin" data-testid="nav-admin">${tr(lang, 'admin')}</a>` : ''}
<a href="/lang?to=${switchTo}&amp;next=${esc(next)}" lang="${switchTo}" data-testid="nav-lang">${tr(lang, 'switchLang')}</a></nav></div></header>`
  }
<main>${body}</main>
<footer><a href="/legal/tokushoho" data-testid="link-tokushoho">${tr(lang, 'legalTokushoho')}</a><a href="/legal/privacy" data-testid="link-privacy">${tr(lang, 'legalPrivacy')}</a><span>© ${esc(shopName)}</span><p class="contact" data-testid="footer-contact">${tr(lang, 'contact')}: TEL ${esc(settings.phone)}（${esc(lang === 'en' ? settings.hoursEn : settings.hours)}）・ <a href="mailto:${esc(settings.email)}">${esc(settings.email)}</a></p></footer></body></html>`
}
