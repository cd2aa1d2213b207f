import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Escott } from 'escott-core'
import type { Sandbox } from '../src/index.js'
import { tokyoDate } from '../src/util.js'
import { AUT, CARD, client, codesOf, CRP, DEMO_CARD, start, wire } from './helpers.js'

let sb: Sandbox
let escott: Escott
let n = 0
const newMember = () => ({ kaiinId: `mem${Date.now() % 1e8}${n++}`, kaiinPass: 'pass1234' })

beforeAll(async () => {
  sb = await start()
  escott = client(sb)
})
afterAll(() => sb.close())

describe('card members (OCRP005) with escott-core', () => {
  it('registers a card, reads it back masked, pays with it and changes password and card', async () => {
    const mem = newMember()
    const added = await escott.members.create({ ...mem, token: await sb.createToken(DEMO_CARD) })
    expect(added.kaiinId).toBe(mem.kaiinId)
    const info = await escott.members.retrieve(mem)
    expect(info).toMatchObject({ maskedCardNo: '400000******1000', cardExp: '2812', kaiinStatus: '0' })
    expect(tokyoDate(info.enableDate!.getTime())).toBe(tokyoDate(Date.now()))
    const masked = await escott.members.retrieve({ ...mem, unmasked: true })
    expect(masked.maskedCardNo).toBe('400000******1000')

    const tx = await escott.card.authorize({ amount: 3000, member: mem })
    expect(tx.status).toBe('authorized')
    await escott.card.capture({ processId: tx.processId, processPass: tx.processPass, member: mem })

    await escott.members.update({ ...mem, newKaiinPass: 'newpass99' })
    expect(await codesOf(escott.members.retrieve(mem))).toEqual(['K71'])
    const mem2 = { ...mem, kaiinPass: 'newpass99' }
    await escott.members.update({ ...mem2, token: await sb.createToken(CARD('3540000000091000')) })
    expect((await escott.members.retrieve(mem2)).maskedCardNo).toBe('354000******1000')
  })

  it('duplicate KaiinId gives K69, and a deleted KaiinId is never reusable', async () => {
    const mem = newMember()
    await escott.members.create({ ...mem, token: await sb.createToken(DEMO_CARD) })
    expect(await codesOf(escott.members.create({ ...mem, token: await sb.createToken(DEMO_CARD) }))).toEqual(['K69'])
    expect(await codesOf(escott.members.delete(mem))).toEqual(['K70'])
    await escott.members.invalidate(mem)
    await escott.members.delete(mem)
    expect((await escott.members.retrieve(mem)).kaiinStatus).toBe('4')
    expect(await codesOf(escott.members.create({ ...mem, token: await sb.createToken(DEMO_CARD) }))).toEqual(['K69'])
    expect(await codesOf(escott.card.authorize({ amount: 100, member: mem }))).toEqual(['K71'])
  })

  it('invalidate / restore with KaiinStatus 3 and K73, K75 when paying with an invalidated member', async () => {
    const mem = newMember()
    await escott.members.create({ ...mem, token: await sb.createToken(DEMO_CARD) })
    await escott.members.invalidate(mem)
    expect((await escott.members.retrieve(mem)).kaiinStatus).toBe('3')
    expect(await codesOf(escott.card.authorize({ amount: 100, member: mem }))).toEqual(['K75'])
    expect(await codesOf(escott.members.invalidate(mem))).toEqual(['K75'])
    await escott.members.restore(mem)
    expect(await codesOf(escott.members.restore(mem))).toEqual(['K73'])
    expect((await escott.card.authorize({ amount: 100, member: mem })).status).toBe('authorized')
  })

  it('an invalidated member whose card expired cannot be restored (K79); its status is 1 before invalidation', async () => {
    const mem = newMember()
    const now = new Date(Date.now() + 9 * 3600e3)
    const yy = String(now.getUTCFullYear() % 100).padStart(2, '0')
    const mm = String(now.getUTCMonth() + 1).padStart(2, '0')
    await escott.members.create({ ...mem, token: await sb.createToken({ ...DEMO_CARD, expYY: yy, expMM: mm }) })
    sb.clock.advance('40d')
    try {
      expect((await escott.members.retrieve(mem)).kaiinStatus).toBe('1')
      expect(await codesOf(escott.card.authorize({ amount: 100, member: mem }))).toEqual(['K79'])
      await escott.members.invalidate(mem)
      expect(await codesOf(escott.members.restore(mem))).toEqual(['K79'])
    } finally {
      sb.clock.reset()
    }
  })

  it('wrong KaiinPass gives K71, repeated failures lock the member (K74, KaiinStatus 2) until restored', async () => {
    const mem = newMember()
    await escott.members.create({ ...mem, token: await sb.createToken(DEMO_CARD) })
    const wrong = { ...mem, kaiinPass: 'wrongpass' }
    for (let i = 0; i < 4; i++) expect(await codesOf(escott.card.authorize({ amount: 100, member: wrong }))).toEqual(['K71'])
    expect(await codesOf(escott.card.authorize({ amount: 100, member: wrong }))).toEqual(['K74'])
    expect(await codesOf(escott.card.authorize({ amount: 100, member: mem }))).toEqual(['K74'])
    expect((await escott.members.retrieve(mem)).kaiinStatus).toBe('2')
    await escott.members.restore(mem)
    expect((await escott.card.authorize({ amount: 100, member: mem })).status).toBe('authorized')
  })

  it('registration does not authorise the card; EnableCheckUseKbn (洗替使用区分) is kept and echoed; the decline comes at 1Auth', async () => {
    // E42 SlnContent/Credit/Member.php:66-69 (洗替使用区分) and Response/MemAdd.php (EnableCheckUseKbn, McSecCd in the
    // answer); the FAQ: check a token with 1TokenSearch before registering, a token is issued for any card.
    const mem = newMember()
    const token = await sb.createToken(CARD('4000000000080012'))
    const r = await escott.members.create({ ...mem, token, cardRefresh: true })
    expect(r.raw).toMatchObject({ ResponseCd: 'OK', EnableCheckUseKbn: '1', McSecCd: '0' })
    expect(await codesOf(escott.card.authorize({ amount: 100, member: mem }))).toEqual(['G12'])
  })
})

