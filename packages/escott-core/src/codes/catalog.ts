import type { CodeEntryData } from './types.js'

/** The response-code catalog. Filled from the consolidated tables in the protocol notes. */
export const CATALOG: Readonly<Record<string, CodeEntryData>> = {
  G12: {
    category: 'declined',
    retryable: false,
    label: 'カード使用不可。',
    shopper: {
      ja: 'このカードはご利用いただけません。カード発行会社にお問い合わせいただくか、別のカードをご利用ください。',
      en: 'This card cannot be used. Please contact your card issuer or use another card.',
    },
    merchant: { ja: 'カード発行会社がカードの利用を拒否しました。', en: 'The card issuer refused the card.' },
    remedy: {
      ja: '購入者にカード発行会社への確認または別カードの利用を案内してください。理由は加盟店には開示されません。',
      en: 'Ask the shopper to contact the issuer or use another card; the reason is not disclosed to merchants.',
    },
  },
}
