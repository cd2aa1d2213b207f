/**
 * The checkout page — the final confirmation screen (最終確認画面) and the payment form in one: the order lines with
 * quantities and prices, the one total of the chosen method, the shop's delivery and cancellation terms, then card
 * (token script, installments by brand, saved card, 3-D Secure) or convenience store.
 */
import { explainCode } from 'escott-core'
import { SHOPPER_FIELD_MESSAGES } from 'escott-flows'
import { html, raw, scriptJson } from '../html.js'
import { brandLabel, formatYen, t, type Lang } from '../i18n.js'
import type { Order, OrderError } from '../types.js'
import { orderSummary, shopperError, type SummaryOptions } from './common.js'

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
  /** Prefill of the CVS form (from the order's contact, or what was typed before a refusal). */
  cvsForm?: { nameKanji?: string; nameKana?: string; telNo?: string }
  /** Prefill of the card form's cardholder name and e-mail. */
  cardForm?: { cardholderName?: string; email?: string }
  email?: string | undefined
  /** The shop's block below each summary (tax by rate). */
  summaryExtra?: SummaryOptions['extra']
  summaryItemNote?: SummaryOptions['itemNote']
  /** The shop's final-confirmation block (delivery, cancellation and return terms), above the order buttons. */
  confirmation?: string
  /** The page this one was reached from refused a second payment (two tabs). */
  notice?: string
}

const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'))
/** What the token script may answer instead of a token (sandbox and gateway): each explained to the shopper. */
const TOKEN_CODES = ['K20', 'K21', 'K24', 'K27', 'K28', 'C16', 'KI1', 'KI2', 'KI3', 'KI4', 'KI5', 'KI6', 'K96', 'K01'] as const

/** The messages the checkout script shows, by field check or token-script code. */
function scriptTexts(lang: Lang) {
  const f = SHOPPER_FIELD_MESSAGES
  const codes: Record<string, string> = {}
  for (const code of TOKEN_CODES) codes[code] = explainCode(code).shopper[lang]
  codes.K20 = f.cardNumber[lang]
  codes.K21 = f.expiry[lang]
  codes.K24 = f.securityCode[lang]
  codes.C16 = t(lang, 'cardNumberNotTest')
  return {
    codes,
    cardNumber: f.cardNumber[lang],
    expiry: f.expiry[lang],
    securityCode: f.securityCode[lang],
    cardholderName: f.cardholderName[lang],
    email: f.email[lang],
    nameKanji: f.nameKanji[lang],
    nameKana: f.nameKana[lang],
    telNo: f.telNo[lang],
    tokenMissing: t(lang, 'tokenMissing'),
    scriptMissing: t(lang, 'tokenScriptMissing'),
    processing: t(lang, 'sendingCard'),
  }
}

