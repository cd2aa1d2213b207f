// The storefront: plain browser JavaScript talking to Medusa's Store API (and the escott-medusa plugin routes).
// window.SHOP comes from /config.js: { medusaUrl, publishableKey, regionId, tokenScriptUrl }.
;(function () {
  var C = window.SHOP
  var $ = function (id) {
    return document.getElementById(id)
  }
  var yen = function (n) {
    return Number(n).toLocaleString('ja-JP') + ' 円'
  }
  var esc = function (s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return '&#' + c.charCodeAt(0) + ';'
    })
  }

  function api(path, options) {
    options = options || {}
    var headers = { 'x-publishable-api-key': C.publishableKey, accept: 'application/json' }
    if (options.body) headers['content-type'] = 'application/json'
    var token = localStorage.getItem('customerToken')
    if (token && options.auth !== false) headers.authorization = 'Bearer ' + token
    return fetch(C.medusaUrl + path, { method: options.method || (options.body ? 'POST' : 'GET'), headers: headers, body: options.body ? JSON.stringify(options.body) : undefined }).then(function (r) {
      return r
        .json()
        .catch(function () {
          return {}
        })
        .then(function (data) {
          if (!r.ok) {
            var e = new Error(data.message || 'HTTP ' + r.status)
            e.status = r.status
            throw e
          }
          return data
        })
    })
  }
  function show(kind, text) {
    var m = $('message')
    if (m) m.innerHTML = text ? '<div class="alert ' + kind + '" data-testid="message">' + esc(text) + '</div>' : ''
  }

  function cartId() {
    return localStorage.getItem('cartId')
  }
  function ensureCart() {
    if (cartId()) return Promise.resolve(cartId())
    return api('/store/carts', { body: { region_id: C.regionId } }).then(function (d) {
      localStorage.setItem('cartId', d.cart.id)
      return d.cart.id
    })
  }

  function renderProducts() {
    api('/store/products?region_id=' + C.regionId + '&fields=*variants.calculated_price').then(function (d) {
      $('products').innerHTML = d.products
        .map(function (p) {
          var v = p.variants[0]
          return (
            '<div class="card product"><h3>' +
            esc(p.title) +
            '</h3><p class="muted">' +
            esc(p.description) +
            '</p><p>' +
            yen(v.calculated_price.calculated_amount) +
            '</p><button data-variant="' +
            esc(v.id) +
            '" data-testid="add-' +
            esc(p.handle) +
            '">カートに入れる / Add to cart</button></div>'
          )
        })
        .join('')
      document.querySelectorAll('[data-variant]').forEach(function (b) {
        b.addEventListener('click', function () {
          ensureCart()
            .then(function (id) {
              return api('/store/carts/' + id + '/line-items', { body: { variant_id: b.getAttribute('data-variant'), quantity: 1 } })
            })
            .then(function () {
              location.href = '/checkout.html'
            })
        })
      })
    })
  }

  // ---- checkout ----
  function address() {
    return {
      first_name: $('first-name').value,
      last_name: $('last-name').value,
      address_1: $('address1').value,
      city: $('address1').value,
      province: $('province').value,
      postal_code: $('postal').value,
      country_code: 'jp',
      phone: $('phone').value,
    }
  }
  function saveAddress() {
    var a = address()
    return api('/store/carts/' + cartId(), { body: { email: $('email').value, shipping_address: a, billing_address: a } })
  }
  function paymentSession(providerId, data) {
    return api('/store/payment-collections', { body: { cart_id: cartId() } })
      .then(function (d) {
        return api('/store/payment-collections/' + d.payment_collection.id + '/payment-sessions', { body: { provider_id: providerId, data: data } })
      })
      .then(function (d) {
        return d.payment_collection.payment_sessions.filter(function (s) {
          return s.provider_id === providerId
        })[0]
      })
  }
  function complete() {
    return api('/store/carts/' + cartId() + '/complete', { body: {} }).then(function (d) {
      if (d.type !== 'order') throw new Error((d.error && d.error.message) || 'The order could not be placed')
      var id = cartId()
      localStorage.removeItem('cartId')
      location.href = '/order.html?id=' + encodeURIComponent(d.order.id) + '&cart=' + encodeURIComponent(id)
    })
  }
  /** Sends the browser to the card issuer's 3-D Secure page: an auto-submitted form, as the gateway expects. */
  function threeDSecure(session) {
    return api('/store/escott/3ds/' + session.id, { body: { cardholderName: $('holder').value, email: $('email').value, return_url: location.origin + '/checkout.html' } }).then(function (r) {
      var f = document.createElement('form')
      f.method = 'post'
      f.action = r.action
      Object.keys(r.fields).forEach(function (k) {
        var i = document.createElement('input')
        i.type = 'hidden'
        i.name = k
        i.value = r.fields[k]
        f.appendChild(i)
      })
      document.body.appendChild(f)
      f.submit()
    })
  }
  function fail(button) {
    return function (e) {
      show('error', e.message)
      if (button) button.disabled = false
    }
  }

  function renderCart() {
    return api('/store/carts/' + cartId()).then(function (d) {
      var c = d.cart
      $('items').innerHTML =
        c.items
          .map(function (i) {
            return '<tr><td>' + esc(i.title) + '</td><td class="num">' + i.quantity + '</td><td class="num">' + yen(i.unit_price * i.quantity) + '</td></tr>'
          })
          .join('') +
        '<tr><th>合計 / Total</th><td></td><th class="num" data-testid="total">' +
        yen(c.total) +
        '</th></tr>'
      if (c.email) $('email').value = c.email
      return c
    })
  }

  function renderAccount() {
    var logged = !!localStorage.getItem('customerToken')
    $('account').textContent = logged ? (localStorage.getItem('customerEmail') || '') + ' ログイン中' : ''
    $('login-section').hidden = logged
    $('save-row').hidden = !logged
    $('saved-cards').innerHTML = ''
    if (!logged) return Promise.resolve()
    return api('/store/escott/payment-methods')
      .then(function (d) {
        if (!d.payment_methods.length) return
        $('saved-cards').innerHTML =
          d.payment_methods
            .map(function (m) {
              return (
                '<div class="inline"><input type="radio" name="saved" id="saved-' +
                esc(m.id) +
                '" value="' +
                esc(m.id) +
                '" data-testid="saved-card"><label for="saved-' +
                esc(m.id) +
                '">保存したカード / Saved card ' +
                esc(m.maskedCard) +
                (m.cardExp ? ' (' + esc(m.cardExp.slice(2) + '/' + m.cardExp.slice(0, 2)) + ')' : '') +
                '</label></div>'
              )
            })
            .join('') + '<div class="inline"><input type="radio" name="saved" id="saved-none" value="" checked><label for="saved-none">新しいカード / New card</label></div>'
        document.querySelectorAll('input[name=saved]').forEach(function (r) {
          r.addEventListener('change', function () {
            $('new-card').hidden = !!r.value && r.checked
          })
        })
      })
      .catch(function () {})
  }

  function login() {
    var email = $('login-email').value,
      password = $('login-password').value
    var signIn = function () {
      return fetch(C.medusaUrl + '/auth/customer/emailpass', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: email, password: password }) }).then(
        function (r) {
          return r.json().then(function (d) {
            if (!r.ok) throw new Error(d.message)
            return d.token
          })
        },
      )
    }
    return signIn()
      .catch(function () {
        return fetch(C.medusaUrl + '/auth/customer/emailpass/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: email, password: password }) })
          .then(function (r) {
            return r.json()
          })
          .then(function (d) {
            return fetch(C.medusaUrl + '/store/customers', {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-publishable-api-key': C.publishableKey, authorization: 'Bearer ' + d.token },
              body: JSON.stringify({ email: email, first_name: $('first-name').value, last_name: $('last-name').value }),
            })
          })
          .then(signIn)
      })
      .then(function (token) {
        localStorage.setItem('customerToken', token)
        localStorage.setItem('customerEmail', email)
        $('email').value = email
        return api('/store/carts/' + cartId() + '/customer', { body: {} })
      })
      .then(renderAccount)
      .catch(fail())
  }

  function checkout() {
    if (!cartId()) {
      show('info', 'カートは空です / Your cart is empty')
      return
    }
    var s = document.createElement('script')
    s.src = C.tokenScriptUrl
    s.className = 'spsvToken'
    s.setAttribute('callBackFunc', 'setToken')
    document.body.appendChild(s)
    document.querySelectorAll('input[name=method]').forEach(function (r) {
      r.addEventListener('change', function () {
        $('card-section').hidden = r.value !== 'card'
        $('cvs-section').hidden = r.value !== 'cvs'
      })
    })
    $('login').addEventListener('click', login)
    var params = new URLSearchParams(location.search)
    var outcome = params.get('escott_3ds')
    renderCart()
      .then(renderAccount)
      .then(function () {
        if (outcome === 'passed') {
          show('info', '本人認証が完了しました。ご注文を確定しています… / Authenticated, placing the order…')
          return complete().catch(fail())
        }
        if (outcome) show('error', '本人認証ができませんでした。もう一度お試しください。/ Card authentication did not pass; please try again.')
      })

    var payCard = $('pay-card')
    window.setToken = function (token) {
      if (!token) {
        show('error', 'カード情報を確認してください / Please check the card details')
        payCard.disabled = false
        return
      }
      saveAddress()
        .then(function () {
          return paymentSession(C.cardProvider, { token: token, payType: '01', saveCard: $('save-card').checked })
        })
        .then(threeDSecure)
        .catch(fail(payCard))
    }
    payCard.addEventListener('click', function () {
      show('', '')
      payCard.disabled = true
      var saved = document.querySelector('input[name=saved]:checked')
      if (saved && saved.value) {
        return saveAddress()
          .then(function () {
            return paymentSession(C.cardProvider, { paymentMethodId: saved.value, payType: '01' })
          })
          .then(threeDSecure)
          .catch(fail(payCard))
      }
      SpsvApi.spsvCreateToken($('card-no').value.replace(/\D/g, ''), $('exp-yy').value, $('exp-mm').value, $('sec-cd').value, '', '', '', '', '')
    })
    var payCvs = $('pay-cvs')
    payCvs.addEventListener('click', function () {
      show('', '')
      payCvs.disabled = true
      saveAddress()
        .then(function () {
          return paymentSession(C.cvsProvider, { nameKanji: $('name-kanji').value, nameKana: $('name-kana').value, telNo: $('tel').value })
        })
        .then(complete)
        .catch(fail(payCvs))
    })
  }

  // ---- order confirmation / convenience-store slip ----
  function orderPage() {
    var params = new URLSearchParams(location.search)
    var id = params.get('id')
    api('/store/orders/' + id + '?fields=*items,payment_status,total,display_id')
      .then(function (d) {
        var o = d.order
        var paid = o.payment_status === 'captured'
        $('order').innerHTML =
          '<h2>ご注文ありがとうございました / Thank you</h2><p>ご注文番号 / Order <strong data-testid="order-id">#' +
          esc(o.display_id) +
          '</strong></p>' +
          '<table>' +
          o.items
            .map(function (i) {
              return '<tr><td>' + esc(i.title) + '</td><td class="num">' + yen(i.unit_price * i.quantity) + '</td></tr>'
            })
            .join('') +
          '<tr><th>合計</th><th class="num">' +
          yen(o.total) +
          '</th></tr></table>' +
          '<p>お支払い状況 / Payment: <strong data-testid="payment-status">' +
          esc(
            { authorized: 'カード与信済み / authorised', captured: 'お支払い済み / paid', awaiting: 'お支払い待ち / awaiting payment', not_paid: '未払い / not paid' }[o.payment_status] ||
              o.payment_status,
          ) +
          '</strong></p>'
        if (paid || !params.get('cart')) return
        return api('/store/carts/' + params.get('cart') + '?fields=*payment_collection.payment_sessions').then(function (c) {
          var sessions = (c.cart.payment_collection && c.cart.payment_collection.payment_sessions) || []
          var cvs = sessions.filter(function (s) {
            return s.data && s.data.escott && s.data.escott.slip
          })[0]
          if (!cvs) return
          var slip = cvs.data.escott.slip
          var box = $('slip')
          box.hidden = false
          box.innerHTML =
            '<h2>コンビニ払い お支払い票 / Payment slip</h2><p class="slip">決済番号 / Payment number <strong data-testid="kessai-number">' +
            esc(slip.kessaiNumber) +
            '</strong></p>' +
            '<p>お支払い金額 / Amount <strong>' +
            yen(slip.amount) +
            '</strong> <span class="muted">(手数料 / fee ' +
            yen(slip.fee) +
            ')</span></p>' +
            '<p>お支払い期限 / Pay by <strong>' +
            esc(new Date(slip.payLimit).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' })) +
            '</strong></p>' +
            '<p><a href="' +
            esc(slip.paymentPageUrl) +
            '" data-testid="payment-page">お支払い方法を見る（コンビニを選ぶ） / Choose where to pay</a></p>'
        })
      })
      .catch(function (e) {
        $('order').innerHTML = '<div class="alert error">' + esc(e.message) + '</div>'
      })
  }

  window.Shop = { renderProducts: renderProducts, checkout: checkout, orderPage: orderPage }
})()
