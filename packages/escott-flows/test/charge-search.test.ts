import { EscottConnectionError, newKaiinId, newKaiinPass } from 'escott-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reconcileBySearch, type SearchClient } from '../src/index.js'
import { startGateway, type Gateway } from './helpers.js'

describe('reconcileBySearch: what 1Search says about a charge whose ProcessId is known', () => {
  let gw: Gateway
  let member: { kaiinId: string; kaiinPass: string }
  beforeAll(async () => {
    gw = await startGateway()
    member = { kaiinId: newKaiinId(), kaiinPass: newKaiinPass() }
    await gw.escott.members.create({ ...member, token: await gw.token() })
  })
  afterAll(() => gw.close())

  const merchantFree1 = () => `S${Date.now()}${Math.floor(Math.random() * 1e6)}`

  it('charged: the gateway holds it with the expected amount, authorized or captured', async () => {
    const auth = await gw.escott.card.authorize({ amount: 3980, member, capture: false, merchantFree1: merchantFree1() })
    expect(await reconcileBySearch(gw.escott, { processId: auth.processId, processPass: auth.processPass, member, expectedAmount: 3980 })).toEqual({
      kind: 'charged',
      status: 'authorized',
      amount: 3980,
      salesDate: undefined,
    })
    const paid = await gw.escott.card.authorize({ amount: 2180, member, capture: true, merchantFree1: merchantFree1() })
    expect(await reconcileBySearch(gw.escott, { processId: paid.processId, processPass: paid.processPass, member, expectedAmount: 2180 })).toMatchObject({
      kind: 'charged',
      status: 'captured',
      amount: 2180,
    })
    // No expected amount: any amount is the charge.
    expect((await reconcileBySearch(gw.escott, { processId: paid.processId, processPass: paid.processPass, member })).kind).toBe('charged')
  })

  it('inconclusive (amount_mismatch): the transaction exists with another amount, so a person must look', async () => {
    const tx = await gw.escott.card.authorize({ amount: 1500, member, capture: true, merchantFree1: merchantFree1() })
    expect(await reconcileBySearch(gw.escott, { processId: tx.processId, processPass: tx.processPass, member, expectedAmount: 1600 })).toEqual({
      kind: 'inconclusive',
      reason: 'amount_mismatch',
      amount: 1500,
      codes: [],
    })
  })

  it('absent: KBZ, no transaction under that ProcessId', async () => {
    const found = await reconcileBySearch(gw.escott, { processId: 'f'.repeat(32), processPass: 'e'.repeat(32), member, expectedAmount: 3980 })
    expect(found).toEqual({ kind: 'absent', codes: ['KBZ'] })
  })

  it('inconclusive (search_failed) for every other refusal: a wrong ProcessPass (K12) or a missing member (K80) is not "absent"', async () => {
    const tx = await gw.escott.card.authorize({ amount: 1200, member, capture: true, merchantFree1: merchantFree1() })
    const wrongPass = await reconcileBySearch(gw.escott, { processId: tx.processId, processPass: '0'.repeat(32), member, expectedAmount: 1200 })
    expect(wrongPass).toMatchObject({ kind: 'inconclusive', reason: 'search_failed', codes: ['K12'], failure: 'refused' })
    const noMember = await reconcileBySearch(gw.escott, { processId: tx.processId, processPass: tx.processPass, expectedAmount: 1200 })
    expect(noMember).toMatchObject({ kind: 'inconclusive', reason: 'search_failed', codes: ['K80'] })
  })

  it('inconclusive (search_failed) when 1Search itself cannot be answered: gateway down, answers lost', async () => {
    const tx = await gw.escott.card.authorize({ amount: 1300, member, capture: true, merchantFree1: merchantFree1() })
    const ref = { processId: tx.processId, processPass: tx.processPass, member, expectedAmount: 1300 }
    // escott-core retries a read on its own; these faults outlast its retries. A lost read changed nothing, so it is
    // gateway trouble to ask again about later (retry_later), not an unknown outcome.
    gw.sb.faults.next({ type: 'http-error', status: 503, operateId: '1Search', times: 10 })
    expect(await reconcileBySearch(gw.escott, ref)).toMatchObject({ kind: 'inconclusive', reason: 'search_failed', failure: 'retry_later' })
    gw.sb.faults.clear()
    gw.sb.faults.next({ type: 'reset-after-commit', operateId: '1Search', times: 10 })
    expect(await reconcileBySearch(gw.escott, ref)).toMatchObject({ kind: 'inconclusive', reason: 'search_failed', failure: 'retry_later' })
    gw.sb.faults.clear()
    expect((await reconcileBySearch(gw.escott, ref)).kind).toBe('charged') // asked again later, it is found
  })

  it('never throws: an error that is not from escott-core is inconclusive too, carried as the error', async () => {
    const boom = new TypeError('fetch failed oddly')
    const broken = { card: { retrieve: async () => Promise.reject(boom) } } as unknown as SearchClient
    expect(await reconcileBySearch(broken, { processId: 'a'.repeat(32), processPass: 'b'.repeat(32) })).toEqual({
      kind: 'inconclusive',
      reason: 'search_failed',
      failure: 'outcome_unknown',
      codes: [],
      error: boom,
    })
    const down = new EscottConnectionError({ message: 'ECONNREFUSED', operation: '1Search' })
    const refused = { card: { retrieve: async () => Promise.reject(down) } } as unknown as SearchClient
    expect(await reconcileBySearch(refused, { processId: 'a'.repeat(32), processPass: 'b'.repeat(32) })).toMatchObject({ failure: 'retry_later', error: down })
  })
})
