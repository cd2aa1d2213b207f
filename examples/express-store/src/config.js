/** e-SCOTT settings from the environment (the same variables for the store, the demo and the recover command). */

/**
 * ESCOTT_MERCHANT_ID, ESCOTT_MERCHANT_PASS, ESCOTT_TENANT_ID (default 0001), ESCOTT_ENVIRONMENT (test|production),
 * ESCOTT_TOKEN_AUTH_CODE, ESCOTT_AES_KEY, ESCOTT_AES_IV (3-D Secure), ESCOTT_BASE_URL (a local sandbox).
 * @returns {import('escott-core').EscottConfig | undefined}
 */
export function escottConfigFromEnv(env = process.env) {
  if (!env.ESCOTT_MERCHANT_ID || !env.ESCOTT_MERCHANT_PASS) return undefined
  return {
    merchantId: env.ESCOTT_MERCHANT_ID,
    merchantPass: env.ESCOTT_MERCHANT_PASS,
    tenantId: env.ESCOTT_TENANT_ID ?? '0001',
    environment: env.ESCOTT_ENVIRONMENT === 'production' ? 'production' : 'test',
    ...(env.ESCOTT_TOKEN_AUTH_CODE && { tokenAuthCode: env.ESCOTT_TOKEN_AUTH_CODE }),
    ...(env.ESCOTT_AES_KEY && env.ESCOTT_AES_IV && { threeDSecure: { aesKey: env.ESCOTT_AES_KEY, aesIv: env.ESCOTT_AES_IV } }),
    ...(env.ESCOTT_BASE_URL && { baseUrl: env.ESCOTT_BASE_URL }),
  }
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
