/** "My page": the shopper's stored card — add, replace, delete. */
import { html, raw, scriptJson } from '../html.js'
import { explainCode } from 'escott-core'
import { SHOPPER_FIELD_MESSAGES } from 'escott-flows'
import { brandLabel, t, type Lang } from '../i18n.js'

/** The texts of the card form's script: field checks and each token-script refusal. */
function cardScriptTexts(lang: Lang) {
  const codes: Record<string, string> = {}
  for (const code of ['KI1', 'KI2', 'KI3', 'KI4', 'KI5', 'KI6', 'K96']) codes[code] = explainCode(code).shopper[lang]
  codes.K20 = SHOPPER_FIELD_MESSAGES.cardNumber[lang]
  codes.K21 = SHOPPER_FIELD_MESSAGES.expiry[lang]
  codes.K24 = SHOPPER_FIELD_MESSAGES.securityCode[lang]
  codes.C16 = t(lang, 'cardNumberNotTest')
  return {
    codes,
    cardNumber: SHOPPER_FIELD_MESSAGES.cardNumber[lang],
    securityCode: SHOPPER_FIELD_MESSAGES.securityCode[lang],
    cardholderName: SHOPPER_FIELD_MESSAGES.cardholderName[lang],
    tokenMissing: t(lang, 'tokenMissing'),
  }
}

export interface CardsView {
  lang: Lang
  base: string
  scriptUrl: string
  /** Pre-fills the e-mail field (3-D Secure needs the cardholder's e-mail). */
  email?: string | undefined
  card: { maskedCard: string | null; brand: string | null; cardExp?: string | undefined } | undefined
  /** Why the card cannot be deleted, when it cannot. */
  deleteBlocked?: string | undefined
  notice?: string | undefined
  error?: string | undefined
}

export function renderCards(v: CardsView): string {
  const { lang, base } = v
  const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Tokyo', year: 'numeric' }).format(new Date()))
  const years = Array.from({ length: 12 }, (_, i) => thisYear + i)
  return html`<h1>${t(lang, 'myCardsTitle')}</h1>
${v.notice ? html`<div class="alert ok" data-testid="notice">${v.notice}</div>` : ''}
${v.error ? html`<div class="alert error" role="alert" data-testid="error">${v.error}</div>` : ''}
<section class="card">
${
  v.card
    ? html`<p>${t(lang, 'savedCard')}: <span class="mono" data-testid="saved-card">${v.card.maskedCard ?? ''}</span> ${brandLabel(v.card.brand)}
${v.card.cardExp ? html` (${t(lang, 'expires')} ${v.card.cardExp.slice(2)}/${v.card.cardExp.slice(0, 2)})` : ''}</p>
<form method="post" action="${base}/cards/delete" onsubmit="return confirm(${JSON.stringify(t(lang, 'confirmDeleteCard'))})"><button type="submit" class="danger small" data-testid="delete-card" ${v.deleteBlocked ? 'disabled' : ''}>${t(lang, 'deleteCard')}</button></form>
${v.deleteBlocked ? html`<p class="hint" data-testid="delete-blocked">${v.deleteBlocked}</p>` : ''}`
    : html`<p class="muted" data-testid="no-card">${t(lang, 'noSavedCard')}</p>`
}
</section>
<section class="card"><h2>${v.card ? t(lang, 'replaceCard') : t(lang, 'addCard')}</h2>
<form id="card-form" method="post" action="${base}/cards" autocomplete="off">
<input type="hidden" name="token" value=""><input type="hidden" name="maskedCard" value="">
<label for="card-no">${t(lang, 'cardNumber')}</label><input type="text" id="card-no" inputmode="numeric" maxlength="19" data-testid="card-number">
<div class="row">
<div><label for="exp-mm">${t(lang, 'expiry')} (${t(lang, 'month')})</label><select id="exp-mm" data-testid="exp-month">${Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')).map((m) => html`<option>${m}</option>`)}</select></div>
<div><label for="exp-yy">${t(lang, 'expiry')} (${t(lang, 'year')})</label><select id="exp-yy" data-testid="exp-year">${years.map((y) => html`<option value="${String(y).slice(-2)}">${y}</option>`)}</select></div>
<div><label for="sec-cd">${t(lang, 'securityCode')}</label><input type="text" id="sec-cd" inputmode="numeric" maxlength="4" data-testid="security-code"></div>
</div>
<div class="row">
<div><label for="holder">${t(lang, 'cardholderName')}</label><input type="text" id="holder" name="cardholderName" autocomplete="cc-name" placeholder="TARO YAMADA" data-testid="cardholder-name"></div>
<div><label for="email">${t(lang, 'email')}</label><input type="email" id="email" name="email" autocomplete="email" value="${v.email ?? ''}" data-testid="email"></div>
</div>
<p class="hint">${t(lang, 'threeDSecureNote')}</p>
<p id="card-message" class="alert error" hidden></p>
<p><button type="submit" id="save" data-testid="save-card">${v.card ? t(lang, 'replaceCard') : t(lang, 'addCard')}</button></p>
</form></section>
<script src="${v.scriptUrl}" callBackFunc="setToken" class="spsvToken"></script>
<script>${raw(`(function(){var f=document.getElementById('card-form');var m=document.getElementById('card-message');var b=document.getElementById('save');var L=b.textContent;var T=${scriptJson(cardScriptTexts(lang)).value};
function fail(x){m.textContent=x;m.hidden=false;b.disabled=false;b.textContent=L;}
function half(s){return String(s||'').replace(/[\\uFF10-\\uFF19]/g,function(c){return String.fromCharCode(c.charCodeAt(0)-0xFEE0)});}
window.setToken=function(token,masked){if(!token){var c=(window.SpsvApi&&SpsvApi.spsvErrorCode)||'';return fail(T.codes[c]||T.tokenMissing);}f.token.value=token;f.maskedCard.value=masked||'';f.submit();};
f.addEventListener('submit',function(e){if(f.token.value)return;e.preventDefault();m.hidden=true;var d=half(document.getElementById('card-no').value).replace(/[\\s\\-]/g,'');if(!/^\\d{14,16}$/.test(d))return fail(T.cardNumber);
var sc=half(document.getElementById('sec-cd').value).trim();if(!/^\\d{3,4}$/.test(sc))return fail(T.securityCode);
var h=document.getElementById('holder');h.value=half(h.value).trim();if(!/^[A-Za-z][A-Za-z .'\\-]{0,44}$/.test(h.value))return fail(T.cardholderName);
if(typeof SpsvApi==='undefined')return fail(T.tokenMissing);b.disabled=true;
SpsvApi.spsvCreateToken(d,document.getElementById('exp-yy').value,document.getElementById('exp-mm').value,sc,'','','','','');});})();`)}</script>`.value
}
