/** In-memory implementations of every port. Data is lost when the process ends. */
import { MemoryJournal } from './journal.js'
import { MemoryMembers } from './members.js'
import { MemoryOnceKeys } from './once-keys.js'

export { MemoryJournal } from './journal.js'
export { MemoryOnceKeys } from './once-keys.js'
export { MemoryMembers } from './members.js'
export { MemoryOrders, type NewFlowOrder } from './orders.js'

/** A journal, once-keys and member store in memory, for tests and throw-away demos. */
export function memoryStores(): { journal: MemoryJournal; onceKeys: MemoryOnceKeys; members: MemoryMembers } {
  return { journal: new MemoryJournal(), onceKeys: new MemoryOnceKeys(), members: new MemoryMembers() }
}
