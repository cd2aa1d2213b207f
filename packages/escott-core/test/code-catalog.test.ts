import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CATALOG } from '../src/codes/catalog.js'
import { catalogCodes, explainCode } from '../src/codes/explain.js'
import type { CodeCategory } from '../src/codes/types.js'

const CATEGORIES: CodeCategory[] = ['declined', 'invalid_request', 'merchant_configuration', 'three_d_secure', 'token', 'member', 'transaction_state', 'cvs', 'system']
/** Hiragana, katakana, CJK ideographs, CJK punctuation and full-width forms. */
const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/
const codes = catalogCodes()
const entries = codes.map((code) => explainCode(code))

/** Words that must never reach a shopper. */
const INTERNAL_WORDS = [
  'MerchantId',
  'MerchantPass',
  'KaiinId',
  'KaiinPass',
  'ProcessId',
  'ProcessPass',
  'OperateId',
  'TenantId',
  'Token',
  'e-SCOTT',
  '管理画面',
  'admin console',
  'ソニーペイメント',
  'Sony Payment',
  'CAFIS',
  'OTDS010',
]
const FIELD_NAMES = new Set(Object.values(CATALOG).flatMap((e) => (e.field ? e.field.split(/[^A-Za-z0-9_]+/).filter((w) => w.length > 3) : [])))

describe('response-code catalog: shape', () => {
  it('holds at least 170 codes', () => {
    expect(codes.length).toBeGreaterThanOrEqual(170)
  })

  it('uses upper-case three-character keys', () => {
    for (const code of codes) expect(code).toMatch(/^[A-Z][0-9A-Z]{2}$/)
  })

  it.each(entries.map((e) => [e.code, e] as const))('%s has a category, a label and every text in both languages', (_code, e) => {
    expect(e.known).toBe(true)
    expect(CATEGORIES).toContain(e.category)
    expect(typeof e.retryable).toBe('boolean')
    expect(e.label.trim()).not.toBe('')
    expect(e.label).toMatch(JAPANESE)
    for (const block of [e.shopper, e.merchant, e.remedy]) {
      expect(block.ja.trim().length).toBeGreaterThan(5)
      expect(block.en.trim().length).toBeGreaterThan(5)
      expect(block.ja).toMatch(JAPANESE)
      expect(block.en).not.toMatch(JAPANESE)
    }
    if (e.field !== undefined) expect(e.field).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/)
  })

  it('keeps shopper texts free of internal detail', () => {
    for (const e of entries) {
      for (const text of [e.shopper.ja, e.shopper.en]) {
        for (const word of INTERNAL_WORDS) expect(text, `${e.code}: ${word}`).not.toContain(word)
        for (const field of FIELD_NAMES) expect(text, `${e.code}: ${field}`).not.toContain(field)
        // no response codes either
        expect(text, e.code).not.toMatch(/\b[A-Z][0-9A-Z][0-9A-Z]\b/)
      }
      // Japanese shopper texts contain no ASCII words at all (no field names, no identifiers)
      expect(e.shopper.ja, e.code).not.toMatch(/[A-Za-z]/)
      // English shopper texts contain no identifiers in camelCase or with digits
      expect(e.shopper.en, e.code).not.toMatch(/\b[a-z]+[A-Z]\w*|\b[A-Za-z]+\d\w*/)
    }
  })

  it('leaves out codes no source defines, the UnionPay R-codes and mis-numbered duplicates', () => {
    for (const code of ['K38', 'K16', 'R01', 'R37']) expect(CATALOG[code], code).toBeUndefined()
  })

  it('covers every family of the consolidated table', () => {
    const expected = [
      ...'01 02 03 10 11 12 13 14 15 16 17 18 70 71 80 82 98 99'.split(' ').map((n) => `C${n}`),
      ...'12 22 30 42 44 45 54 55 56 60 61 65 68 72 74 75 78 83 84 85 92 94 95 96 97 98 99'.split(' ').map((n) => `G${n}`),
      ...Array.from({ length: 15 }, (_, i) => `K${String(i + 1).padStart(2, '0')}`),
      ...Array.from({ length: 9 }, (_, i) => `K${20 + i}`),
      ...Array.from({ length: 8 }, (_, i) => `K${30 + i}`),
      'K39',
      ...Array.from({ length: 9 }, (_, i) => `K${40 + i}`),
      ...Array.from({ length: 26 }, (_, i) => `K${50 + i}`),
      ...Array.from({ length: 11 }, (_, i) => `K${79 + i}`),
      'K95',
      'K96',
      'K97',
      'K98',
      'K99',
      'KBX',
      'KBY',
      'KBZ',
      ...'0123456'.split('').map((c) => `KE${c}`),
      ...'ABCDEF'.split('').map((c) => `KE${c}`),
      'KG8',
      'KGH',
      'KHW',
      'KHX',
      'KHZ',
      ...'1234568'.split('').map((c) => `KI${c}`),
      ...'9ABEFHJKLMNRSUW'.split('').map((c) => `KI${c}`),
      ...Array.from({ length: 15 }, (_, i) => `U${String(i + 1).padStart(2, '0')}`),
      'U95',
      'U96',
      'U99',
      'W01',
      'W02',
      'W03',
      'W04',
      'W05',
      'W06',
      'W99',
      // WooCommerce-only codes
      'KA1',
      'KH0',
      'KH4',
      'KHS',
      'KHT',
      'KHU',
      'KHV',
      'KI0',
      // hosted-page cancellations (WooCommerce / Welcart)
      'P51',
      'P52',
      'P55',
      'P56',
      'P62',
      'P63',
      'P64',
      'P65',
      'P69',
      'P70',
    ]
    const missing = expected.filter((c) => c !== 'K16' && c !== 'K38' && !CATALOG[c])
    expect(missing).toEqual([])
  })
})