describe('member follow-ups on the wire: K80 / K81', () => {
  it('K80 when a stored-card transaction follow-up lacks KaiinId/KaiinPass; K81 when a token one carries them', async () => {
    const call = wire(sb)
    const mem = newMember()
    expect((await call(CRP, { OperateId: '4MemAdd', KaiinId: mem.kaiinId, KaiinPass: mem.kaiinPass, Token: await sb.createToken(DEMO_CARD) })).ResponseCd).toBe('OK')
    const byMember = await call(AUT, { OperateId: '1Auth', KaiinId: mem.kaiinId, KaiinPass: mem.kaiinPass, Amount: 100, PayType: '01' })
    const ref = { ProcessId: byMember.ProcessId, ProcessPass: byMember.ProcessPass }
    for (const op of ['1Capture', '1Change', '1Delete', '1ReAuth', '1Search']) {
      expect((await call(AUT, { OperateId: op, ...ref, Amount: 100 })).ResponseCd, op).toBe('K80')
    }
    expect((await call(AUT, { OperateId: '1Search', ...ref, KaiinId: mem.kaiinId, KaiinPass: mem.kaiinPass })).ResponseCd).toBe('OK')
    const byToken = await call(AUT, { OperateId: '1Auth', Token: await sb.createToken(DEMO_CARD), Amount: 100, PayType: '01' })
    const tref = { ProcessId: byToken.ProcessId, ProcessPass: byToken.ProcessPass }
    for (const op of ['1Capture', '1Change', '1Delete', '1ReAuth', '1Search']) {
      expect((await call(AUT, { OperateId: op, ...tref, Amount: 100, KaiinId: mem.kaiinId, KaiinPass: mem.kaiinPass })).ResponseCd, op).toBe('K81')
    }
  })

  it("4MemRefToken finds the member holding the token's card", async () => {
    const call = wire(sb)
    const mem = newMember()
    await call(CRP, { OperateId: '4MemAdd', KaiinId: mem.kaiinId, KaiinPass: mem.kaiinPass, Token: await sb.createToken(CARD('5100000000061000')) })
    const r = await call(CRP, { OperateId: '4MemRefToken', Token: await sb.createToken(CARD('5100000000061000')) })
    expect(r).toMatchObject({ ResponseCd: 'OK', KaiinId: mem.kaiinId, CardNo: '510000******1000', KaiinStatus: '0' })
    expect((await call(CRP, { OperateId: '4MemRefToken', Token: await sb.createToken(CARD('4000000000043002')) })).ResponseCd).toBe('K71')
  })

  it('field checks K45/K46/K47', async () => {
    const call = wire(sb)
    expect((await call(CRP, { OperateId: '4MemAdd', KaiinId: 'bad id!', KaiinPass: '', Token: await sb.createToken(DEMO_CARD) })).ResponseCd).toBe('K45|K46')
    expect((await call(CRP, { OperateId: '4MemChg', KaiinId: 'abc', KaiinPass: 'abc', NewKaiinPass: 'x y' })).ResponseCd).toBe('K47')
  })
})

