import { createCipheriv, createDecipheriv } from 'node:crypto'
import { invalidInput as invalid } from '../errors/escott-error.js'

/**
 * AES-128-CBC with PKCS#7 padding, base64 text: the cipher of 3-D Secure `EncryptValue` payloads.
 * Key and IV are the merchant's 16-character strings, used as their UTF-8 bytes (as every public integration does).
 */
export interface AesKey {
  aesKey: string
  aesIv: string
}

function material(key: AesKey): { key: Buffer; iv: Buffer } {
  const k = Buffer.from(key.aesKey, 'utf8')
  const iv = Buffer.from(key.aesIv, 'utf8')
  if (k.length !== 16) throw invalid('aesKey', 'must be exactly 16 bytes (16 half-width characters, from the e-SCOTT admin console)')
  if (iv.length !== 16) throw invalid('aesIv', 'must be exactly 16 bytes (16 half-width characters, from the e-SCOTT admin console)')
  return { key: k, iv }
}

/** Encrypts UTF-8 text; returns base64. */
export function aesEncrypt(plain: string, key: AesKey): string {
  const m = material(key)
  const cipher = createCipheriv('aes-128-cbc', m.key, m.iv)
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64')
}

/** Decrypts base64 produced by `aesEncrypt`; throws an `EscottValidationError` on non-base64 input, a bad length, a wrong key or bad padding. */
export function aesDecrypt(encoded: string, key: AesKey): string {
  const m = material(key)
  const text = encoded.trim().replace(/ /g, '+') // form decoding may turn '+' into spaces
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) throw invalid('encryptValue', 'is not base64')
  const data = Buffer.from(text, 'base64')
  if (data.length === 0 || data.length % 16 !== 0) throw invalid('encryptValue', 'has an invalid length (not a multiple of 16 bytes)')
  const decipher = createDecipheriv('aes-128-cbc', m.key, m.iv)
  let plain: Buffer
  try {
    plain = Buffer.concat([decipher.update(data), decipher.final()])
  } catch (cause) {
    const error = invalid('encryptValue', 'cannot be decrypted with this key and IV (another merchant’s key, or altered)')
    throw Object.assign(error, { cause })
  }
  try {
    // A genuine payload is UTF-8 text; a flipped or spliced CBC block decrypts to random bytes, which almost never are.
    return strictUtf8.decode(plain)
  } catch (cause) {
    throw Object.assign(invalid('encryptValue', 'decrypts to bytes that are not UTF-8 text (altered)'), { cause })
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
