/**
 * The part of the `Escott` client that adapters and flows call, as an interface: a real `new Escott({...})`
 * satisfies it, and a test double needs only these methods.
 */
import type { Escott } from './escott.js'

/**
 * What adapters (escott-express, the flow layer, Medusa providers, the subscription worker) type against instead
 * of the `Escott` class: the methods are picked from `Escott`, so their signatures — including the optional
 * last `RequestOptions` argument — can never drift from the real client.
 *
 * @example
 * ```ts
 * import { Escott, type EscottClient } from 'escott-core'
 *
 * function chargeOrder(escott: EscottClient, order: { total: number; token: string; ref: string }) {
 *   return escott.card.authorize({ amount: order.total, token: order.token, merchantFree1: order.ref })
 * }
 * await chargeOrder(new Escott({ merchantId, merchantPass }), order)
 * ```
 */
export interface EscottClient {
  card: Pick<Escott['card'], 'authorize' | 'capture' | 'cancel' | 'changeAmount' | 'reauthorize' | 'retrieve' | 'check'>
  members: Pick<Escott['members'], 'create' | 'update' | 'retrieve' | 'invalidate' | 'delete'>
  tokens: Pick<Escott['tokens'], 'scriptUrl' | 'retrieve'>
  threeDSecure: Pick<Escott['threeDSecure'], 'createRequest' | 'parseResult'>
  cvs: Pick<Escott['cvs'], 'create' | 'update' | 'cancel' | 'retrieve' | 'verifyNotification'>
}
