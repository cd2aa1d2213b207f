/**
 * `npm start`: the store against the gateway configured in the environment (see config.js and README.md).
 * PORT (default 3000), PUBLIC_URL, SMTP_URL (mail; e.g. smtp://user:pass@smtp.example.jp:587), ADMIN_USER /
 * ADMIN_PASSWORD (the first admin user, created when there is none), COOKIE_SECRET, DATABASE_URL or STORE_DATA_DIR
 * (embedded Postgres folder, default this example's folder), NOTIFICATION_IPS (comma separated), SHOP_* (settings.js).
 */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { escottConfigFromEnv } from './config.js'
import { startStore } from './start.js'

const env = process.env
const escottConfig = escottConfigFromEnv(env)
if (!escottConfig) {
  console.error('Set ESCOTT_MERCHANT_ID and ESCOTT_MERCHANT_PASS (and ESCOTT_TOKEN_AUTH_CODE, ESCOTT_AES_KEY, ESCOTT_AES_IV), or run `npm run demo` for the local sandbox.')
  process.exit(2)
}
const store = await startStore({
  escottConfig,
  dataDir: env.STORE_DATA_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '..'),
  port: env.PORT === undefined ? 3000 : Number(env.PORT),
  publicUrl: env.PUBLIC_URL,
  admin: env.ADMIN_PASSWORD ? { user: env.ADMIN_USER ?? 'admin', password: env.ADMIN_PASSWORD } : undefined,
  notificationIps: env.NOTIFICATION_IPS ? env.NOTIFICATION_IPS.split(',').map((s) => s.trim()) : undefined,
  cookieSecret: env.COOKIE_SECRET,
  smtpUrl: env.SMTP_URL,
})
if ((await store.shop.accounts.admins()).length === 0) {
  console.error('Set ADMIN_PASSWORD (and ADMIN_USER, default admin) for the first start: the admin pages need a user of their own.')
  await store.close()
  process.exit(2)
}
if (!env.SMTP_URL) console.warn('SMTP_URL is not set: order mails are not sent.')
console.log(JSON.stringify({ ready: true, url: store.url, port: store.port }))
const stop = () =>
  store.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