describe('response-code catalog: categories and retry flags', () => {
  const cases: Array<[string, CodeCategory, boolean]> = [
    ['G12', 'declined', false],
    ['G22', 'declined', false],
    ['G44', 'declined', false],
    ['G55', 'declined', false],
    ['G85', 'declined', false],
    ['G95', 'system', true],
    ['G97', 'declined', false],
    ['G99', 'system', false],
    ['C02', 'system', true],
    ['C03', 'system', true],
    ['C80', 'system', true],
    ['C10', 'declined', false],
    ['C13', 'declined', false],
    ['C14', 'transaction_state', false],
    ['K01', 'invalid_request', false],
    ['K02', 'merchant_configuration', false],
    ['K03', 'merchant_configuration', false],
    ['K04', 'merchant_configuration', false],
    ['K06', 'merchant_configuration', false],
    ['K12', 'transaction_state', false],
    ['K13', 'merchant_configuration', false],
    ['K14', 'transaction_state', false],
    ['K23', 'invalid_request', false],
    ['K25', 'invalid_request', false],
    ['K26', 'invalid_request', false],
    ['K40', 'declined', false],
    ['K44', 'declined', false],
    ['K50', 'cvs', false],
    ['K59', 'cvs', false],
    ['K69', 'member', false],
    ['K71', 'member', false],
    ['K74', 'member', false],
    ['K80', 'invalid_request', false],
    ['K81', 'invalid_request', false],
    ['K96', 'system', true],
    ['K97', 'system', true],
    ['K98', 'system', true],
    ['K99', 'merchant_configuration', false],
    ['KBX', 'transaction_state', false],
    ['KBZ', 'transaction_state', false],
    ['KG8', 'merchant_configuration', false],
    ['KHW', 'three_d_secure', true],
    ['KHX', 'token', false],
    ['KHZ', 'token', false],
    ['KI1', 'token', false],
    ['KI2', 'token', false],
    ['KI3', 'token', false],
    ['KI5', 'token', false],
    ['KI6', 'token', false],
    ['KIU', 'token', false],
    ['U04', 'three_d_secure', false],
    ['U06', 'three_d_secure', true],
    ['U10', 'three_d_secure', true],
    ['U14', 'three_d_secure', true],
    ['U95', 'three_d_secure', true],
    ['U96', 'three_d_secure', true],
    ['W01', 'cvs', false],
    ['W99', 'cvs', false],
  ]
  it.each(cases)('%s is %s (retryable: %s)', (code, category, retryable) => {
    const e = explainCode(code)
    expect(e.known).toBe(true)
    expect(e.category).toBe(category)
    expect(e.retryable).toBe(retryable)
  })

  it('marks every G-code except the network/closure ones as a decline', () => {
    const notDeclined = codes.filter((c) => c.startsWith('G') && CATALOG[c]?.category !== 'declined')
    expect(notDeclined.sort()).toEqual(['G94', 'G95', 'G99'])
  })

  it('gives every declined code a declineKind (soft or hard) and no other code one', () => {
    for (const e of entries) {
      if (e.category === 'declined') expect(['soft', 'hard'], e.code).toContain(e.declineKind)
      else expect(e.declineKind, e.code).toBeUndefined()
    }
    expect(explainCode('G01').declineKind).toBe('hard') // unknown decline: not retried
    expect(explainCode('Z99').declineKind).toBeUndefined()
  })

  it('calls limits and temporary issuer trouble soft, dead cards and wrong card data hard', () => {
    const soft = entries.filter((e) => e.declineKind === 'soft').map((e) => e.code)
    expect(soft.sort()).toEqual(['C11', 'G12', 'G30', 'G54', 'G55', 'G68', 'G85', 'G92', 'G97'])
    for (const hard of ['G22', 'G56', 'G60', 'G61', 'G65', 'G96', 'C13', 'C16', 'G83', 'G44', 'K82', 'KEA']) expect(explainCode(hard).declineKind, hard).toBe('hard')
  })

  it('marks every W-code as cvs and every U-code as three_d_secure', () => {
    for (const c of codes.filter((c) => c.startsWith('W'))) expect(CATALOG[c]?.category, c).toBe('cvs')
    for (const c of codes.filter((c) => c.startsWith('U'))) expect(CATALOG[c]?.category, c).toBe('three_d_secure')
  })

  it('records the wire field of field checks', () => {
    expect(CATALOG.K23?.field).toBe('Amount')
    expect(CATALOG.K25?.field).toBe('KanaSei')
    expect(CATALOG.K26?.field).toBe('KanaMei')
    expect(CATALOG.K05?.field).toBe('TransactionDate')
    expect(CATALOG.K32?.field).toBe('EncodeXId3D')
    expect(CATALOG.K80?.field).toBe('KaiinId')
    expect(CATALOG.KHX?.field).toBe('Token')
  })

  it('uses the temporary-trouble shopper text for every retryable code except timeouts', () => {
    for (const e of entries.filter((e) => e.retryable)) {
      expect(e.shopper.en, e.code).toMatch(/try again|start the payment again/)
    }
  })
})

