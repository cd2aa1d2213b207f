import { z } from 'zod'
import type { FieldInput } from '../client.js'

/**
 * The EMV 3-D Secure result fields that accompany the authorisation (1Auth / 1Gathering / 1Check) after an
 * authentication-only `3Secure`, or the member payment after a 3-D Secure card registration.
 *
 * These are the fields every official plugin reads from the decrypted result and forwards, each only when the
 * gateway returned it (WooCommerce class-spfwc-payment-gateway.php:744-771 and payment-response-handler.php:172-198,
 * WooCommerce light :595-621, Welcart paymentESCOTT.main.class.php:1137-1163 / 1422-1450). None of them is required
 * on its own: pass the object `threeDSecure.parseResult` returns, unchanged.
 */
export interface ThreeDSecureData {
  messageVersionNo3D?: string | undefined
  encodeXId3D?: string | undefined
  transactionStatus3D?: string | undefined
  cavvAlgorithm3D?: string | undefined
  cavv3D?: string | undefined
  eci3D?: string | undefined
  secureResultCode?: string | undefined
  dsTransactionId?: string | undefined
  threeDSServerTransactionId?: string | undefined
  /**
   * 3-D Secure 1.0 transaction id. No official plugin reads it from an EMV 3-D Secure result; it is forwarded only
   * when a result carries it (the CS-Cart add-on's card-registration flow does, smartlink_cctkn.php:100-106).
   */
  transactionId3D?: string | undefined
  /** In E42's 1Check/1Auth field list; forwarded only when present. */
  panCardNo3D?: string | undefined
}

/** camelCase property ↔ wire field, in the order the plugins forward them. */
export const THREE_D_FIELDS = [
  ['encodeXId3D', 'EncodeXId3D'],
  ['messageVersionNo3D', 'MessageVersionNo3D'],
  ['transactionStatus3D', 'TransactionStatus3D'],
  ['cavvAlgorithm3D', 'CAVVAlgorithm3D'],
  ['eci3D', 'ECI3D'],
  ['cavv3D', 'CAVV3D'],
  ['secureResultCode', 'SecureResultCode'],
  ['dsTransactionId', 'DSTransactionId'],
  ['threeDSServerTransactionId', 'ThreeDSServerTransactionId'],
  ['transactionId3D', 'TransactionId3D'],
  ['panCardNo3D', 'PANCardNo3D'],
] as const

const value = z.string().max(128).optional()
export const threeDSecureDataSchema = z
  .object(Object.fromEntries(THREE_D_FIELDS.map(([prop]) => [prop, value])) as Record<(typeof THREE_D_FIELDS)[number][0], typeof value>)
  .refine((d) => Boolean(d.secureResultCode || d.messageVersionNo3D), {
    message: 'must be the threeDSecure data returned by threeDSecure.parseResult (it has no SecureResultCode or MessageVersionNo3D)',
  })

export function threeDWireFields(data: ThreeDSecureData | undefined): FieldInput {
  if (!data) return {}
  const out: FieldInput = {}
  for (const [prop, wire] of THREE_D_FIELDS) out[wire] = data[prop]
  return out
}

/** Reads the 3-D fields out of a decrypted result; undefined when the result carries none of them. */
export function threeDFromWire(r: Record<string, string>): ThreeDSecureData | undefined {
  const out: ThreeDSecureData = {}
  let any = false
  for (const [prop, wire] of THREE_D_FIELDS) {
    if (!r[wire]) continue
    out[prop] = r[wire]
    any = true
  }
  return any && (out.secureResultCode || out.messageVersionNo3D) ? out : undefined
}
