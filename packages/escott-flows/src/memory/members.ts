/** Stored-card members kept in process memory. */
import type { MemberStore } from '../ports.js'
import type { NewStoredMember, StoredMember } from '../types.js'
import { checkMember } from '../validate.js'
import { clone } from './clone.js'

/** {@link MemberStore} in memory. */
export class MemoryMembers implements MemberStore {
  readonly #members = new Map<string, StoredMember>()

  async get(customerId: string): Promise<StoredMember | undefined> {
    const m = this.#members.get(customerId)
    return m && clone(m)
  }

  async save(member: NewStoredMember): Promise<StoredMember> {
    checkMember(member)
    const now = new Date()
    const prev = this.#members.get(member.customerId)
    const row: StoredMember = {
      customerId: member.customerId,
      kaiinId: member.kaiinId,
      kaiinPass: member.kaiinPass,
      maskedCard: member.maskedCard,
      brand: member.brand,
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
    }
    this.#members.set(member.customerId, row)
    return clone(row)
  }

  async delete(customerId: string): Promise<void> {
    this.#members.delete(customerId)
  }
}
