import { CATALOG } from './catalog.js'
import type { CodeCategory, CodeEntry } from './types.js'

const cache = new Map<string, CodeEntry>()

/** Category guessed from the code's family, for codes the catalog does not know. */
function familyOf(code: string): CodeCategory {
  if (code.startsWith('G')) return 'declined'
  if (code.startsWith('U')) return 'three_d_secure'
  if (code.startsWith('W')) return 'cvs'
  if (code.startsWith('KI') || code.startsWith('KH')) return 'token'
  if (code.startsWith('K')) return 'invalid_request'
  return 'system'
}

/**
 * The catalog entry for a response code (`explainCode('K71')`). Unknown codes still get a useful entry
 * (`known: false`) with a category guessed from the code family and advice to contact Sony Payment Services; an
 * unknown decline counts as `hard` (card networks penalise retrying what the issuer will never approve, so a code
 * nobody has described is not retried).
 *
 * @example
 * ```ts
 * import { explainCode } from 'escott-core'
 * const g55 = explainCode('G55') // { category: 'declined', declineKind: 'soft', label: '限度額オーバー。', … }
 * console.log(g55.shopper.ja, g55.remedy.en)
 * ```
 */
export function explainCode(code: string): CodeEntry {
  const key = String(code).trim().toUpperCase()
  const hit = cache.get(key)
  if (hit) return hit
  const data = CATALOG[key]
  const category = familyOf(key)
  const entry: CodeEntry = data
    ? { code: key, known: true, ...data }
    : {
        code: key,
        known: false,
        category,
        ...(category === 'declined' ? { declineKind: 'hard' as const } : {}),
        retryable: false,
        label: '未定義のコード',
        shopper: {
          ja: '決済処理でエラーが発生しました。お手数ですが、ショップまでお問い合わせください。',
          en: 'The payment could not be processed. Please contact the shop.',
        },
        merchant: {
          ja: `e-SCOTT が応答コード ${key} を返しました。このコードは SDK のカタログにありません。`,
          en: `e-SCOTT returned response code ${key}, which is not in the SDK's catalog.`,
        },
        remedy: {
          ja: 'e-SCOTT 管理画面で取引を確認し、ソニーペイメントサービスのサポートにコードを添えてお問い合わせください。',
          en: 'Check the transaction in the e-SCOTT admin console and contact Sony Payment Services support quoting the code.',
        },
      }
  cache.set(key, entry)
  return entry
}

/** Every code the catalog knows, sorted. */
export function catalogCodes(): string[] {
  return Object.keys(CATALOG).sort()
}
