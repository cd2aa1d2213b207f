/** In-memory implementations of every port. Data is lost when the process ends. */
import { MemoryJournal } from './journal.js'
import { MemoryMembers } from './members.js'
import { MemoryOnceKeys } from './once-keys.js'
import { MemoryAttemptCounters } from './attempts.js'

export { MemoryJournal } from './journal.js'
export { MemoryOnceKeys } from './once-keys.js'
export { MemoryMembers } from './members.js'
export { MemoryAttemptCounters } from './attempts.js'
export { MemoryOrders, type NewFlowOrder } from './orders.js'

/**
 * A journal, once-keys, member store and attempt counters in memory, for tests and throw-away demos.
 *
 * @example
 * ```ts
 * const deps = { escott, ...memoryStores(), orders: new MemoryOrders() }
 * const outcome = await chargeCard(deps, { order: claimed, source: { token }, details: { payType: '01' } })
 * ```
 */
export function memoryStores(): { journal: MemoryJournal; onceKeys: MemoryOnceKeys; members: MemoryMembers; attempts: MemoryAttemptCounters } {
  return { journal: new MemoryJournal(), onceKeys: new MemoryOnceKeys(), members: new MemoryMembers(), attempts: new MemoryAttemptCounters() }
}