describe('response-code catalog: remedies', () => {
  const remedy = (code: string) => explainCode(code).remedy

  it('K06: apply for 3-D Secure / wait for the activation date, or switch it off; check OperateId', () => {
    const r = remedy('K06')
    expect(r.ja).toContain('3Dセキュア')
    expect(r.ja).toContain('申請')
    expect(r.ja).toContain('開通日')
    expect(r.ja).toContain('OperateId')
    expect(r.en).toMatch(/apply/i)
    expect(r.en).toMatch(/activation date/)
    expect(r.en).toContain('OperateId')
    expect(explainCode('K06').merchant.ja).toContain('FAQ')
  })

  it.each([
    ['K25', 'KanaSei'],
    ['K26', 'KanaMei'],
  ])('%s: turn off authentication-assist items other than the security code or send %s', (code, field) => {
    const r = remedy(code)
    expect(r.ja).toContain('認証アシスト')
    expect(r.ja).toContain('セキュリティコード以外')
    expect(r.ja).toContain('ソニーペイメントサービス')
    expect(r.ja).toContain(field)
    expect(r.en).toMatch(/authentication-assist/)
    expect(r.en).toMatch(/other than the security code/)
    expect(r.en).toContain(field)
  })

  it('K71: delete and re-register the member', () => {
    const r = remedy('K71')
    expect(r.ja).toContain('削除')
    expect(r.ja).toContain('再登録')
    expect(r.en).toMatch(/delete/i)
    expect(r.en).toMatch(/re-register/)
    expect(explainCode('K71').merchant.ja).toContain('無効化')
  })

  it('K99: service start date and IP address restriction', () => {
    const r = remedy('K99')
    expect(r.ja).toContain('サービス開始日')
    expect(r.ja).toContain('IPアドレス')
    expect(r.en).toMatch(/service start date/)
    expect(r.en).toMatch(/IP address/)
  })

  it('K80 sets KaiinId/KaiinPass, K81 leaves them out', () => {
    expect(remedy('K80').ja).toMatch(/KaiinId.*KaiinPass.*セット/)
    expect(remedy('K80').en).toMatch(/with the KaiinId and KaiinPass/)
    expect(remedy('K81').ja).toMatch(/KaiinId.*KaiinPass.*送信しない/)
    expect(remedy('K81').en).toMatch(/without KaiinId and KaiinPass/)
  })

  it('KG8: new MerchantPass, release the lock in the admin console or through support', () => {
    const r = remedy('KG8')
    expect(r.ja).toContain('マーチャントパスワード')
    expect(r.ja).toContain('2024')
    expect(r.ja).toContain('ロックを解除')
    expect(r.ja).toContain('サポート')
    expect(r.en).toContain('MerchantPass')
    expect(r.en).toMatch(/release the lock/)
    expect(r.en).toMatch(/support/)
  })

  it.each(['KI5', 'KI6', 'KIU'])('%s: lock expires after the configured time or is released in the admin console', (code) => {
    const r = remedy(code)
    expect(r.ja).toContain('トークン決済ロック情報検索')
    expect(r.ja).toContain('自動で解除')
    expect(r.en).toMatch(/token payment lock information search/)
    expect(r.en).toMatch(/released automatically/)
  })

  it('KI2 asks for a new token per operation, KI3 for a fresh token', () => {
    expect(remedy('KI2').ja).toContain('新しいトークン')
    expect(remedy('KI2').en).toMatch(/new token for each operation/)
    expect(remedy('KI3').ja).toContain('トークンを作成し直して')
    expect(remedy('KI3').en).toMatch(/fresh token/)
  })

  it('K69 asks for a new unique member ID, K74 explains the member lock-out', () => {
    expect(remedy('K69').ja).toContain('新しい一意の会員ID')
    expect(remedy('K69').en).toMatch(/new unique member ID/)
    expect(explainCode('K74').merchant.ja).toContain('ロックアウト')
    expect(remedy('K74').en).toMatch(/lock/)
  })

  it('G-codes send the shopper to the issuer and say the reason is not disclosed', () => {
    for (const code of ['G12', 'G56', 'G61', 'G92', 'G97']) {
      expect(remedy(code).ja, code).toContain('開示されず')
      expect(remedy(code).en, code).toMatch(/not disclosed/)
    }
  })

  it('U04 explains the failed 3-D Secure authentication', () => {
    expect(explainCode('U04').merchant.ja).toContain('本人認証に失敗')
    expect(explainCode('U04').merchant.en).toMatch(/authentication failed/)
    expect(remedy('U04').en).toMatch(/another card/)
  })

  it('transaction-state codes point at 1Search', () => {
    for (const code of ['C14', 'K12', 'K14', 'KBZ']) {
      expect(explainCode(code).category, code).toBe('transaction_state')
    }
    expect(remedy('C14').ja).toContain('1Search')
    expect(remedy('K14').ja).toContain('1Search')
    expect(remedy('K12').en).toMatch(/ProcessId\/ProcessPass pair/)
    expect(remedy('KBZ').en).toMatch(/retention period/)
  })
})

