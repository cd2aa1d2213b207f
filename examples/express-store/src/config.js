/** e-SCOTT settings from the environment (the same variables for the store, the demo and the recover command). */

import { configFromEnv } from 'escott-core'

/**
 * The ESCOTT_* variables (escott-core's `configFromEnv`: ESCOTT_MERCHANT_ID, ESCOTT_MERCHANT_PASS, ESCOTT_TENANT_ID,
 * ESCOTT_ENVIRONMENT, ESCOTT_TOKEN_AUTH_CODE, ESCOTT_AES_KEY / ESCOTT_AES_IV, ESCOTT_BASE_URL …), or undefined when no
 * merchant is configured. A typo'd environment or half a 3-D Secure key pair is refused with the variable's name.
 * @returns {import('escott-core').EscottConfig | undefined}
 */
export function escottConfigFromEnv(env = process.env) {
  if (!env.ESCOTT_MERCHANT_ID && !env.ESCOTT_MERCHANT_PASS) return undefined
  return configFromEnv(env)
}

/** The environment variables that describe a sandbox merchant (what the demo hands to child processes). */
export function envOfSandbox(sb) {
  return {
    ESCOTT_MERCHANT_ID: sb.merchant.merchantId,
    ESCOTT_MERCHANT_PASS: sb.merchant.merchantPass,
    ESCOTT_TENANT_ID: sb.merchant.tenantId ?? '0001',
    ESCOTT_TOKEN_AUTH_CODE: sb.merchant.tokenAuthCode,
    ESCOTT_AES_KEY: sb.merchant.threeDSecure?.aesKey,
    ESCOTT_AES_IV: sb.merchant.threeDSecure?.aesIv,
    ESCOTT_BASE_URL: sb.url,
  }
}
