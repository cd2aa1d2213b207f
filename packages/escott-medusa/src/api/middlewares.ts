import { authenticate, defineMiddlewares } from '@medusajs/framework/http'

export default defineMiddlewares({
  routes: [
    // Saved cards belong to a logged-in customer (session cookie or bearer token from /auth/customer/emailpass).
    { matcher: '/store/escott/payment-methods*', middlewares: [authenticate('customer', ['session', 'bearer'])] },
  ],
})
