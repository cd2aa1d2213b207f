/**
 * escott-express: Express routes for e-SCOTT Smart — token checkout, EMV 3-D Secure, convenience-store payments and
 * their notifications, admin operations, stored cards, and order recovery — as glue over escott-flows: each route
 * maps a flow's result to HTTP. The payment logic (journal, recovery, 3-D Secure, registration, notifications) is
 * escott-flows'; import it from there.
 * @packageDocumentation
 */
export { escottRouter } from './router.js'
export type { EscottRouterOptions, Customer, RouterLogger, OrderEvent, PageSections } from './context.js'
export { consoleLogger } from './context.js'
export type * from './types.js'
export { MemoryOrderStore, MemoryShopStore } from './store/memory.js'
export { PostgresOrderStore, PostgresShopStore, type PostgresShopStoreOptions } from './store/postgres.js'
export { openShopStore, type OpenShopStoreOptions } from './store/open.js'
export { negotiateLang, formatYen, formatTokyo, payTypeLabel, brandLabel, shopperStatusLabel, statusLabel, type Lang } from './i18n.js'
export { ordersCsv, csvCell } from './views/csv.js'
export { ADMIN_PAGE_SIZE, parsePayLimitDate } from './routes/admin.js'
export type { Layout, LayoutPage } from './views/layout.js'
export { BASE_CSS, defaultLayout } from './views/layout.js'
export { runRecoverCommand, type RecoverCommandIo, type RecoverContext } from './recover-command.js'
export { orderCreationLimit, type LimitsOption, type OrderCreationLimitOptions } from './security/throttle.js'
export { parseTrustProxy } from './security/trust-proxy.js'
export { adminCsrf, csrfToken, CSRF_FIELD, type CsrfRefusal } from './security/csrf.js'
export { ADMIN_CSP, adminHeaders } from './security/headers.js'
