/**
 * The part of escott-core's `Escott` client this package calls: the same methods, picked from `Escott`, so a real
 * `new Escott({...})` satisfies it and a test double needs only these methods.
 */
import type { Escott } from 'escott-core'

/** What escott-express needs from an `Escott` client. */
export interface EscottLike {
  card: Pick<Escott['card'], 'authorize' | 'capture' | 'cancel' | 'changeAmount' | 'reauthorize' | 'retrieve'>
  members: Pick<Escott['members'], 'create' | 'update' | 'retrieve' | 'invalidate' | 'delete'>
  tokens: Pick<Escott['tokens'], 'scriptUrl'>
  threeDSecure: Pick<Escott['threeDSecure'], 'createRequest' | 'parseResult'>
  cvs: Pick<Escott['cvs'], 'create' | 'update' | 'cancel' | 'retrieve' | 'verifyNotification'>
}
