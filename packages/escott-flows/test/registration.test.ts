import { EscottGatewayError, EscottOutcomeUnknownError, newKaiinId, newKaiinPass } from 'escott-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteStoredCard, planMemberRegistration, registerCardWithToken, type FlowClient, type FlowOrder, type StoredMember } from '../src/index.js'
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

  it("keeps the gateway's masked number when the caller has none (never a placeholder-looking member)", async () => {
    const member = await registerCardWithToken(gw, { customerId: 'c-nomask', token: await gw.token(), maskedCard: undefined, link: { orderId: null, merchantFree1: 'REGNOMASK0000001' } })
    expect(member).toMatchObject({ maskedCard: '************1000', brand: 'VISA' })
  })
})

describe("deleting a stored card (the manuals' 90-day rule, 4MemInval then 4MemDel)", () => {
  let gw: Gateway
  beforeAll(async () => {
    gw = await startGateway()
  })
  afterAll(() => gw.close())

  const cardOrder = (authorizedAt: Date, member = true): Pick<FlowOrder, 'method' | 'status' | 'payment' | 'updatedAt'> => ({
    method: 'card',
    status: 'captured',
    payment: { member, authorizedAt: authorizedAt.toISOString() },
    updatedAt: authorizedAt,
  })

  it('refuses while a stored-card authorisation is younger than 90 days, and sends nothing', async () => {
    const member = await registerCardWithToken(gw, { customerId: 'd-recent', token: await gw.token(), maskedCard: undefined, link: { orderId: null, merchantFree1: 'DELRECENT0000001' } })
    const outcome = await deleteStoredCard(gw, { customerId: 'd-recent', orders: [cardOrder(new Date(Date.now() - 10 * 86_400_000))] })
    expect(outcome).toMatchObject({ kind: 'not_allowed', verdict: { reason: 'recent_authorization' } })
    expect((await gw.escott.members.retrieve({ kaiinId: member.kaiinId, kaiinPass: member.kaiinPass })).status).toBe('valid')
    expect(await gw.members.get('d-recent')).toBeDefined()
  })

  it('deletes at the gateway and in the store once the rule allows it (a card order with another card does not count)', async () => {
    const member = await registerCardWithToken(gw, { customerId: 'd-old', token: await gw.token(), maskedCard: undefined, link: { orderId: null, merchantFree1: 'DELOLD0000000001' } })
    const orders = [cardOrder(new Date(Date.now() - 100 * 86_400_000)), cardOrder(new Date(), false)]
    expect(await deleteStoredCard(gw, { customerId: 'd-old', orders, merchantFree1: 'DELOLD0000000002' })).toMatchObject({ kind: 'deleted', member: { kaiinId: member.kaiinId } })
    expect(await gw.members.get('d-old')).toBeUndefined()
    const at = gw.sb.snapshot().members.find((m) => m.kaiinId === member.kaiinId)
    expect(at?.deleted).toBe(true)
    expect((await gw.journal.list({ merchantFree1: 'DELOLD0000000002' })).map((l) => [l.operation, l.outcome])).toEqual([['members.delete', 'ok']])
    expect(await deleteStoredCard(gw, { customerId: 'd-old', orders: [] })).toEqual({ kind: 'not_found' })
  })

  it('removes a placeholder the gateway never registered without calling it', async () => {
    await gw.members.save({ customerId: 'd-placeholder', kaiinId: newKaiinId(), kaiinPass: newKaiinPass(), maskedCard: null, brand: null })
    const before = gw.journal.list({ operation: ['members.delete'] })
    expect(await deleteStoredCard(gw, { customerId: 'd-placeholder', orders: [] })).toMatchObject({ kind: 'deleted' })
    expect((await gw.journal.list({ operation: ['members.delete'] })).length).toBe((await before).length)
  })
})