describe('explainCode', () => {
  it('normalises case and whitespace', () => {
    expect(explainCode(' k71 ').code).toBe('K71')
    expect(explainCode(' k71 ').known).toBe(true)
  })

  it('returns an entry with known:false and a guessed category for unknown codes', () => {
    const z = explainCode('Z99')
    expect(z.known).toBe(false)
    expect(z.code).toBe('Z99')
    expect(z.category).toBe('system')
    expect(z.retryable).toBe(false)
    expect(explainCode('G01').category).toBe('declined')
    expect(explainCode('U77').category).toBe('three_d_secure')
    expect(explainCode('KIZ').category).toBe('token')
    expect(explainCode('K38').known).toBe(false)
    expect(explainCode('K38').category).toBe('invalid_request')
  })
})

describe('docs/response-codes.md', () => {
  const doc = readFileSync(new URL('../../../docs/response-codes.md', import.meta.url), 'utf8')

  it('lists every catalog code with its category and decline kind', () => {
    const table = doc.slice(doc.indexOf('## All codes'))
    for (const code of codes) {
      const row = table.split('\n').find((line) => line.startsWith(`| ${code} |`))
      expect(row, code).toBeDefined()
      const cells = row!.split('|').map((c) => c.trim())
      expect(cells[3], code).toBe(CATALOG[code]?.category)
      expect(cells[4], code).toBe(CATALOG[code]?.declineKind ?? '')
    }
  })

  it('documents the soft/hard split of every declined code with its sources', () => {
    const section = doc.split('\n## ').find((part) => part.startsWith('Soft and hard declines'))
    expect(section).toBeDefined()
    for (const e of entries.filter((e) => e.declineKind)) {
      const line = section!.split('\n').find((l) => l.startsWith(`| ${e.code} |`))
      expect(line, e.code).toBeDefined()
      expect(line, e.code).toContain(`| ${e.declineKind} |`)
    }
    for (const source of ['E2', 'W2', 'Stripe', 'Visa']) expect(section).toContain(source)
  })

  it('records the resolved conflicts', () => {
    for (const word of ['K80', 'K81', 'KG8', 'K60', 'K62', 'G22', 'K38', 'K39', 'K79', 'K40']) expect(doc).toContain(word)
  })
})
