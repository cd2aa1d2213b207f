/**
 * Stored cards: one e-SCOTT member (KaiinId) per Medusa account holder. The KaiinPass is generated and kept
 * server-side only. Local adapter until escott-flows' registration plan lands (see requests-medusa.md).
 */
import { newKaiinId, newKaiinPass, type EscottClient, type MemberRef } from 'escott-core'
import type { EscottMedusaStore, MemberRecord } from '../store/types'

export { newKaiinId }

export function memberRef(m: MemberRecord): MemberRef {
  return { kaiinId: m.kaiinId, kaiinPass: m.kaiinPass }
}

/** A fresh, not yet registered member for an account holder. */
export function placeholderMember(holderId: string, kaiinId = holderId): MemberRecord {
  return { holderId, kaiinId, kaiinPass: newKaiinPass(), registered: false, authorizations: [] }
}

export interface RegistrationPlan {
  member: MemberRecord
  kind: 'create' | 'update'
}

/**
 * 4MemAdd or 4MemChg for the holder's next card. A placeholder whose earlier 3-D Secure trip may have registered it
 * is looked up first (4MemAdd would answer K69); a deleted member is replaced by a new KaiinId.
 */
export async function planRegistration(escott: EscottClient, store: EscottMedusaStore, holderId: string): Promise<RegistrationPlan> {
  const stored = await store.getMember(holderId)
  if (!stored) {
    const member = placeholderMember(holderId)
    await store.saveMember(member)
    return { member, kind: 'create' }
  }
  if (stored.deletedAt) {
    const member = { ...placeholderMember(holderId, newKaiinId()), authorizations: stored.authorizations }
    await store.saveMember(member)
    return { member, kind: 'create' }
  }
  if (stored.registered) return { member: stored, kind: 'update' }
  try {
    const info = await escott.members.retrieve(memberRef(stored))
    if (info.status === 'deleted') {
      const member = { ...placeholderMember(holderId, newKaiinId()), authorizations: stored.authorizations }
      await store.saveMember(member)
      return { member, kind: 'create' }
    }
    return { member: stored, kind: 'update' }
  } catch {
    return { member: stored, kind: 'create' } // unknown at the gateway (K71): never registered
  }
}
