import { authenticate, defineMiddlewares } from '@medusajs/framework/http'

export default defineMiddlewares({
  routes: [
    // Saved cards belong to a logged-in customer (session cookie or bearer token from /auth/customer/emailpass).
    { matcher: '/store/escott/payment-methods*', middlewares: [authenticate('customer', ['session', 'bearer'])] },
    // escott-core verifies the notification from the body exactly as the gateway sent it.
    { matcher: '/escott/cvs/notification', methods: ['POST'], bodyParser: { preserveRawBody: true, sizeLimit: '32kb' } },
  ],
})
