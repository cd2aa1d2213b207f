/** The checkout page: card (token script, installments by brand, saved card, 3-D Secure note) and convenience store. */
import { html, raw, scriptJson } from '../html.js'
import { formatYen, t, type Lang } from '../i18n.js'
import type { Order, OrderError } from '../types.js'
import { orderSummary, shopperError } from './common.js'

/** Data of {@link renderCheckout}. */
export interface CheckoutView {
  lang: Lang
  /** Mount path of the router (`req.baseUrl`). */
  base: string
  order: Order
  /** URL of the e-SCOTT token JavaScript. */
  scriptUrl: string
  threeDSecure: boolean
  error?: OrderError | null | undefined
  savedCard?: { maskedCard: string | null; brand: string | null } | undefined
  canSaveCard: boolean
  cvs?: { fee: number; available: boolean; payLimitDays: number } | undefined
  method?: 'card' | 'cvs'
  /** Prefill of the CVS form after an error. */
  cvsForm?: { nameKanji?: string; nameKana?: string; telNo?: string }
  email?: string | undefined
}

const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'))

export function renderCheckout(v: CheckoutView): string {
  const { lang, base, order } = v
  const id = encodeURIComponent(order.id)
  const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Tokyo', year: 'numeric' }).format(new Date()))
  const years = Array.from({ length: 12 }, (_, i) => thisYear + i)
  const method = v.method ?? 'card'
  const cvsOn = v.cvs !== undefined
  const texts = {
    tokenMissing: t(lang, 'tokenMissing'),
    processing: t(lang, 'processing'),
    installmentsHint: t(lang, 'installmentsHint'),
  }
  return html`<h1>${t(lang, 'checkoutTitle')}</h1>
${shopperError(lang, v.error, v.error ? t(lang, 'tryAgain') : undefined)}
<section class="card">${orderSummary(lang, order, 0)}</section>
<h2>${t(lang, 'paymentMethod')}</h2>
${cvsOn
    ? html`<div class="methods">
<label><input type="radio" name="method" value="card" data-testid="method-card" ${method === 'card' ? 'checked' : ''}>${t(lang, 'methodCard')}</label>
<label><input type="radio" name="method" value="cvs" data-testid="method-cvs" ${method === 'cvs' ? 'checked' : ''}>${t(lang, 'methodCvs')}</label>
</div>`
    : ''}
<section class="card" id="card-section" ${method === 'card' ? '' : 'hidden'}>
<form id="card-form" method="post" action="${base}/checkout/${id}/card" autocomplete="off">
<input type="hidden" name="token" value="">
<input type="hidden" name="maskedCard" value="">
${v.savedCard
    ? html`<label><input type="radio" name="useSavedCard" value="1" checked data-testid="use-saved-card" data-brand="${v.savedCard.brand ?? ''}"> ${t(lang, 'useSavedCard')}: <span class="mono">${v.savedCard.maskedCard ?? ''}</span></label>
<label><input type="radio" name="useSavedCard" value="0" data-testid="use-new-card"> ${t(lang, 'useNewCard')}</label>`
    : ''}
<div id="new-card" ${v.savedCard ? 'hidden' : ''}>
<label for="card-no">${t(lang, 'cardNumber')}</label>
<input type="text" id="card-no" inputmode="numeric" autocomplete="cc-number" maxlength="19" placeholder="4000000000001000" data-testid="card-number">
<p class="hint">${t(lang, 'cardNumberHint')}</p>
<div class="row">
<div><label for="exp-mm">${t(lang, 'expiry')} (${t(lang, 'month')})</label><select id="exp-mm" data-testid="exp-month">${MONTHS.map((m) => html`<option value="${m}">${m}</option>`)}</select></div>
<div><label for="exp-yy">${t(lang, 'expiry')} (${t(lang, 'year')})</label><select id="exp-yy" data-testid="exp-year">${years.map((y) => html`<option value="${String(y).slice(-2)}">${y}</option>`)}</select></div>
<div><label for="sec-cd">${t(lang, 'securityCode')}</label><input type="text" id="sec-cd" inputmode="numeric" maxlength="4" autocomplete="cc-csc" data-testid="security-code"></div>
</div>
${v.canSaveCard ? html`<label><input type="checkbox" name="saveCard" value="1" data-testid="save-card"> ${t(lang, 'saveCard')}</label>` : ''}
</div>
${v.threeDSecure
    ? html`<div class="row">
<div><label for="holder">${t(lang, 'cardholderName')}</label><input type="text" id="holder" name="cardholderName" autocomplete="cc-name" placeholder="TARO YAMADA" data-testid="cardholder-name"></div>
<div><label for="email">${t(lang, 'email')}</label><input type="email" id="email" name="email" autocomplete="email" value="${v.email ?? order.email ?? ''}" data-testid="email"></div>
</div>`
    : ''}
<label for="pay-type">${t(lang, 'installments')}</label>
<select id="pay-type" name="payType" data-testid="pay-type"><option value="01">${lang === 'ja' ? '一括払い' : 'Lump sum'}</option></select>
<p class="hint">${t(lang, 'installmentsHint')}</p>
${v.threeDSecure ? html`<p class="hint">${t(lang, 'threeDSecureNote')}</p>` : ''}
<p id="card-message" class="alert error" hidden role="alert"></p>
<p><button type="submit" id="pay-card" data-testid="pay-card">${t(lang, 'payNow')} (${formatYen(lang, order.subtotal)})</button></p>
</form>
</section>
${cvsOn ? renderCvsForm(v, id, method) : ''}
<script src="${v.scriptUrl}" callBackFunc="setToken" class="spsvToken"></script>
<script>${raw(checkoutScript(`${base}/installments`, texts))}</script>`.value
}

