// The Medusa app of the starter kit: e-SCOTT card (3-D Secure, saved cards) and convenience-store payments.
// Every value comes from the environment; `npm run demo:medusa` sets them for the local sandbox gateway.
const { defineConfig, loadEnv } = require('@medusajs/framework/utils')

loadEnv(process.env.NODE_ENV || 'development', process.cwd())

const env = (name, fallback) => process.env[name] ?? fallback

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: env('DATABASE_URL'),
    http: {
      storeCors: env('STORE_CORS', 'http://localhost:8000'),
      adminCors: env('ADMIN_CORS', 'http://localhost:9000'),
      authCors: env('AUTH_CORS', 'http://localhost:8000,http://localhost:9000'),
      jwtSecret: env('JWT_SECRET', 'supersecret'),
      cookieSecret: env('COOKIE_SECRET', 'supersecret'),
    },
  },
  // The demo has its own storefront page and uses the admin API directly; the dashboard is not built.
  admin: { disable: true },
  modules: [
    {
      resolve: '@medusajs/medusa/payment',
      options: {
        providers: [
          {
            resolve: 'escott-medusa/providers/escott',
            id: 'escott',
            options: {
              merchantId: env('ESCOTT_MERCHANT_ID'),
              merchantPass: env('ESCOTT_MERCHANT_PASS'),
              tenantId: env('ESCOTT_TENANT_ID', '0001'),
              environment: env('ESCOTT_ENVIRONMENT', 'test'),
              ...(process.env.ESCOTT_BASE_URL && { baseUrl: process.env.ESCOTT_BASE_URL }),
              tokenAuthCode: env('ESCOTT_TOKEN_AUTH_CODE'),
              threeDSecure: { aesKey: env('ESCOTT_AES_KEY'), aesIv: env('ESCOTT_AES_IV') },
              capture: false,
              publicUrl: env('MEDUSA_PUBLIC_URL', 'http://localhost:9000'),
              storefrontUrl: env('STOREFRONT_URL', 'http://localhost:8000'),
            },
          },
        ],
      },
    },
  ],
  plugins: [{ resolve: 'escott-medusa', options: {} }],
})