export function renderCheckout(v: CheckoutView): string {
  const { lang, base, order } = v
  const id = encodeURIComponent(order.id)
  const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Tokyo', year: 'numeric' }).format(new Date()))
  const years = Array.from({ length: 12 }, (_, i) => thisYear + i)
  const method = v.method ?? 'card'
  const cvsOn = v.cvs !== undefined
  const cvsFee = v.cvs?.available ? v.cvs.fee : 0
  const cardTotal = order.subtotal
  const email = v.cardForm?.email ?? v.email ?? order.email ?? ''
  return html`<h1>${t(lang, 'checkoutTitle')}</h1>
${v.notice ? html`<div class="alert info" data-testid="notice">${v.notice}</div>` : ''}
${shopperError(lang, v.error)}
<p class="hint">${t(lang, 'finalCheck')}</p>
<section class="card" data-summary="card" ${method === 'card' ? '' : 'hidden'}>${orderSummary(lang, order, { fee: 0, amount: cardTotal, extra: v.summaryExtra, itemNote: v.summaryItemNote })}</section>
${cvsOn && v.cvs!.available ? html`<section class="card" data-summary="cvs" ${method === 'cvs' ? '' : 'hidden'}>${orderSummary(lang, order, { fee: cvsFee, amount: order.subtotal + cvsFee, extra: v.summaryExtra, itemNote: v.summaryItemNote, testid: 'cvs' })}</section>` : ''}
${v.confirmation ? html`<section class="card" data-testid="confirmation">${raw(v.confirmation)}</section>` : ''}
<h2>${t(lang, 'paymentMethod')}</h2>
${
  cvsOn
    ? html`<div class="methods">
<label><input type="radio" name="method" value="card" data-testid="method-card" ${method === 'card' ? 'checked' : ''}>${t(lang, 'methodCard')}</label>
<label><input type="radio" name="method" value="cvs" data-testid="method-cvs" ${method === 'cvs' ? 'checked' : ''}>${t(lang, 'methodCvs')}</label>
</div>`
    : ''
}
<section class="card" id="card-section" ${method === 'card' ? '' : 'hidden'}>
<form id="card-form" method="post" action="${base}/checkout/${id}/card" autocomplete="off" novalidate>
<input type="hidden" name="token" value="">
<input type="hidden" name="maskedCard" value="">
${
  v.savedCard
    ? html`<label><input type="radio" name="useSavedCard" value="1" checked data-testid="use-saved-card" data-brand="${v.savedCard.brand ?? ''}"> ${t(lang, 'useSavedCard')}: <span class="mono">${v.savedCard.maskedCard ?? ''}</span> ${brandLabel(v.savedCard.brand)}</label>
<label><input type="radio" name="useSavedCard" value="0" data-testid="use-new-card"> ${t(lang, 'useNewCard')}</label>`
    : ''
}
<div id="new-card" ${v.savedCard ? 'hidden' : ''}>
<label for="card-no">${t(lang, 'cardNumber')}</label>
<input type="text" id="card-no" inputmode="numeric" autocomplete="cc-number" maxlength="23" placeholder="4000000000001000" data-testid="card-number">
<p class="hint">${t(lang, 'cardNumberHint')}</p>
<div class="row expiry">
<div><label for="exp-mm">${t(lang, 'expiry')} (${t(lang, 'month')})</label><select id="exp-mm" data-testid="exp-month">${MONTHS.map((m) => html`<option value="${m}">${m}</option>`)}</select></div>
<div><label for="exp-yy">${t(lang, 'expiry')} (${t(lang, 'year')})</label><select id="exp-yy" data-testid="exp-year">${years.map((y) => html`<option value="${String(y).slice(-2)}">${y}</option>`)}</select></div>
<div><label for="sec-cd">${t(lang, 'securityCode')}</label><input type="text" id="sec-cd" inputmode="numeric" maxlength="4" autocomplete="cc-csc" required pattern="[0-9０-９]{3,4}" data-testid="security-code"></div>
</div>
${v.canSaveCard ? html`<label><input type="checkbox" name="saveCard" value="1" data-testid="save-card"> ${t(lang, 'saveCard')}</label>` : ''}
</div>
${
  v.threeDSecure
    ? html`<div class="row stack">
<div><label for="holder">${t(lang, 'cardholderName')}</label><input type="text" id="holder" name="cardholderName" autocomplete="cc-name" required maxlength="45" pattern="[A-Za-z][A-Za-z .'\\-]*" placeholder="TARO YAMADA" value="${v.cardForm?.cardholderName ?? ''}" data-keep="holder" data-testid="cardholder-name"></div>
<div><label for="email">${t(lang, 'email')}</label><input type="email" id="email" name="email" autocomplete="email" required value="${email}" data-keep="email" data-testid="email"></div>
</div>`
    : ''
}
<label for="pay-type">${t(lang, 'installments')}</label>
<select id="pay-type" name="payType" data-testid="pay-type"><option value="01">${lang === 'ja' ? '一括払い' : 'Lump sum'}</option></select>
<p class="hint" id="installments-hint" ${v.savedCard ? 'hidden' : ''}>${t(lang, 'installmentsHint')}</p>
${v.threeDSecure ? html`<p class="hint">${t(lang, 'threeDSecureNote')}</p>` : ''}
<p id="card-message" class="alert error" hidden role="alert" data-testid="card-message"></p>
<p><button type="submit" id="pay-card" data-testid="pay-card">${t(lang, 'payNow')} (${formatYen(lang, cardTotal)})</button></p>
</form>
</section>
${cvsOn ? renderCvsForm(v, id, method) : ''}
<script src="${v.scriptUrl}" callBackFunc="setToken" class="spsvToken"></script>
<script>${raw(checkoutScript(`${base}/installments`, order.id, scriptTexts(lang)))}</script>`.value
}

