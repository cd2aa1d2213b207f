/**
 * What the flows call on an escott-core client: the same methods, picked from `Escott`, so a real `new Escott({...})`
 * satisfies it and a test double needs only these.
 */
import type { Escott } from 'escott-core'

/** The part of escott-core's client the flows use. */
export interface FlowClient {
  card: Pick<Escott['card'], 'authorize' | 'capture' | 'cancel' | 'changeAmount' | 'reauthorize' | 'retrieve'>
  members: Pick<Escott['members'], 'create' | 'update' | 'retrieve' | 'invalidate' | 'delete'>
  threeDSecure: Pick<Escott['threeDSecure'], 'createRequest' | 'parseResult'>
  cvs: Pick<Escott['cvs'], 'create' | 'update' | 'cancel' | 'retrieve' | 'verifyNotification'>
}
