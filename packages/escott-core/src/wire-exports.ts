/**
 * `escott-core/wire`: the low-level helpers under the client, for tools that speak the protocol themselves
 * (benchmarks, a gateway stand-in, log processing). Applications use `escott-core`; nothing here is needed to take
 * payments, and these helpers follow the protocol rather than semver-stable application needs.
 *
 * - `encodeForm` / `parseResponse` / `splitCodes`: the form-encoded request and `key=value&…` answer format.
 * - `aesEncrypt` / `aesDecrypt`: the AES-128-CBC cipher of 3-D Secure `EncryptValue` payloads.
 * - `redactFields` / `REDACTED`: remove secrets and card data from a field map before it is logged.
 * - `tokyoDate` / `tokyoDateTime` / `tokyoEndOfDayAfter` / `parseTokyo` / `TOKYO_OFFSET_MS`: the gateway's dates,
 *   always Asia/Tokyo.
 *
 * @example
 * ```ts
 * import { encodeForm, parseResponse, tokyoDate } from 'escott-core/wire'
 * const body = encodeForm({ MerchantId: 'M1', TransactionDate: tokyoDate(), OperateId: '1Search' })
 * parseResponse('ResponseCd=OK&ProcessId=P1') // { ResponseCd: 'OK', ProcessId: 'P1' }
 * ```
 * @module
 */
export { encodeForm, parseResponse, parseFormStrict, splitCodes, CONTROL_CHARACTERS, type WireFields } from './wire.js'
export { aesEncrypt, aesDecrypt, type AesKey } from './crypto/aes.js'
export { redactFields, REDACTED } from './redact.js'
export { TOKYO_OFFSET_MS, parseTokyo, tokyoDate, tokyoDateTime, tokyoEndOfDayAfter } from './time.js'
