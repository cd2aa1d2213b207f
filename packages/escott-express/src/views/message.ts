/** A page with one message (errors, not found). */
import { html } from '../html.js'
import { t, type Lang } from '../i18n.js'

/** `link` defaults to the shop; `linkLabel` names it (default "back to the shop"). */
export function renderMessage(lang: Lang, title: string, message: string, link: string, kind: 'error' | 'info' = 'error', linkLabel?: string): string {
  return html`<h1>${title}</h1><div class="alert ${kind}" role="alert" data-testid="message">${message}</div><p><a href="${link}" data-testid="message-link">${linkLabel ?? t(lang, 'backToShop')}</a></p>`
    .value
}
