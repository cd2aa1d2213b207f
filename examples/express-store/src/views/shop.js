/** The shop's own pages: product list, product page, cart, delivery form, login, sign-up, my page. */
import { formatTokyo, formatYen, shopperStatusLabel } from 'escott-express'
import { PREFECTURES } from '../shop/settings.js'
import { productText } from '../shop/catalog.js'
import { imageUrl } from '../shop/images.js'
import { tr } from '../shop/i18n.js'
import { esc } from './html.js'
import { freeShippingText, shippingText } from '../shop/shipping.js'
import { isReduced, reducedMark } from '../shop/tax.js'

const notice = (text, kind = 'ok') =>
  text ? `<div class="alert ${kind}" role="${kind === 'error' ? 'alert' : 'status'}" data-testid="${kind === 'error' ? 'error' : 'notice'}">${esc(text)}</div>` : ''

function stockLabel(lang, left) {
  if (left <= 0) return `<span class="badge canceled" data-testid="stock">${tr(lang, 'soldOut')}</span>`
  if (left <= 5) return `<span class="badge expired" data-testid="stock">${tr(lang, 'fewLeft')}</span>`
  return `<span class="badge captured" data-testid="stock">${tr(lang, 'inStock')}</span>`
}

const taxMark = (lang, p) => (isReduced(p) ? ` <span class="hint">${reducedMark(p, lang).trim()}</span>` : '')

function addForm(lang, p, left) {
  if (left <= 0) return ''
  return `<form method="post" action="/cart/add"><input type="hidden" name="sku" value="${esc(p.sku)}">
<label class="inline">${tr(lang, 'quantity')} <input class="qty" type="number" name="qty" value="1" min="1" data-testid="qty-${esc(p.sku)}"></label>
<button type="submit" data-testid="add-${esc(p.sku)}">${tr(lang, 'addToCart')}</button></form>`
}

export function catalogPage(lang, products, levels, shipping) {
  return `<h1>${tr(lang, 'products')}</h1><div class="alert info">${tr(lang, 'testBanner')}</div>
<p class="ship-note" data-testid="free-shipping">${esc(freeShippingText(shipping, lang))}</p>
<div class="grid">${products
    .map((p) => {
      const t = productText(p, lang)
      const left = levels.get(p.sku) ?? 0
      return `<section class="card product" data-testid="product-${esc(p.sku)}"><a href="/products/${esc(p.sku)}" tabindex="-1"><img class="thumb" src="${imageUrl(p.sku)}" alt="" width="320" height="200"></a><h2><a href="/products/${esc(p.sku)}">${esc(t.name)}</a></h2><p class="muted">${esc(t.description)}</p>
<p class="price">${formatYen(lang, p.price)}<small>${tr(lang, 'taxIncluded')}</small>${taxMark(lang, p)}</p><p>${stockLabel(lang, left)}</p>${addForm(lang, p, left)}</section>`
    })
    .join('')}</div><p class="hint">${tr(lang, 'reducedMark')}</p>`
}

export function productPage(lang, p, left) {
  const t = productText(p, lang)
  return `<p><a href="/">← ${tr(lang, 'products')}</a></p><h1 data-testid="product-name">${esc(t.name)}</h1>
<section class="card product-page"><img class="photo" src="${imageUrl(p.sku)}" alt="${esc(t.name)}" width="320" height="200" data-testid="product-image"><div><p>${esc(t.description)}</p><p class="price">${formatYen(lang, p.price)}<small>${tr(lang, 'taxIncluded')}</small></p>
${isReduced(p) ? `<p class="hint">${tr(lang, 'reducedMark')}</p>` : ''}<p>${stockLabel(lang, left)}</p>${addForm(lang, p, left)}</div></section>`
}

