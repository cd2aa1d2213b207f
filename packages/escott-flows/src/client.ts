/** What the flows call on an escott-core client. */
import type { EscottClient } from 'escott-core'

/** escott-core's `EscottClient` without the token-script URL (the flows never render pages). */
export type FlowClient = Omit<EscottClient, 'tokens'>
