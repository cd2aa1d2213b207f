/** A page with one message (errors, not found). */
import { html } from '../html.js'
import { t, type Lang } from '../i18n.js'

export function renderMessage(lang: Lang, title: string, message: string, shopUrl: string, kind: 'error' | 'info' = 'error'): string {
  return html`<h1>${title}</h1><div class="alert ${kind}" role="alert" data-testid="message">${message}</div><p><a href="${shopUrl}">${t(lang, 'backToShop')}</a></p>`.value
}