function renderCvsForm(v: CheckoutView, id: string, method: string) {
  const { lang, base, order } = v
  const cvs = v.cvs!
  const f = v.cvsForm ?? {}
  return html`<section class="card" id="cvs-section" ${method === 'cvs' ? '' : 'hidden'}>
${
  cvs.available
    ? html`<form id="cvs-form" method="post" action="${base}/checkout/${id}/cvs" novalidate>
<p class="hint">${t(lang, 'cvsNote')} (${t(lang, 'payLimit')}: ${lang === 'ja' ? `${cvs.payLimitDays}日後の23:59まで` : `within ${cvs.payLimitDays} days`})</p>
<label for="name-kanji">${t(lang, 'nameKanji')}</label><input type="text" id="name-kanji" name="nameKanji" required value="${f.nameKanji ?? order.contact.name ?? ''}" placeholder="山田太郎" data-keep="kanji" data-max="20" data-testid="name-kanji">
<label for="name-kana">${t(lang, 'nameKana')}</label><input type="text" id="name-kana" name="nameKana" required value="${f.nameKana ?? order.contact.kana ?? ''}" placeholder="ヤマダタロウ" data-keep="kana" data-max="20" data-testid="name-kana">
<label for="tel">${t(lang, 'telNo')}</label><input type="tel" id="tel" name="telNo" required value="${f.telNo ?? order.contact.phone ?? ''}" placeholder="0312345678" data-keep="tel" data-testid="tel">
<p id="cvs-message" class="alert error" hidden role="alert" data-testid="cvs-message"></p>
<p><button type="submit" data-testid="pay-cvs">${t(lang, 'payCvs')} (${formatYen(lang, order.subtotal + cvs.fee)})</button></p>
</form>`
    : html`<p class="alert info">${t(lang, 'cvsUnavailable')}</p>`
}
</section>`
}

/**
 * The page's script: installments by brand, method switch (one summary and total at a time), checks of every field
 * before the token script is asked (full-width digits are accepted), each token-script refusal explained, the pay
 * button back to its label after a refusal, and the typed name and e-mail kept across a refusal or a 3-D Secure trip.
 */