export function cartPage(lang, lines, message, shipping) {
  if (lines.length === 0)
    return `<h1>${tr(lang, 'cart')}</h1>${notice(message?.text, message?.kind)}<section class="card"><p class="muted" data-testid="cart-empty">${tr(lang, 'cartEmpty')}</p></section><p><a href="/">${tr(lang, 'continueShopping')}</a></p>`
  const total = lines.reduce((a, l) => a + l.product.price * l.qty, 0)
  return `<h1>${tr(lang, 'cart')}</h1>${notice(message?.text, message?.kind)}
<section class="card"><div class="table-wrap"><table data-testid="cart"><thead><tr><th>${tr(lang, 'item')}</th><th class="num">${tr(lang, 'unitPrice')}</th><th class="num">${tr(lang, 'quantity')}</th><th class="num">${tr(lang, 'amount')}</th><th></th></tr></thead><tbody>
${lines
  .map((l) => {
    const t = productText(l.product, lang)
    return `<tr data-testid="line-${esc(l.product.sku)}"><td><a href="/products/${esc(l.product.sku)}">${esc(t.name)}</a>${taxMark(lang, l.product)}</td><td class="num">${formatYen(lang, l.product.price)}</td>
<td class="num"><form method="post" action="/cart/update" class="inline-form"><input type="hidden" name="sku" value="${esc(l.product.sku)}"><input class="qty" type="number" name="qty" value="${l.qty}" min="1" aria-label="${tr(lang, 'quantity')}" data-testid="cart-qty-${esc(l.product.sku)}"> <button type="submit" class="small secondary" data-testid="update-${esc(l.product.sku)}">${tr(lang, 'update')}</button></form></td>
<td class="num">${formatYen(lang, l.product.price * l.qty)}</td>
<td><form method="post" action="/cart/remove" class="inline-form"><input type="hidden" name="sku" value="${esc(l.product.sku)}"><button type="submit" class="small danger" data-testid="remove-${esc(l.product.sku)}">${tr(lang, 'remove')}</button></form></td></tr>`
  })
  .join('')}
<tr class="total"><td colspan="3">${tr(lang, 'goodsTotal')}</td><td class="num" data-testid="cart-total">${formatYen(lang, total)}</td><td></td></tr></tbody></table></div>
<p class="hint">${tr(lang, 'reducedMark')} ${esc(tr(lang, 'shippingTable', { table: shippingText(shipping, lang) }))}</p>
<p><a class="button" href="/checkout" data-testid="checkout">${tr(lang, 'toCheckout')}</a></p>
<form method="post" action="/cart/clear"><button type="submit" class="secondary small" data-testid="clear-cart">${tr(lang, 'clearCart')}</button></form></section>
<p><a href="/">${tr(lang, 'continueShopping')}</a></p>`
}

const input = (lang, name, label, value, attrs = '') =>
  `<label for="f-${name}">${label}</label><input type="text" id="f-${name}" name="${name}" value="${esc(value ?? '')}" ${attrs} data-testid="f-${name}">`

/** The address fields shared by checkout and sign-up. */
function addressFields(lang, v) {
  return `${input(lang, 'name', `${tr(lang, 'name')} <small>${tr(lang, 'required')}</small>`, v.name, 'autocomplete="name" required maxlength="50"')}
${input(lang, 'kana', `${tr(lang, 'kana')} <small>${tr(lang, 'required')}</small>`, v.kana, 'required placeholder="ヤマダ ハナコ"')}
${input(lang, 'phone', `${tr(lang, 'phone')} <small>${tr(lang, 'required')}</small>`, v.phone, 'type="tel" autocomplete="tel" inputmode="tel" required placeholder="090-1234-5678"')}
<div class="row"><div>${input(lang, 'postalCode', `${tr(lang, 'postalCode')} <small>${tr(lang, 'required')}</small>`, v.postalCode, 'autocomplete="postal-code" inputmode="numeric" required placeholder="100-0001"')}</div>
<div><label for="f-prefecture">${tr(lang, 'prefecture')} <small>${tr(lang, 'required')}</small></label><select id="f-prefecture" name="prefecture" required data-testid="f-prefecture"><option value=""></option>${PREFECTURES.map((p) => `<option ${v.prefecture === p ? 'selected' : ''}>${p}</option>`).join('')}</select></div></div>
${input(lang, 'address', `${tr(lang, 'address')} <small>${tr(lang, 'required')}</small>`, v.address, 'autocomplete="street-address" required maxlength="120"')}`
}

export function checkoutPage(lang, { lines, values, errors, deliveryTimes, shippingEstimate, guest }) {
  const goods = lines.reduce((a, l) => a + l.product.price * l.qty, 0)
  return `<h1>${tr(lang, 'checkout')}</h1><p class="steps">${tr(lang, 'steps')}</p>
${errors.length ? `<div class="alert error" role="alert" data-testid="error">${errors.map(esc).join('<br>')}</div>` : ''}
<section class="card"><table><tbody>${lines.map((l) => `<tr><td>${esc(productText(l.product, lang).name)}</td><td class="num">× ${l.qty}</td><td class="num">${formatYen(lang, l.product.price * l.qty)}</td></tr>`).join('')}
<tr class="total"><td colspan="2">${tr(lang, 'goodsTotal')}</td><td class="num">${formatYen(lang, goods)}</td></tr></tbody></table><p class="hint">${esc(shippingEstimate)}</p></section>
<form method="post" action="/checkout" class="card" novalidate data-testid="checkout-form"><h2>${tr(lang, 'delivery')}</h2>
${guest ? `<p class="hint" data-testid="member-hint">${tr(lang, 'memberHint', { login: `<a href="/login?next=/checkout">${tr(lang, 'login')}</a>`, signup: `<a href="/signup?next=/checkout">${tr(lang, 'signup')}</a>` })}</p>` : ''}
${addressFields(lang, values)}
<label for="f-email">${tr(lang, 'email')} <small>${tr(lang, 'required')}</small></label><input type="email" id="f-email" name="email" value="${esc(values.email ?? '')}" autocomplete="email" required data-testid="f-email">
<label for="f-deliveryTime">${tr(lang, 'deliveryTime')}</label><select id="f-deliveryTime" name="deliveryTime" data-testid="f-deliveryTime">${deliveryTimes.map((d) => `<option value="${esc(d.ja)}" ${values.deliveryTime === d.ja ? 'selected' : ''}>${esc(d[lang])}</option>`).join('')}</select>
<label for="f-note">${tr(lang, 'note')}</label><textarea id="f-note" name="note" maxlength="500" data-testid="f-note">${esc(values.note ?? '')}</textarea>
<p><button type="submit" data-testid="to-confirm">${tr(lang, 'toConfirm')}</button></p></form>`
}

