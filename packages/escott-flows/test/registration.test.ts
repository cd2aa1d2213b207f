import { EscottGatewayError, EscottOutcomeUnknownError, newKaiinId, newKaiinPass } from 'escott-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { planMemberRegistration, registerCardWithToken, type FlowClient, type StoredMember } from '../src/index.js'
import { startGateway, withMethod, type Gateway } from './helpers.js'

const placeholder = (kaiinId = newKaiinId(), kaiinPass = newKaiinPass()): StoredMember => ({
  customerId: 'c-1',
  kaiinId,
  kaiinPass,
  maskedCard: null,
  brand: null,
  createdAt: new Date(),
  updatedAt: new Date(),
})

/** A client whose 4MemRef fails with `err`. */
const retrieveFails = (gw: Gateway, err: unknown): Pick<FlowClient, 'members'> => ({
  members: withMethod(gw.escott.members, 'retrieve', async () => {
    throw err
  }),
})

describe('stored-card registration plan (4MemAdd or 4MemChg)', () => {
  let gw: Gateway
  beforeAll(async () => {
    gw = await startGateway()
  })
  afterAll(() => gw.close())

  it('creates new credentials for a customer without a stored card', async () => {
    const plan = await planMemberRegistration(gw.escott, undefined)
    expect(plan).toMatchObject({ kind: 'create', isNew: true })
    expect(plan.creds.kaiinId).toMatch(/^M[A-Z0-9]{15}$/)
  })

  it('replaces a card that is on file', async () => {
    const stored = { ...placeholder(), maskedCard: '************1000', brand: 'VISA' as const }
    expect(await planMemberRegistration(gw.escott, stored)).toEqual({ creds: { kaiinId: stored.kaiinId, kaiinPass: stored.kaiinPass }, kind: 'update', isNew: false })
  })

  it('registers a placeholder the gateway does not know (it answers K71) under the same credentials', async () => {
    const p = placeholder()
    const err = await gw.escott.members.retrieve({ kaiinId: p.kaiinId, kaiinPass: p.kaiinPass }).catch((e) => e)
    expect(err.codes).toContain('K71')
    expect(await planMemberRegistration(gw.escott, p)).toEqual({ creds: { kaiinId: p.kaiinId, kaiinPass: p.kaiinPass }, kind: 'create', isNew: false })
  })

  it('replaces a placeholder that an unanswered 3-D Secure trip did register (4MemAdd would answer K69)', async () => {
    const p = placeholder()
    await gw.escott.members.create({ kaiinId: p.kaiinId, kaiinPass: p.kaiinPass, token: await gw.token() })
    expect(await planMemberRegistration(gw.escott, p)).toMatchObject({ kind: 'update', isNew: false, creds: { kaiinId: p.kaiinId } })
  })

  it('does not read a timeout or a busy gateway as "never registered": it throws', async () => {
    const timeout = new EscottOutcomeUnknownError({ message: 'timeout', category: 'outcome_unknown' })
    const busy = new EscottGatewayError({ message: 'busy', retryable: true })
    await expect(planMemberRegistration(retrieveFails(gw, timeout), placeholder())).rejects.toBe(timeout)
    await expect(planMemberRegistration(retrieveFails(gw, busy), placeholder())).rejects.toBe(busy)
    await expect(planMemberRegistration(retrieveFails(gw, new TypeError('bug')), placeholder())).rejects.toThrow('bug')
  })

  it('registers with a token, journaled, and keeps only the masked card', async () => {
    const member = await registerCardWithToken(gw, {
      customerId: 'c-direct',
      token: await gw.token(),
      maskedCard: '400000******1000',
      link: { orderId: null, merchantFree1: 'REGDIRECT0000001' },
    })
    expect(member).toMatchObject({ customerId: 'c-direct', maskedCard: '************1000', brand: 'VISA' })
    expect((await gw.journal.list({ merchantFree1: 'REGDIRECT0000001' })).map((l) => [l.operation, l.outcome])).toEqual([['members.create', 'ok']])
    const info = await gw.escott.members.retrieve({ kaiinId: member.kaiinId, kaiinPass: member.kaiinPass })
    expect(info.status).toBe('valid')
  })
})
