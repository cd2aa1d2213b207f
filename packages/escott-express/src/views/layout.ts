/** The page frame. Replace it with `layout` in the router options to use your shop's header and styles. */
import type { Request } from 'express'
import { html, raw } from '../html.js'
import type { Lang } from '../i18n.js'

/** What a layout receives. `body` is already-escaped HTML. */
export interface LayoutPage {
  title: string
  body: string
  lang: Lang
  shopUrl: string
  /** The request being answered (the shop's header can show its cart and login from it). */
  req?: Request
}

/** Turns a page into a complete HTML document. */
export type Layout = (page: LayoutPage) => string

/** Styles of the built-in pages; exported so a custom layout can include them. */
export const BASE_CSS = `
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP","Noto Sans CJK JP",sans-serif;color:#1f2328;background:#f6f7f9;line-height:1.6}
main{max-width:880px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:1.5rem;margin:.2em 0 .8em}h2{font-size:1.15rem;margin:1.4em 0 .6em}
a{color:#0b5cad}
.card{background:#fff;border:1px solid #d8dee4;border-radius:10px;padding:20px;margin:0 0 16px}.card>:first-child{margin-top:0}
table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:8px 6px;border-bottom:1px solid #eaeef2;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}
.total td{font-weight:700;font-size:1.1rem}
label{display:block;font-weight:600;margin:12px 0 4px}
input[type=text],input[type=email],input[type=tel],input[type=number],select{width:100%;padding:10px;border:1px solid #afb8c1;border-radius:6px;font-size:1rem;background:#fff}
.row{display:flex;gap:12px}.row>*{flex:1}
.hint{color:#57606a;font-size:.875rem;margin:4px 0 0}
button,.button{display:inline-block;background:#0b5cad;color:#fff;border:0;border-radius:6px;padding:12px 20px;font-size:1rem;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:#0b5cad;border:1px solid #0b5cad}
button.danger{background:#cf222e}button:disabled{background:#8c959f;cursor:not-allowed}
button.small{padding:6px 12px;font-size:.875rem}
.methods{display:flex;gap:12px;margin:0 0 16px}.methods label{flex:1;margin:0;border:1px solid #afb8c1;border-radius:8px;padding:12px;font-weight:600;background:#fff;cursor:pointer}
.methods input{margin-right:8px}
.alert{border-radius:8px;padding:12px 16px;margin:0 0 16px}
.alert.error{background:#ffebe9;border:1px solid #ff8182;color:#82071e}
.alert.info{background:#ddf4ff;border:1px solid #54aeff}
.alert.ok{background:#dafbe1;border:1px solid #4ac26b}
.badge{display:inline-block;border-radius:999px;padding:2px 10px;font-size:.8rem;font-weight:600;background:#eaeef2;white-space:nowrap}
.badge.authorized,.badge.unpaid{background:#fff8c5}.badge.captured,.badge.paid{background:#dafbe1}.badge.canceled{background:#eaeef2;color:#57606a}
.badge.needs_reconciliation{background:#ffebe9;color:#82071e}.badge.expired{background:#fff1e5;color:#953800}
.nowrap{white-space:nowrap}main:has(.wide),body:has(.wide) header.bar div{max-width:1160px}table.orders td{vertical-align:middle}
.ops{display:flex;flex-wrap:wrap;gap:6px;align-items:center}.ops form{display:flex;flex-wrap:nowrap;gap:4px;align-items:center;margin:0}
.ops input[type=number]{width:6.5em;padding:5px 6px;font-size:.875rem}.ops input[type=date]{width:auto;padding:4px 6px;font-size:.875rem;border:1px solid #afb8c1;border-radius:6px}
.ops .amount-ops{flex-wrap:wrap;padding:3px;border:1px solid #d8dee4;border-radius:8px;background:#f6f8fa}.ops button.small{white-space:nowrap}
.muted{color:#57606a}.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.875rem}
.big{font-size:1.6rem;font-weight:700;letter-spacing:.05em}
header.bar{background:#0b5cad;color:#fff}header.bar div{max-width:880px;margin:0 auto;padding:12px 16px;display:flex;justify-content:space-between;align-items:center}
header.bar a{color:#fff;text-decoration:none;font-weight:700}
.button.small{padding:6px 12px;font-size:.875rem}
label.inline{display:inline-flex;align-items:center;gap:6px;margin:0;font-weight:500;font-size:.875rem}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:0 0 12px}.filters input[type=search]{flex:1 1 220px;min-width:0;padding:8px;border:1px solid #afb8c1;border-radius:6px;font-size:.95rem}
.filters select{width:auto;padding:7px}.filters input[type=date]{padding:6px;border:1px solid #afb8c1;border-radius:6px}
.table-wrap{overflow-x:auto;max-width:100%}.pager{display:flex;gap:16px;align-items:center;margin-top:12px}
table.pairs th{width:11em;white-space:nowrap;color:#57606a;font-weight:600}table.pairs td{overflow-wrap:anywhere}
.columns{display:grid;grid-template-columns:1fr 1fr;gap:16px}.columns>.card{margin:0 0 16px}
td.pick{width:2em}
@media (max-width:640px){
main{padding:16px 10px 40px}.card{padding:14px}.row{flex-wrap:wrap}.row>*{flex:1 1 100%}.row.expiry>*{flex:1 1 30%}
.columns{grid-template-columns:1fr}table.pairs th{width:auto;white-space:normal;min-width:6.5em}
table.orders,table.orders tbody,table.orders tr,table.orders td{display:block;width:100%}table.orders thead{display:none}
table.orders tr{border:1px solid #d8dee4;border-radius:8px;margin:0 0 10px;padding:6px 8px;background:#fff}
table.orders td{border:0;padding:3px 0}table.orders td[data-label]::before{content:attr(data-label);display:inline-block;min-width:6.5em;color:#57606a;font-size:.8rem}
table.orders td.num{text-align:left}.methods{flex-direction:column}header.bar div{flex-wrap:wrap;gap:4px}
}
@media print{header.bar,nav,.noprint,button{display:none!important}body{background:#fff}.card{border:0;padding:0}}
`

/** The built-in layout: a plain page with a header linking back to the shop. */
export const defaultLayout: Layout = (page) =>
  html`<!doctype html>
<html lang="${page.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${page.title}</title><style>${raw(BASE_CSS)}</style></head>
<body><header class="bar"><div><a href="${page.shopUrl}">${page.lang === 'ja' ? 'ショップ' : 'Shop'}</a></div></header>
<main>${raw(page.body)}</main></body></html>`.value
