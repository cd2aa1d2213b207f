import { describe, expect, it } from 'vitest'
import { OPERATE_IDS, OPERATIONS, PATHS, isOperateId, operateIdFor, type OperateId } from '../src/index.js'
import { makeEscott, TOKEN } from './helpers/fake-fetch.js'

const ok = { ResponseCd: 'OK', ProcessId: 'P1', ProcessPass: 'Q1', KaiinId: 'K1' }
const ref = { processId: 'P1', processPass: 'Q1' }
const member = { kaiinId: 'K1', kaiinPass: 'pass1234' }
const cvsCreate = { amount: 1000, payLimit: 7, nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678', productName: 'テスト' }

describe('the table of operations', () => {
  it('marks exactly the reads as safe to retry', () => {
    const reads = (Object.keys(OPERATE_IDS) as OperateId[]).filter((id) => OPERATE_IDS[id].safeToRetry)
    expect(reads.sort()).toEqual(['1Search', '1TokenSearch', '2Ref', '4MemRef', '4MemRefM'])
  })

  it('is what every resource method sends: the OperateId goes to the path of its row and comes back as result.operation', async () => {
    const { escott, calls } = makeEscott(() => ok)
    const sent: [OperateId, () => Promise<{ operation: OperateId }>][] = [
      ['1Auth', () => escott.card.authorize({ amount: 100, token: TOKEN })],
      ['1Gathering', () => escott.card.authorize({ amount: 100, token: TOKEN, capture: true })],
      ['1Capture', () => escott.card.capture(ref)],
      ['1Change', () => escott.card.changeAmount({ ...ref, amount: 50 })],
      ['1Delete', () => escott.card.cancel(ref)],
      ['1ReAuth', () => escott.card.reauthorize({ ...ref, amount: 50 })],
      ['1Search', () => escott.card.retrieve(ref)],
      ['1Check', () => escott.card.check({ token: TOKEN })],
      ['4MemAdd', () => escott.members.create({ ...member, token: TOKEN })],
      ['4MemChg', () => escott.members.update({ ...member, token: TOKEN })],
      ['4MemRefM', () => escott.members.retrieve(member)],
      ['4MemRef', () => escott.members.retrieve({ ...member, unmasked: true })],
      ['4MemInval', () => escott.members.invalidate(member)],
      ['4MemUnInval', () => escott.members.restore(member)],
      ['4MemDel', () => escott.members.delete(member)],
      ['1TokenSearch', () => escott.tokens.retrieve(TOKEN)],
      ['2Add', () => escott.cvs.create(cvsCreate)],
      ['2Chg', () => escott.cvs.update({ ...ref, amount: 900 })],
      ['2Del', () => escott.cvs.cancel(ref)],
      ['2Ref', () => escott.cvs.retrieve(ref)],
    ]
    for (const [id, call] of sent) {
      const result = await call()
      const last = calls.at(-1)!
      expect(last.fields.OperateId, id).toBe(id)
      expect(last.path, id).toBe(OPERATE_IDS[id].path)
      expect(result.operation, id).toBe(id)
    }
    // everything but the browser-only 3Secure is sent by some method
    expect(new Set(sent.map(([id]) => id))).toEqual(new Set(Object.keys(OPERATE_IDS).filter((id) => id !== '3Secure')))
  })

  it('derives the state machine operations from its follow-up rows', () => {
    expect(operateIdFor('capture', 'card')).toBe('1Capture')
    expect(operateIdFor('changeAmount', 'card')).toBe('1Change')
    expect(operateIdFor('changeAmount', 'cvs')).toBe('2Chg')
    expect(operateIdFor('cancel', 'cvs')).toBe('2Del')
    expect(operateIdFor('reauthorize', 'card')).toBe('1ReAuth')
    expect(operateIdFor('reauthorize', 'cvs')).toBeUndefined()
    const followUps = new Set(Object.values(OPERATE_IDS).flatMap((spec) => ('followUp' in spec ? [spec.followUp] : [])))
    expect(followUps).toEqual(new Set(OPERATIONS))
  })

  it('knows its OperateIds and their endpoints', () => {
    expect(isOperateId('1Auth')).toBe(true)
    expect(isOperateId('1auth')).toBe(false)
    expect(isOperateId('toString')).toBe(false)
    expect(OPERATE_IDS['3Secure'].path).toBe(PATHS.threeDSecure)
  })
})

describe('EscottClient', () => {
  it('is satisfied by a real Escott and by a double that has only its methods', async () => {
    const { escott } = makeEscott(() => ok)
    const asClient: import('../src/index.js').EscottClient = escott
    const calls: string[] = []
    const double: import('../src/index.js').EscottClient = {
      card: {
        authorize: async (p, o) => (calls.push(`authorize:${o?.timeoutMs ?? '-'}`), asClient.card.authorize(p, o)),
        capture: asClient.card.capture.bind(asClient.card),
        cancel: asClient.card.cancel.bind(asClient.card),
        changeAmount: asClient.card.changeAmount.bind(asClient.card),
        reauthorize: asClient.card.reauthorize.bind(asClient.card),
        retrieve: asClient.card.retrieve.bind(asClient.card),
        check: asClient.card.check.bind(asClient.card),
      },
      members: asClient.members,
      tokens: asClient.tokens,
      threeDSecure: asClient.threeDSecure,
      cvs: asClient.cvs,
    }
    const tx = await double.card.authorize({ amount: 100, token: TOKEN }, { timeoutMs: 5_000 })
    expect(tx.operation).toBe('1Auth')
    expect(calls).toEqual(['authorize:5000'])
  })
})
