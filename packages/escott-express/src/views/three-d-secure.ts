/** The page that sends the shopper's browser to 3-D Secure: an auto-submitting form. */
import { html } from '../html.js'
import { t, type Lang } from '../i18n.js'

export function renderThreeDSecureRedirect(lang: Lang, action: string, fields: Record<string, string>): string {
  return html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>3-D Secure</title>
<style>body{font-family:system-ui,sans-serif;max-width:560px;margin:48px auto;padding:0 16px;color:#1f2328}button{background:#0b5cad;color:#fff;border:0;border-radius:6px;padding:12px 20px;font-size:1rem}</style></head>
<body><p>${t(lang, 'redirecting3ds')}</p>
<form id="escott-3ds" method="post" action="${action}">
${Object.entries(fields).map(([k, val]) => html`<input type="hidden" name="${k}" value="${val}">`)}
<button type="submit">${t(lang, 'continue')}</button></form>
<script>document.getElementById('escott-3ds').submit()</script></body></html>`.value
}