export function loginPage(lang, { error, next, email }) {
  return `<h1>${tr(lang, 'login')}</h1>${notice(error, 'error')}
<form method="post" action="/login" class="card" data-testid="login-form"><input type="hidden" name="next" value="${esc(next ?? '')}">
<label for="l-email">${tr(lang, 'email')}</label><input type="email" id="l-email" name="email" value="${esc(email ?? '')}" autocomplete="username" required data-testid="login-email">
<label for="l-password">${tr(lang, 'password')}</label><input type="password" id="l-password" name="password" autocomplete="current-password" required data-testid="login-password">
<p><button type="submit" data-testid="login-submit">${tr(lang, 'login')}</button></p></form>
<p>${tr(lang, 'noAccount')}: <a href="/signup${next ? `?next=${encodeURIComponent(next)}` : ''}" data-testid="to-signup">${tr(lang, 'signup')}</a></p>`
}

export function signupPage(lang, { errors, values, next }) {
  return `<h1>${tr(lang, 'signupTitle')}</h1><p>${tr(lang, 'signupLead')}</p>
${errors.length ? `<div class="alert error" role="alert" data-testid="error">${errors.map(esc).join('<br>')}</div>` : ''}
<form method="post" action="/signup" class="card" novalidate data-testid="signup-form"><input type="hidden" name="next" value="${esc(next ?? '')}">
<label for="f-email">${tr(lang, 'email')}</label><input type="email" id="f-email" name="email" value="${esc(values.email ?? '')}" autocomplete="email" required data-testid="f-email">
<label for="f-password">${tr(lang, 'password')}</label><input type="password" id="f-password" name="password" autocomplete="new-password" minlength="8" required data-testid="f-password">
${addressFields(lang, values)}
<p><button type="submit" data-testid="signup-submit">${tr(lang, 'createAccount')}</button></p></form>
<p><a href="/login">${tr(lang, 'haveAccount')}</a></p>`
}

export function myPage(lang, { customer, orders, details, message }) {
  return `<h1>${tr(lang, 'myPage')}</h1>${notice(message)}
<section class="card"><h2>${tr(lang, 'profile')}</h2><p data-testid="profile">${esc(customer.name)}${tr(lang, 'honorific')}（${esc(customer.email)}）<br>〒${esc(customer.postalCode)} ${esc(customer.prefecture)}${esc(customer.address)}<br>${esc(customer.phone)}</p>
<p><a href="/payment/cards" data-testid="to-cards">${tr(lang, 'savedCardLink')}</a></p></section>
<section class="card"><h2>${tr(lang, 'orderHistory')}</h2>${
    orders.length === 0
      ? `<p class="muted" data-testid="no-history">${tr(lang, 'noOrders')}</p>`
      : `<div class="table-wrap"><table data-testid="history"><thead><tr><th>${tr(lang, 'orderDate')}</th><th>${tr(lang, 'orderNumber')}</th><th class="num">${tr(lang, 'amount')}</th><th>${tr(lang, 'status')}</th><th></th></tr></thead><tbody>${orders
          .map((o) => {
            const shipped = details.get(o.id)?.shippedAt
            const receipt = ['authorized', 'captured', 'paid'].includes(o.status) ? ` <a href="/orders/${esc(o.id)}/receipt">${tr(lang, 'receipt')}</a>` : ''
            return `<tr data-testid="history-${esc(o.merchantFree1)}"><td class="nowrap">${esc(formatTokyo(o.createdAt).slice(0, 10))}</td><td><a class="mono" href="/payment/orders/${esc(o.id)}">${esc(o.merchantFree1)}</a></td><td class="num">${formatYen(lang, o.method && o.status !== 'pending' ? o.amount : o.subtotal)}</td><td>${esc(shopperStatusLabel(lang, o.status))}${shipped ? ` / ${tr(lang, 'shipped')}` : ''}</td><td>${receipt}</td></tr>`
          })
          .join('')}</tbody></table></div>`
  }</section>`
}
