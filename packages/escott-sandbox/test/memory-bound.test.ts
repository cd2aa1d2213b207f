/**
 * Issue 11, finding 8: the sandbox kept every transaction in memory (86 MB → 1.2 GB after 590k requests). Each record
 * family is bounded; the least recently used record is forgotten first and then answers as an unknown id.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { AUT, CARD, CNV, CRP, DEMO_CARD, receiver, scriptToken, start, today, wire } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'escott-sandbox-bound-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let sb: Sandbox | undefined
afterEach(async () => {
  await sb?.close()
  sb = undefined
})

const MEMBER = { KaiinId: 'bound01', KaiinPass: 'pass01' }

/** N member charges, each with its own MerchantFree1 (identical ones within 60 s are KBX). */
async function charges(s: Sandbox, n: number, from = 0): Promise<Array<{ ProcessId: string; ProcessPass: string }>> {
  const w = wire(s)
  const out = []
  for (let i = 0; i < n; i++) {
    const r = await w(AUT, { OperateId: '1Auth', ...MEMBER, PayType: '01', Amount: 100 + from + i, MerchantFree1: `order-${from + i}` })
    expect(r.ResponseCd).toBe('OK')
    out.push({ ProcessId: r.ProcessId!, ProcessPass: r.ProcessPass! })
  }
  return out
}

async function withMember(options: Parameters<typeof start>[0]): Promise<Sandbox> {
  sb = await start(options)
  const r = await wire(sb)(CRP, { OperateId: '4MemAdd', ...MEMBER, Token: await sb.createToken(DEMO_CARD) })
  expect(r.ResponseCd).toBe('OK')
  return sb
}

const cvsAdd = (i: number) => ({
  OperateId: '2Add',
  Amount: 500 + i,
  PayLimit: `${Number(today().slice(0, 4)) + 1}12312359`,
  NameKanji: '山田太郎',
  NameKana: 'ヤマダタロウ',
  TelNo: '0312345678',
  ShouhinName: '緑茶',
  MerchantFree1: `cvs-${i}`,
})

