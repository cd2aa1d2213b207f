/** The shop's admin pages: login and admin users (each staff member with a password of their own). */
import { tr } from '../shop/i18n.js'
import { CSRF_FIELD } from 'escott-express'
import { esc } from './html.js'

/** The CSRF token every state-changing admin form carries (escott-express's double-submit token). */
export const csrfField = (token) => `<input type="hidden" name="${CSRF_FIELD}" value="${esc(token)}">`

export function adminLoginPage(lang, { error, next }) {
  return `<h1>${tr(lang, 'adminLogin')}</h1>${error ? `<div class="alert error" role="alert" data-testid="error">${esc(error)}</div>` : ''}
<form method="post" action="/admin/login" class="card"><input type="hidden" name="next" value="${esc(next ?? '')}">
<label for="a-user">${tr(lang, 'adminUser')}</label><input type="text" id="a-user" name="login" autocomplete="username" required data-testid="admin-user">
<label for="a-pass">${tr(lang, 'password')}</label><input type="password" id="a-pass" name="password" autocomplete="current-password" required data-testid="admin-password">
<p><button type="submit" data-testid="admin-login">${tr(lang, 'login')}</button></p></form>`
}

export function adminUsersPage(lang, { admins, me, notice, error, outboxUrl, csrf }) {
  return `<p><a href="/payment/admin">← ${tr(lang, 'admin')}</a>${outboxUrl ? ` · <a href="${esc(outboxUrl)}" target="_blank" rel="noopener">${tr(lang, 'outbox')}</a>` : ''}</p><h1>${tr(lang, 'adminUsers')}</h1>
${notice ? `<div class="alert ok" data-testid="notice">${esc(notice)}</div>` : ''}${error ? `<div class="alert error" role="alert" data-testid="error">${esc(error)}</div>` : ''}
<section class="card"><ul data-testid="admins">${admins.map((a) => `<li>${esc(a.login)}${a.login === me ? ' ✓' : ''}</li>`).join('')}</ul></section>
<form method="post" action="/admin/users" class="card">${csrfField(csrf)}<h2>${tr(lang, 'addAdmin')}</h2>
<label for="n-user">${tr(lang, 'adminUser')}</label><input type="text" id="n-user" name="login" required pattern="[A-Za-z0-9_.-]{3,32}" data-testid="new-admin-user">
<label for="n-pass">${tr(lang, 'password')}</label><input type="password" id="n-pass" name="password" autocomplete="new-password" minlength="8" required data-testid="new-admin-password">
<p><button type="submit" data-testid="add-admin">${tr(lang, 'addAdmin')}</button></p></form>
<form method="post" action="/admin/password" class="card">${csrfField(csrf)}<h2>${tr(lang, 'changePassword')}</h2>
<label for="c-pass">${tr(lang, 'password')}</label><input type="password" id="c-pass" name="password" autocomplete="new-password" minlength="8" required data-testid="change-password">
<p><button type="submit" class="secondary" data-testid="change-password-submit">${tr(lang, 'changePassword')}</button></p></form>`
}