function checkoutScript(installmentsUrl: string, orderId: string, texts: ReturnType<typeof scriptTexts>): string {
  return `(function(){
var T=${scriptJson(texts).value};
var KEY='escott-checkout-'+${scriptJson(orderId).value};
var form=document.getElementById('card-form');
var cardNo=document.getElementById('card-no');
var payType=document.getElementById('pay-type');
var msg=document.getElementById('card-message');
var newCard=document.getElementById('new-card');
var button=document.getElementById('pay-card');
var label=button.textContent;
var hint=document.getElementById('installments-hint');
var lastKey='';
var kept={};try{kept=JSON.parse(sessionStorage.getItem(KEY)||'{}')}catch(e){}
document.querySelectorAll('[data-keep]').forEach(function(el){var k=el.getAttribute('data-keep');if(kept[k])el.value=kept[k];});
function keep(){document.querySelectorAll('[data-keep]').forEach(function(el){kept[el.getAttribute('data-keep')]=el.value;});try{sessionStorage.setItem(KEY,JSON.stringify(kept))}catch(e){}}
function half(s){return String(s||'').replace(/[\\uFF10-\\uFF19]/g,function(c){return String.fromCharCode(c.charCodeAt(0)-0xFEE0)});}
function digits(){return half(cardNo.value).replace(/[\\s\\-\\u2010-\\u2015\\u30FC]/g,'');}
function fill(list){var keepType=payType.value;payType.innerHTML='';list.forEach(function(o){var e=document.createElement('option');e.value=o.code;e.textContent=o.label;if(o.code===keepType)e.selected=true;payType.appendChild(e);});}
function load(query){if(query===lastKey)return;lastKey=query;fetch(${scriptJson(installmentsUrl).value}+'?'+query,{headers:{accept:'application/json'}}).then(function(r){return r.json()}).then(function(d){fill(d.options)}).catch(function(){});}
function usingSaved(){var r=form.querySelector('input[name=useSavedCard]:checked');return !!r&&r.value==='1';}
function onCard(){var d=digits();if(/^\\d{6}/.test(d))load('bin='+d.slice(0,6));}
function fail(text,el){msg.textContent=text;msg.hidden=false;button.disabled=false;button.textContent=label;if(el&&el.focus)el.focus();}
cardNo.addEventListener('input',onCard);
form.querySelectorAll('input[name=useSavedCard]').forEach(function(r){r.addEventListener('change',function(){var saved=usingSaved();newCard.hidden=saved;if(hint)hint.hidden=saved;if(saved){load('brand='+encodeURIComponent(form.querySelector('input[name=useSavedCard][value="1"]').getAttribute('data-brand')||''));}else{lastKey='';onCard();}});});
if(usingSaved()){var s=form.querySelector('input[name=useSavedCard][value="1"]');load('brand='+encodeURIComponent(s.getAttribute('data-brand')||''));}
document.querySelectorAll('input[name=method]').forEach(function(r){r.addEventListener('change',function(){var m=r.value;document.getElementById('card-section').hidden=m!=='card';var c=document.getElementById('cvs-section');if(c)c.hidden=m!=='cvs';document.querySelectorAll('[data-summary]').forEach(function(s){s.hidden=s.getAttribute('data-summary')!==m;});});});
function checkHolder(){var h=document.getElementById('holder');if(!h)return true;h.value=half(h.value).trim();if(!/^[A-Za-z][A-Za-z .'\\-]{0,44}$/.test(h.value)){fail(T.cardholderName,h);return false;}
var e=document.getElementById('email');if(e&&!/^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/.test(e.value.trim())){fail(T.email,e);return false;}return true;}
window.setToken=function(token,masked){if(!token){var code=(window.SpsvApi&&SpsvApi.spsvErrorCode)||'';fail(T.codes[code]||T.tokenMissing);return;}form.token.value=token;form.maskedCard.value=masked||'';form.submit();};
form.addEventListener('submit',function(e){msg.hidden=true;keep();
if(usingSaved()||form.token.value){if(!checkHolder()){e.preventDefault();return;}button.disabled=true;return;}
e.preventDefault();
var d=digits();if(!/^\\d{14,16}$/.test(d))return fail(T.cardNumber,cardNo);
var mm=document.getElementById('exp-mm').value,yy=document.getElementById('exp-yy').value;var now=new Date();var ym=now.getFullYear()%100*100+now.getMonth()+1;if(Number(yy)*100+Number(mm)<ym)return fail(T.expiry,document.getElementById('exp-mm'));
var sec=document.getElementById('sec-cd');var code=half(sec.value).trim();if(!/^\\d{3,4}$/.test(code))return fail(T.securityCode,sec);
if(!checkHolder())return;
if(typeof SpsvApi==='undefined')return fail(T.scriptMissing);
button.disabled=true;button.textContent=T.processing;
try{SpsvApi.spsvCreateToken(d,yy,mm,code,'','','','','');}catch(err){fail(T.scriptMissing);}});
var cvsForm=document.getElementById('cvs-form');
if(cvsForm)cvsForm.addEventListener('submit',function(e){keep();var m=document.getElementById('cvs-message');m.hidden=true;
var checks=[['name-kanji',T.nameKanji,function(v){return v.trim().length>0&&v.trim().length<=20}],['name-kana',T.nameKana,function(v){return v.trim().length>0&&v.trim().length<=20}],['tel',T.telNo,function(v){return /^0\\d{9,10}$/.test(half(v).replace(/[\\s\\-\\u2010-\\u2015\\u30FC()]/g,''))}]];
for(var i=0;i<checks.length;i++){var el=document.getElementById(checks[i][0]);if(!checks[i][2](el.value)){e.preventDefault();m.textContent=checks[i][1];m.hidden=false;el.focus();return;}}
var b=cvsForm.querySelector('button');b.disabled=true;});
})();`
}
