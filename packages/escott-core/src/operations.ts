/**
 * The one table of e-SCOTT operations: every OperateId the SDK sends (or builds for the browser), the endpoint it
 * goes to, whether re-sending it is harmless, and which follow-up of the payment state machine it performs.
 * `OperateId`, `OperationSpec`, `BaseResult.operation`, `EscottError.operation` and the state machine's
 * `Operation` all derive from it.
 */

/** Endpoint paths, identical on every host. */
export const PATHS = {
  card: '/online/aut/OAUT002.do',
  member: '/online/crp/OCRP005.do',
  token: '/online/atn/OATN005.do',
  threeDSecure: '/online/tds/OTDS010.do',
  cvs: '/online/cnv/OCNV005.do',
  tokenScript: '/euser/stn/CdGetJavaScript.do',
} as const

/**
 * Every OperateId, keyed by its wire name.
 * - `resource`: the `Escott` namespace that sends it (`card`, `members`, `tokens`, `threeDSecure`, `cvs`).
 * - `path`: the endpoint (see {@link PATHS}).
 * - `safeToRetry`: true for reads only; re-sending them cannot charge, register or cancel anything. Everything else
 *   is re-sent only when it provably never left the machine.
 * - `followUp`: the state-machine operation it performs on an existing payment (`capture`, `changeAmount`,
 *   `cancel`, `reauthorize`).
 *
 * `3Secure` is never sent by the server: it travels inside the encrypted payload the browser posts to OTDS010.
 *
 * @example
 * ```ts
 * import { OPERATE_IDS, type OperateId } from 'escott-core'
 * const reads = (Object.keys(OPERATE_IDS) as OperateId[]).filter((id) => OPERATE_IDS[id].safeToRetry)
 * // ['1Search', '4MemRef', '4MemRefM', '1TokenSearch', '2Ref']
 * ```
 */
export const OPERATE_IDS = {
  '1Check': { resource: 'card', path: PATHS.card, safeToRetry: false },
  '1Auth': { resource: 'card', path: PATHS.card, safeToRetry: false },
  '1Gathering': { resource: 'card', path: PATHS.card, safeToRetry: false },
  '1Capture': { resource: 'card', path: PATHS.card, safeToRetry: false, followUp: 'capture' },
  '1Change': { resource: 'card', path: PATHS.card, safeToRetry: false, followUp: 'changeAmount' },
  '1Delete': { resource: 'card', path: PATHS.card, safeToRetry: false, followUp: 'cancel' },
  '1ReAuth': { resource: 'card', path: PATHS.card, safeToRetry: false, followUp: 'reauthorize' },
  '1Search': { resource: 'card', path: PATHS.card, safeToRetry: true },
  '4MemAdd': { resource: 'members', path: PATHS.member, safeToRetry: false },
  '4MemChg': { resource: 'members', path: PATHS.member, safeToRetry: false },
  '4MemRef': { resource: 'members', path: PATHS.member, safeToRetry: true },
  '4MemRefM': { resource: 'members', path: PATHS.member, safeToRetry: true },
  '4MemInval': { resource: 'members', path: PATHS.member, safeToRetry: false },
  '4MemUnInval': { resource: 'members', path: PATHS.member, safeToRetry: false },
  '4MemDel': { resource: 'members', path: PATHS.member, safeToRetry: false },
  '1TokenSearch': { resource: 'tokens', path: PATHS.token, safeToRetry: true },
  '3Secure': { resource: 'threeDSecure', path: PATHS.threeDSecure, safeToRetry: false },
  '2Add': { resource: 'cvs', path: PATHS.cvs, safeToRetry: false },
  '2Chg': { resource: 'cvs', path: PATHS.cvs, safeToRetry: false, followUp: 'changeAmount' },
  '2Del': { resource: 'cvs', path: PATHS.cvs, safeToRetry: false, followUp: 'cancel' },
  '2Ref': { resource: 'cvs', path: PATHS.cvs, safeToRetry: true },
} as const

/** An e-SCOTT OperateId, e.g. `1Auth`. */
export type OperateId = keyof typeof OPERATE_IDS

/** One row of {@link OPERATE_IDS}. */
export type OperationSpec = (typeof OPERATE_IDS)[OperateId]

/** The `Escott` namespace an operation belongs to. */
export type OperationResource = OperationSpec['resource']

type FollowUpOf<T> = T extends { readonly followUp: infer F } ? F : never

/**
 * A follow-up operation on an existing payment, as the state machine names it: `capture` (売上計上, `1Capture`),
 * `changeAmount` (利用額変更, `1Change` / `2Chg`), `cancel` (取消, `1Delete` / `2Del`), `reauthorize`
 * (再オーソリ, `1ReAuth`).
 */
export type Operation = FollowUpOf<OperationSpec>

/** True for a string that is one of {@link OPERATE_IDS}' keys. */
export function isOperateId(value: unknown): value is OperateId {
  return typeof value === 'string' && Object.hasOwn(OPERATE_IDS, value)
}

/**
 * The OperateId that performs a follow-up on a card or convenience-store payment, e.g.
 * `operateIdFor('cancel', 'cvs')` → `2Del`; undefined when that payment kind has no such operation
 * (`reauthorize` on a convenience-store payment).
 */
export function operateIdFor(operation: Operation, method: 'card' | 'cvs'): OperateId | undefined {
  const resource = method === 'card' ? 'card' : 'cvs'
  for (const id in OPERATE_IDS) {
    const spec: OperationSpec = OPERATE_IDS[id as OperateId]
    if (spec.resource === resource && 'followUp' in spec && spec.followUp === operation) return id as OperateId
  }
  return undefined
}
