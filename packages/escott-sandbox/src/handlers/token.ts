/** Token: the browser script, the token-issuing endpoint it calls, and 1TokenSearch on OATN005. */
import type { Gateway } from '../gateway.js'
import type { MerchantRecord } from '../state.js'
import { normaliseIp } from '../merchants.js'
import { maskCard } from '../util.js'
import type { Fields } from '../wire.js'
import { fail } from './shared.js'

/** Path the token script posts card data to (sandbox-internal, CORS-open). */
export const TOKEN_CREATE_PATH = '/euser/stn/CdCreateToken.do'

export function handleTokenSearch(gw: Gateway, m: MerchantRecord, f: Fields, now: number): Fields {
  const r = gw.base(f, now)
  if (f.OperateId !== '1TokenSearch') return fail(r, ['K06'])
  const { token, code } = gw.lookupToken(m, f.Token, now)
  if (!token) {
    fail(r, [code!])
    r.TokenResponseCd = code!
    return r
  }
  // The search itself succeeds; TokenResponseCd is the card's own check (a token is issued even for an unusable
  // card, FAQ). The plugins require both to be OK (WooCommerce class-spfwc-payment-gateway.php:781).
  r.ResponseCd = 'OK'
  r.TokenResponseCd = gw.cardExpired(token, now) ? 'C13' : 'OK'
  r.CardNo = maskCard(token.cardNo)
  r.CardExp = token.cardExp
  return r
}

export function merchantByTokenCode(gw: Gateway, code: string | undefined): MerchantRecord | undefined {
  if (!code) return undefined
  for (const m of gw.store.merchants.values()) if (m.tokenAuthCode === code) return m
  return undefined
}

/**
 * Handles the script's POST: JSON `{ token, maskedCardNo }` or `{ code, message }`. The terminal is the `TerminalId`
 * the script sends (kept in the browser's localStorage), else the client address; KI4 when it is malformed.
 */
export function createTokenFromBrowser(gw: Gateway, f: Fields, remote: string): { status: number; json: Record<string, string> } {
  const m = merchantByTokenCode(gw, f.k_TokenNinsyoCode)
  if (!m) return { status: 200, json: { code: 'KI1', message: 'k_TokenNinsyoCode is not a sandbox token authentication code' } }
  const terminal = f.TerminalId ?? normaliseIp(remote)
  if (!/^[\w.:-]{1,64}$/.test(terminal)) return { status: 200, json: { code: 'KI4', message: 'terminal information (TerminalId) is malformed' } }
  try {
    const t = gw.issueToken(
      m,
      {
        cardNo: f.CardNo ?? '',
        expYY: f.ExpYY ?? '',
        expMM: f.ExpMM ?? '',
        ...(f.SecCd ? { secCd: f.SecCd } : {}),
        ...(f.KanaSei ? { kanaSei: f.KanaSei } : {}),
        ...(f.KanaMei ? { kanaMei: f.KanaMei } : {}),
        ...(f.TelNo ? { telNo: f.TelNo } : {}),
        ...(f.BirthMM ? { birthMM: f.BirthMM } : {}),
        ...(f.BirthDD ? { birthDD: f.BirthDD } : {}),
      },
      terminal,
    )
    return { status: 200, json: { token: t.token, maskedCardNo: maskCard(t.cardNo) } }
  } catch (e) {
    const err = e as Error & { code?: string }
    return { status: 200, json: { code: err.code ?? 'K01', message: err.message } }
  }
}

/** The token JavaScript (`CdGetJavaScript.do`), exposing `SpsvApi.spsvCreateToken` with the 9-argument signature. */
export function tokenScript(authCode: string): string {
  return `/* escott-sandbox token script: FOR DEVELOPMENT ONLY. Accepts only the sandbox's test cards. */
(function () {
  var authCode = ${JSON.stringify(authCode)};
  var self = document.currentScript;
  if (!self) {
    var all = document.getElementsByTagName('script');
    for (var i = 0; i < all.length; i++) if ((all[i].src || '').indexOf('CdGetJavaScript.do') !== -1) self = all[i];
  }
  var endpoint = new URL(${JSON.stringify(TOKEN_CREATE_PATH)}, self ? self.src : location.href).toString();
  function tag() { return document.querySelector('script.spsvToken') || self; }
  function attr(name, fallback) { var t = tag(); return (t && (t.getAttribute(name) || t.getAttribute(name.toLowerCase()))) || fallback; }
  function call(name, args) { var fn = window[name]; if (typeof fn === 'function') fn.apply(window, args); }
  var pageTerminal = '';
  function terminalId() {
    var id = '';
    try { id = window.localStorage.getItem('escottSandboxTerminal') || ''; } catch (e) {}
    if (!id) {
      if (!pageTerminal) { var b = new Uint8Array(12); crypto.getRandomValues(b); pageTerminal = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join(''); }
      id = pageTerminal;
      try { window.localStorage.setItem('escottSandboxTerminal', id); } catch (e) {}
    }
    return id;
  }
  var api = {
    spsvErrorCode: '',
    spsvErrorMessage: '',
    /** (cardNo, expYY, expMM, secCd, birthMM, birthDD, telNo, kanaSei, kanaMei) -> callback(token, maskedCardNo) */
    spsvCreateToken: function (cardNo, expYY, expMM, secCd, birthMM, birthDD, telNo, kanaSei, kanaMei) {
      var body = new URLSearchParams();
      body.set('k_TokenNinsyoCode', authCode);
      body.set('TerminalId', terminalId());
      body.set('CardNo', String(cardNo == null ? '' : cardNo));
      body.set('ExpYY', String(expYY == null ? '' : expYY));
      body.set('ExpMM', String(expMM == null ? '' : expMM));
      if (secCd) body.set('SecCd', String(secCd));
      if (birthMM) body.set('BirthMM', String(birthMM));
      if (birthDD) body.set('BirthDD', String(birthDD));
      if (telNo) body.set('TelNo', String(telNo));
      if (kanaSei) body.set('KanaSei', String(kanaSei));
      if (kanaMei) body.set('KanaMei', String(kanaMei));
      var callback = attr('callBackFunc', 'setToken');
      fetch(endpoint, { method: 'POST', body: body }).then(function (res) { return res.json(); }).then(function (res) {
        if (res.token) { api.spsvErrorCode = ''; api.spsvErrorMessage = ''; call(callback, [res.token, res.maskedCardNo]); return; }
        api.spsvErrorCode = res.code; api.spsvErrorMessage = res.message;
        var onError = attr('errorCallBackFunc', '');
        if (onError) call(onError, [res.code, res.message]);
        else { if (window.console) console.error('escott-sandbox token error ' + res.code + ': ' + res.message); call(callback, ['', '']); }
      }, function (err) {
        api.spsvErrorCode = 'K96'; api.spsvErrorMessage = String(err);
        var onError = attr('errorCallBackFunc', '');
        if (onError) call(onError, ['K96', String(err)]); else call(callback, ['', '']);
      });
    }
  };
  window.SpsvApi = api;
})();
`
}
