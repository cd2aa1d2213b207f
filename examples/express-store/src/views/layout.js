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
header.bar .brand small{font-weight:400}footer{max-width:880px;margin:0 auto;padding:8px 16px 32px;color:#57606a;font-size:.85rem}
footer a{margin-right:16px}.qty{width:5em!important;display:inline-block}.inline-form{display:inline}
.steps{color:#57606a;font-size:.9rem}.tax{color:#57606a;font-size:.85rem;margin:6px 0 0}.tax p{margin:2px 0}
.receipt{max-width:720px;margin:0 auto;background:#fff;border:1px solid #d8dee4;padding:32px}.receipt h1{text-align:center;letter-spacing:.5em}
.receipt .amount{font-size:1.6rem;font-weight:700;border-bottom:2px solid #1f2328;display:inline-block;padding:0 24px}
textarea{width:100%;min-height:5em;padding:8px;border:1px solid #afb8c1;border-radius:6px;font:inherit}
@media (max-width:640px){header.bar .brand small{display:none}.grid{grid-template-columns:1fr}}
`

/** A full page. `ctx` is `req.shop` (language, customer, admin, cart count). */
export function page(ctx, title, body, settings) {
  const { lang } = ctx
  const shopName = lang === 'en' ? settings.nameEn : settings.name
  const switchTo = lang === 'en' ? 'ja' : 'en'
  const next = encodeURIComponent(ctx.path ?? '/')
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} | ${esc(shopName)}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><style>${BASE_CSS}${SHOP_CSS}</style></head>
<body><header class="bar"><div><a class="brand" href="/">${esc(shopName)} <small>(${tr(lang, 'demo')})</small></a><nav>
<a href="/cart" data-testid="nav-cart">${tr(lang, 'cart')} (${ctx.cartCount ?? 0})</a>
${ctx.customer ? `<a href="/mypage" data-testid="nav-mypage">${esc(ctx.customer.name)}${tr(lang, 'honorific')}</a><a href="/logout" data-testid="nav-logout">${tr(lang, 'logout')}</a>` : `<a href="/login" data-testid="nav-login">${tr(lang, 'login')}</a>`}
${ctx.admin ? `<a href="/payment/admin" data-testid="nav-admin">${tr(lang, 'admin')}</a>` : ''}
<a href="/lang?to=${switchTo}&amp;next=${esc(next)}" lang="${switchTo}" data-testid="nav-lang">${tr(lang, 'switchLang')}</a></nav></div></header>
<main>${body}</main>
<footer><a href="/legal/tokushoho" data-testid="link-tokushoho">${tr(lang, 'legalTokushoho')}</a><a href="/legal/privacy" data-testid="link-privacy">${tr(lang, 'legalPrivacy')}</a><span>© ${esc(shopName)}</span></footer></body></html>`
}