describe('duplicate member charges (KBX, 二重取引)', () => {
  it('the same member charge (KaiinId, amount, MerchantFree1) sent again within 60 s is refused with KBX', async () => {
    const member = newMember()
    await escott.members.create({ ...member, token: await sb.createToken(DEMO_CARD) })
    const charge = { amount: 1980, member, merchantFree1: 'order-kbx-1' }
    const first = await escott.card.authorize(charge)
    expect(await codesOf(escott.card.authorize(charge))).toEqual(['KBX'])
    // anything different is a different charge
    expect((await escott.card.authorize({ ...charge, merchantFree1: 'order-kbx-2' })).status).toBe('authorized')
    expect((await escott.card.authorize({ ...charge, amount: 1981 })).status).toBe('authorized')
    expect((await escott.card.authorize({ ...charge, capture: true })).status).toBe('captured')
    // the window is on the sandbox clock
    sb.clock.advance('61s')
    try {
      expect((await escott.card.authorize(charge)).status).toBe('authorized')
    } finally {
      sb.clock.reset()
    }
    // a canceled charge may be sent again at once
    const again = await escott.card.authorize({ ...charge, merchantFree1: 'order-kbx-3' })
    await escott.card.cancel({ processId: again.processId, processPass: again.processPass, member })
    expect((await escott.card.authorize({ ...charge, merchantFree1: 'order-kbx-3' })).status).toBe('authorized')
    expect((await escott.card.retrieve({ processId: first.processId, processPass: first.processPass, member })).amount).toBe(1980)
  })

  it('a declined charge is not a duplicate; the window is per merchant and 0 turns the check off', async () => {
    const declined = newMember()
    await escott.members.create({ ...declined, token: await sb.createToken(CARD('4000000000080012')) })
    const charge = { amount: 500, member: declined, merchantFree1: 'order-g12' }
    expect(await codesOf(escott.card.authorize(charge))).toEqual(['G12'])
    expect(await codesOf(escott.card.authorize(charge))).toEqual(['G12'])

    for (const [window, second] of [
      [0, 'authorized'],
      ['5s', 'KBX'],
    ] as const) {
      const m = sb.createMerchant({ duplicateWindow: window })
      const e = client(sb, m)
      const member = newMember()
      await e.members.create({ ...member, token: await sb.createToken(DEMO_CARD, { merchantId: m.merchantId }) })
      const c = { amount: 800, member, merchantFree1: 'order-w' }
      await e.card.authorize(c)
      if (second === 'KBX') {
        expect(await codesOf(e.card.authorize(c))).toEqual(['KBX'])
        sb.clock.advance('6s')
        try {
          expect((await e.card.authorize(c)).status).toBe('authorized')
        } finally {
          sb.clock.reset()
        }
      } else {
        expect((await e.card.authorize(c)).status).toBe('authorized')
      }
    }
  })
})