describe('memory bound (issue 11, finding 8)', () => {
  it('after N+k card transactions at most N are kept, and a forgotten ProcessId answers KBZ on every follow-up, every time', async () => {
    const s = await withMember({ retention: { transactions: 5 } })
    const txs = await charges(s, 8)
    expect(s.snapshot().transactions).toHaveLength(5)
    expect(s.retention().forgotten.transactions).toBe(3)
    const w = wire(s)
    const oldest = { ...txs[0]!, ...MEMBER }
    for (const op of ['1Search', '1Capture', '1Delete', '1Search']) expect((await w(AUT, { OperateId: op, ...oldest })).ResponseCd).toBe('KBZ')
    // the newest are intact
    const kept = await w(AUT, { OperateId: '1Search', ...txs[7]!, ...MEMBER })
    expect(kept).toMatchObject({ ResponseCd: 'OK', Amount: '107' })
    expect((await w(AUT, { OperateId: '1Capture', ...txs[7]!, ...MEMBER })).ResponseCd).toBe('OK')
    // still bounded after more traffic, including the follow-ups above
    await charges(s, 4, 100)
    expect(s.snapshot().transactions.length).toBeLessThanOrEqual(5)
  })

  it('says once, quiet or not, when it starts forgetting, naming the limit and the option', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const s = await withMember({ retention: { transactions: 2 } })
    await charges(s, 5)
    const said = warn.mock.calls.map((c) => String(c[0])).filter((t) => t.includes('forgotten'))
    expect(said).toHaveLength(1)
    expect(said[0]).toContain('more than 2 card transactions')
    expect(said[0]).toContain('--retain-transactions')
    warn.mockRestore()
  })

  it('forgets the least recently used transaction first: one in use outlives newer idle ones', async () => {
    const s = await withMember({ retention: { transactions: 3 } })
    const [a, b] = await charges(s, 3)
    const w = wire(s)
    expect((await w(AUT, { OperateId: '1Search', ...a!, ...MEMBER })).ResponseCd).toBe('OK')
    await charges(s, 1, 10)
    expect((await w(AUT, { OperateId: '1Capture', ...a!, ...MEMBER })).ResponseCd).toBe('OK')
    expect((await w(AUT, { OperateId: '1Search', ...b!, ...MEMBER })).ResponseCd).toBe('KBZ')
    expect(s.snapshot().transactions.map((t) => t.processId)).toContain(a!.ProcessId)
  })

  it('CVS payments are bounded too: a forgotten one answers KBZ to 2Ref and its payment number can no longer be paid', async () => {
    sb = await start({ retention: { transactions: 2 } })
    const w = wire(sb)
    const added = []
    for (let i = 0; i < 4; i++) {
      const r = await w(CNV, cvsAdd(i))
      expect(r.ResponseCd).toBe('OK')
      added.push(r)
    }
    expect(sb.snapshot().cvs).toHaveLength(2)
    expect((await w(CNV, { OperateId: '2Ref', ProcessId: added[0]!.ProcessId, ProcessPass: added[0]!.ProcessPass })).ResponseCd).toBe('KBZ')
    await expect(sb.payCvs(added[0]!.KessaiNumber!)).rejects.toMatchObject({ code: 'not-found' })
    expect((await sb.payCvs(added[3]!.KessaiNumber!)).amount).toBe(503)
  })

  it('card members are bounded: a forgotten KaiinId answers K71 like one never registered', async () => {
    sb = await start({ retention: { members: 2 } })
    const w = wire(sb)
    for (const id of ['mem1', 'mem2', 'mem3']) {
      expect((await w(CRP, { OperateId: '4MemAdd', KaiinId: id, KaiinPass: 'pass1', Token: await sb.createToken(DEMO_CARD) })).ResponseCd).toBe('OK')
    }
    expect(sb.snapshot().members).toHaveLength(2)
    expect((await w(CRP, { OperateId: '4MemRef', KaiinId: 'mem1', KaiinPass: 'pass1' })).ResponseCd).toBe('K71')
    expect((await w(CRP, { OperateId: '4MemRef', KaiinId: 'mem3', KaiinPass: 'pass1' })).ResponseCd).toBe('OK')
  })

  it('tokens: used ones are forgotten beyond the bound (then KHZ), a still usable one never is', async () => {
    sb = await start({ retention: { transactions: 3 } })
    const w = wire(sb)
    const used: string[] = []
    for (let i = 0; i < 5; i++) {
      const token = await sb.createToken(DEMO_CARD)
      expect((await w(AUT, { OperateId: '1Auth', Token: token, PayType: '01', Amount: 100 })).ResponseCd).toBe('OK')
      used.push(token)
    }
    expect((await w(AUT, { OperateId: '1Auth', Token: used[4]!, PayType: '01', Amount: 100 })).ResponseCd).toBe('KI2')
    expect((await w(AUT, { OperateId: '1Auth', Token: used[0]!, PayType: '01', Amount: 100 })).ResponseCd).toBe('KHZ')
    const fresh = []
    for (let i = 0; i < 5; i++) fresh.push(await sb.createToken(DEMO_CARD))
    expect(sb.snapshot().tokens.length).toBeGreaterThanOrEqual(5)
    for (const token of fresh) expect((await w(AUT, { OperateId: '1Auth', Token: token, PayType: '01', Amount: 100 })).ResponseCd).toBe('OK')
    await sb.createToken(DEMO_CARD)
    expect(sb.snapshot().tokens).toHaveLength(3)
  })

  it('token-lock counters are bounded although the client chooses the TerminalId; a lock in force is never forgotten', async () => {
    sb = await start({ retention: { transactions: 3 } })
    for (let i = 0; i < 11; i++) await scriptToken(sb, DEMO_CARD, { terminal: 'locked-terminal-01' })
    expect(sb.tokenLocks().map((l) => l.kind)).toContain('terminal')
    for (let i = 0; i < 6; i++) await scriptToken(sb, CARD('4000000000082000'), { terminal: `terminal-${String(i).padStart(10, '0')}` })
    expect(sb.snapshot().tokenLocks!.length).toBeLessThanOrEqual(4)
    expect(sb.retention().forgotten.tokenLocks).toBeGreaterThan(0)
    expect((await scriptToken(sb, DEMO_CARD, { terminal: 'locked-terminal-01' })).code).toBe('KI6')
  })

  it('delivered notifications are bounded; their payments stay answerable while kept', async () => {
    const shop = await receiver()
    try {
      sb = await start({ retention: { transactions: 2 }, notificationUrl: shop.url + '/notify', notification: { retryDelaysMs: [] } })
      const w = wire(sb)
      for (let i = 0; i < 4; i++) {
        const r = await w(CNV, cvsAdd(i))
        await sb.payCvs(r.KessaiNumber!)
      }
      expect(shop.received).toHaveLength(4)
      expect(sb.notifications().length).toBeLessThanOrEqual(2)
      expect(sb.retention().forgotten.notifications).toBe(2)
    } finally {
      await shop.close()
    }
  })

  it('a data file holding more than the bound is trimmed at start, and so is the file it writes', async () => {
    const dataFile = join(dir, 'big.json')
    const a = await withMember({ dataFile, retention: { transactions: 50 } })
    const txs = await charges(a, 6)
    await a.close()
    sb = undefined
    const b = (sb = await start({ dataFile, retention: { transactions: 4 } }))
    expect(b.snapshot().transactions).toHaveLength(4)
    expect((await wire(b)(AUT, { OperateId: '1Search', ...txs[0]!, ...MEMBER })).ResponseCd).toBe('KBZ')
    expect((await wire(b)(AUT, { OperateId: '1Search', ...txs[5]!, ...MEMBER })).ResponseCd).toBe('OK')
    await b.close()
    sb = undefined
    expect((JSON.parse(readFileSync(dataFile, 'utf8')) as { transactions: unknown[] }).transactions).toHaveLength(4)
  })

  it('the default bound is documented and reported: 10,000 transactions and members', async () => {
    sb = await start()
    expect(sb.retention().limits).toEqual({ transactions: 10_000, members: 10_000 })
    const report = (await fetch(sb.url + '/_sandbox/retention').then((r) => r.json())) as { kept: { transactions: number } }
    expect(report.kept.transactions).toBe(0)
  })

  it('refuses a limit that is not a positive whole number', async () => {
    await expect(start({ retention: { transactions: 0 } })).rejects.toThrow(/retention\.transactions/)
    await expect(start({ retention: { members: 2.5 } })).rejects.toThrow(/retention\.members/)
  })
})