function renderCvsForm(v: CheckoutView, id: string, method: string) {
  const { lang, base, order } = v
  const cvs = v.cvs!
  return html`<section class="card" id="cvs-section" ${method === 'cvs' ? '' : 'hidden'}>
${cvs.available
    ? html`<form id="cvs-form" method="post" action="${base}/checkout/${id}/cvs">
${orderSummary(lang, order, cvs.fee)}
<p class="hint">${t(lang, 'cvsNote')} (${t(lang, 'payLimit')}: ${lang === 'ja' ? `${cvs.payLimitDays}日後の23:59まで` : `within ${cvs.payLimitDays} days`})</p>
<label for="name-kanji">${t(lang, 'nameKanji')}</label><input type="text" id="name-kanji" name="nameKanji" required maxlength="20" value="${v.cvsForm?.nameKanji ?? ''}" placeholder="山田太郎" data-testid="name-kanji">
<label for="name-kana">${t(lang, 'nameKana')}</label><input type="text" id="name-kana" name="nameKana" required maxlength="20" value="${v.cvsForm?.nameKana ?? ''}" placeholder="ヤマダタロウ" data-testid="name-kana">
<label for="tel">${t(lang, 'telNo')}</label><input type="tel" id="tel" name="telNo" required maxlength="13" value="${v.cvsForm?.telNo ?? ''}" placeholder="0312345678" data-testid="tel">
<p><button type="submit" data-testid="pay-cvs">${t(lang, 'payCvs')} (${formatYen(lang, order.subtotal + cvs.fee)})</button></p>
</form>`
    : html`<p class="alert info">${t(lang, 'cvsUnavailable')}</p>`}
</section>`
}

function checkoutScript(installmentsUrl: string, texts: Record<string, string>): string {
  return `(function(){
var T=${scriptJson(texts).value};
var form=document.getElementById('card-form');
var cardNo=document.getElementById('card-no');
var payType=document.getElementById('pay-type');
var msg=document.getElementById('card-message');
var newCard=document.getElementById('new-card');
var button=document.getElementById('pay-card');
var lastKey='';
function fill(list){var keep=payType.value;payType.innerHTML='';list.forEach(function(o){var e=document.createElement('option');e.value=o.code;e.textContent=o.label;if(o.code===keep)e.selected=true;payType.appendChild(e);});}
function load(query){if(query===lastKey)return;lastKey=query;fetch(${scriptJson(installmentsUrl).value}+'?'+query,{headers:{accept:'application/json'}}).then(function(r){return r.json()}).then(function(d){fill(d.options)}).catch(function(){});}
function usingSaved(){var r=form.querySelector('input[name=useSavedCard]:checked');return !!r&&r.value==='1';}
function onCard(){var d=cardNo.value.replace(/\\D/g,'');if(d.length>=6)load('bin='+d.slice(0,6));}
cardNo.addEventListener('input',onCard);
form.querySelectorAll('input[name=useSavedCard]').forEach(function(r){r.addEventListener('change',function(){newCard.hidden=usingSaved();if(usingSaved()){load('brand='+encodeURIComponent(r.getAttribute('data-brand')||form.querySelector('input[name=useSavedCard][value="1"]').getAttribute('data-brand')||''));}else{lastKey='';onCard();}});});
if(usingSaved()){var s=form.querySelector('input[name=useSavedCard][value="1"]');load('brand='+encodeURIComponent(s.getAttribute('data-brand')||''));}
document.querySelectorAll('input[name=method]').forEach(function(r){r.addEventListener('change',function(){document.getElementById('card-section').hidden=r.value!=='card';var c=document.getElementById('cvs-section');if(c)c.hidden=r.value!=='cvs';});});
window.setToken=function(token,masked){if(!token){msg.textContent=T.tokenMissing;msg.hidden=false;button.disabled=false;return;}form.token.value=token;form.maskedCard.value=masked||'';form.submit();};
form.addEventListener('submit',function(e){if(usingSaved()||form.token.value){button.disabled=true;return;}e.preventDefault();msg.hidden=true;
if(typeof SpsvApi==='undefined'){msg.textContent=T.tokenMissing;msg.hidden=false;return;}
button.disabled=true;button.textContent=T.processing;
SpsvApi.spsvCreateToken(cardNo.value.replace(/\\D/g,''),document.getElementById('exp-yy').value,document.getElementById('exp-mm').value,document.getElementById('sec-cd').value,'','','','','');});
})();`
}
