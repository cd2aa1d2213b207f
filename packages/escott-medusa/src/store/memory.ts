import type { EscottMedusaStore, JournalLine, MemberRecord, SessionRecord, SessionState } from './types'

const copy = <T>(v: T): T => structuredClone(v)

/** In-memory store for unit tests and single-process experiments. State is lost on restart. */
export class MemoryEscottStore implements EscottMedusaStore {
  readonly #sessions = new Map<string, SessionRecord>()
  readonly #members = new Map<string, MemberRecord>()
  readonly #journal: JournalLine[] = []
  readonly #notifications = new Set<string>()

  async getSession(id: string) {
    const r = this.#sessions.get(id)
    return r && copy(r)
  }
  async findSessionByMerchantFree1(mf1: string) {
    for (const r of this.#sessions.values()) if (r.merchantFree1 === mf1) return copy(r)
    return undefined
  }
  async createSession(record: SessionRecord) {
    const existing = this.#sessions.get(record.sessionId)
    if (existing) return copy(existing)
    const stored = { ...copy(record), updatedAt: new Date().toISOString() }
    this.#sessions.set(record.sessionId, stored)
    return copy(stored)
  }
  async updateSession(id: string, patch: Partial<SessionRecord>, from?: SessionState[]) {
    const r = this.#sessions.get(id)
    if (!r || (from && !from.includes(r.state))) return undefined
    const next = { ...r, ...copy(patch), updatedAt: new Date().toISOString() }
    this.#sessions.set(id, next)
    return copy(next)
  }
  async listExpiredCvs(before: Date) {
    return [...this.#sessions.values()].filter((r) => r.state === 'cvs_pending' && r.cvs && new Date(r.cvs.payLimit) < before).map(copy)
  }
  async getMember(holderId: string) {
    const m = this.#members.get(holderId)
    return m && copy(m)
  }
  async getMemberByKaiinId(kaiinId: string) {
    for (const m of this.#members.values()) if (m.kaiinId === kaiinId) return copy(m)
    return undefined
  }
  async saveMember(member: MemberRecord) {
    this.#members.set(member.holderId, copy(member))
  }
  async appendJournal(line: Omit<JournalLine, 'id' | 'createdAt' | 'outcome'>) {
    const entry: JournalLine = { ...copy(line), id: this.#journal.length + 1, outcome: 'pending', createdAt: new Date().toISOString() }
    this.#journal.push(entry)
    return copy(entry)
  }
  async completeJournal(id: number, outcome: 'ok' | 'failed' | 'unknown', result?: Record<string, unknown>) {
    const line = this.#journal[id - 1]
    if (line) Object.assign(line, { outcome, result: result && copy(result) })
  }
  async journal(sessionId: string) {
    return this.#journal.filter((l) => l.sessionId === sessionId).map(copy)
  }
  async recordNotification(key: { processId: string; recvNum: string }) {
    const k = `${key.processId}/${key.recvNum}`
    if (this.#notifications.has(k)) return false
    this.#notifications.add(k)
    return true
  }
}
