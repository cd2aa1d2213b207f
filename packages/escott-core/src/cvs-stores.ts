import type { Bilingual } from './codes/types.js'

/** Where a convenience-store / online payment was made (CvsCd), with display names. */
export const CVS_PAYEES: Readonly<Record<string, Bilingual>> = {
  LSN: { ja: 'ローソン', en: 'Lawson' },
  FAM: { ja: 'ファミリーマート', en: 'FamilyMart' },
  SAK: { ja: 'サンクス', en: 'Sunkus' },
  CCK: { ja: 'サークルK', en: 'Circle K' },
  SEV: { ja: 'セブン-イレブン', en: '7-Eleven' },
  MNS: { ja: 'ミニストップ', en: 'Ministop' },
  DAY: { ja: 'デイリーヤマザキ', en: 'Daily Yamazaki' },
  FFF: { ja: 'スリーエフ', en: 'Three F' },
  SCM: { ja: 'セイコーマート', en: 'Seicomart' },
  ATM: { ja: 'ペイジー（ATM）', en: 'Pay-easy (ATM)' },
  ONL: { ja: 'ペイジー（ネットバンキング）', en: 'Pay-easy (online banking)' },
  LNK: { ja: 'ペイジー（情報リンク）', en: 'Pay-easy (information link)' },
  EBK: { ja: '楽天銀行', en: 'Rakuten Bank' },
  JNB: { ja: 'PayPay銀行（旧ジャパンネット銀行）', en: 'PayPay Bank (formerly Japan Net Bank)' },
  JIB: { ja: 'auじぶん銀行', en: 'au Jibun Bank' },
  SNB: { ja: '住信SBIネット銀行', en: 'SBI Sumishin Net Bank' },
  EDY: { ja: '楽天Edy', en: 'Rakuten Edy' },
  SUI: { ja: 'Suica', en: 'Suica' },
  JPM: { ja: 'JCB PREMO', en: 'JCB PREMO' },
}
