/**
 * escott-flows: the framework-free payment flow every escott adapter shares.
 * @packageDocumentation
 */
export * from './types.js'
export { silentLogger, type FlowLogger, type JournalStore, type MemberStore, type OnceKeys, type OrderPort } from './ports.js'
export { EscottFlowError, FLOW_ERROR_CODES, defineErrorCodes, isEscottFlowError, type ErrorCodeEntry, type FlowErrorCode } from './errors.js'
export { newMerchantFree1, newKaiinId, newKaiinPass } from './ids.js'
export { MemoryJournal, MemoryOnceKeys, MemoryMembers, MemoryOrders, memoryStores, type NewFlowOrder } from './memory/index.js'
