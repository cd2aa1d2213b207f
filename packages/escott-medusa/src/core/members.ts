/**
 * Stored cards: one e-SCOTT member (KaiinId) per Medusa account holder. The KaiinPass is generated and kept
 * server-side only. Local adapter until escott-flows' registration plan lands (see requests-medusa.md).
 */
import { randomInt } from 'node:crypto'
import { generateKaiinPass, type Escott, type MemberRef } from 'escott-core'
import type { EscottMedusaStore, MemberRecord } from '../store/types'

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A new KaiinId (≤ 20 alphanumerics). A deleted KaiinId can never be registered again (K69), so ids are random. */
export function newKaiinId(): string {
  let s = 'K'
  for (let i = 0; i < 15; i++) s += ALNUM[randomInt(ALNUM.length)]
  return s
}

export function memberRef(m: MemberRecord): MemberRef {
  return { kaiinId: m.kaiinId, kaiinPass: m.kaiinPass }
}

/** A fresh, not yet registered member for an account holder. */
export function placeholderMember(holderId: string, kaiinId = holderId): MemberRecord {
  return { holderId, kaiinId, kaiinPass: generateKaiinPass(16), registered: false, authorizations: [] }
}

export interface RegistrationPlan {
  member: MemberRecord
  kind: 'create' | 'update'
}

/**
 * 4MemAdd or 4MemChg for the holder's next card. A placeholder whose earlier 3-D Secure trip may have registered it
 * is looked up first (4MemAdd would answer K69); a deleted member is replaced by a new KaiinId.
 */
export async function planRegistration(escott: Escott, store: EscottMedusaStore, holderId: string): Promise<RegistrationPlan> {
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
