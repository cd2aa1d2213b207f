import { z } from 'zod'
import type { FieldInput } from '../client.js'

/**
 * The EMV 3-D Secure result fields that must accompany the authorisation (1Auth / 1Gathering / 1Check) after an
 * authentication-only `3Secure`, or the member payment after a 3-D Secure card registration.
 */
export interface ThreeDSecureData {
  messageVersionNo3D: string
  transactionId3D: string
  encodeXId3D?: string | undefined
  transactionStatus3D: string
  cavvAlgorithm3D?: string | undefined
  cavv3D?: string | undefined
  eci3D?: string | undefined
  panCardNo3D?: string | undefined
}

/** camelCase property ↔ wire field. */
export const THREE_D_FIELDS = [
  ['messageVersionNo3D', 'MessageVersionNo3D'],
  ['transactionId3D', 'TransactionId3D'],
  ['encodeXId3D', 'EncodeXId3D'],
  ['transactionStatus3D', 'TransactionStatus3D'],
  ['cavvAlgorithm3D', 'CAVVAlgorithm3D'],
  ['cavv3D', 'CAVV3D'],
  ['eci3D', 'ECI3D'],
  ['panCardNo3D', 'PANCardNo3D'],
] as const

const value = z.string().max(128).optional()
const required = z.string().min(1, 'is required: pass the threeDSecure data returned by threeDSecure.parseResult')
export const threeDSecureDataSchema = z.object({
  messageVersionNo3D: required,
  transactionId3D: required,
  encodeXId3D: value,
  transactionStatus3D: required,
  cavvAlgorithm3D: value,
  cavv3D: value,
  eci3D: value,
  panCardNo3D: value,
})

export function threeDWireFields(data: ThreeDSecureData | undefined): FieldInput {
  if (!data) return {}
  const out: FieldInput = {}
  for (const [prop, wire] of THREE_D_FIELDS) out[wire] = data[prop]
  return out
}

/** Reads the 3-D fields out of a decrypted result; undefined when authentication produced none. */
export function threeDFromWire(r: Record<string, string>): ThreeDSecureData | undefined {
  if (!r.TransactionId3D && !r.MessageVersionNo3D) return undefined
  const out: Record<string, string | undefined> = {}
  for (const [prop, wire] of THREE_D_FIELDS) out[prop] = r[wire] || undefined
  return out as unknown as ThreeDSecureData
}
