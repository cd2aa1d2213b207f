import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { client, codesOf, DEMO_CARD, formOf, postForm, start } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'escott-sandbox-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('--data FILE keeps state across restarts', () => {
  it('transactions, members (incl. deleted KaiinIds), CVS payments, merchants and the clock survive', async () => {
    const dataFile = join(dir, 'state.json')
    const a = await start({ dataFile })
    const e = client(a)
    const tx = await e.card.authorize({ amount: 1234, token: await a.createToken(DEMO_CARD) })
    const member = { kaiinId: 'keep1', kaiinPass: 'pass1' }
    await e.members.create({ ...member, token: await a.createToken(DEMO_CARD) })
    const gone = { kaiinId: 'gone1', kaiinPass: 'pass1' }
    await e.members.create({ ...gone, token: await a.createToken(DEMO_CARD) })
    await e.members.invalidate(gone)
    await e.members.delete(gone)
    const cvs = await e.cvs.create({ amount: 500, payLimit: 3, nameKanji: '山田', nameKana: 'ヤマダ', telNo: '0312345678', productName: '本' })
    const extra = a.createMerchant({ threeDSecure: 'required' })
    a.clock.advance('2d')
    await a.close()
    expect(JSON.parse(readFileSync(dataFile, 'utf8')).version).toBe(1)

    const b = await start({ dataFile })
    try {
      const e2 = client(b)
      expect(b.merchant).toEqual(a.merchant)
      expect(b.clock.offsetMs).toBeGreaterThanOrEqual(2 * 86_400_000)
      expect((await e2.card.retrieve({ processId: tx.processId, processPass: tx.processPass })).amount).toBe(1234)
      expect((await e2.members.retrieve(member)).kaiinStatus).toBe('0')
      expect(await codesOf(e2.members.create({ ...gone, token: await b.createToken(DEMO_CARD) }))).toEqual(['K69'])
      expect((await b.payCvs(cvs.kessaiNumber)).amount).toBe(500)
      expect(b.merchants().some((m) => m.merchantId === extra.merchantId)).toBe(true)
      // transaction ids keep increasing
      const next = await e2.card.authorize({ amount: 1, token: await b.createToken(DEMO_CARD) })
      expect(BigInt(next.transactionId!)).toBeGreaterThan(BigInt(tx.transactionId!))
    } finally {
      await b.close()
    }
  })

  it('an open 3-D Secure challenge survives a restart: its ProcNo stays taken and the shopper can still answer it', async () => {
    const dataFile = join(dir, 'tds.json')
    const a = await start({ dataFile })
    const holder = { cardholderName: 'TARO YAMADA', email: 'taro@example.com', redirectUrl: 'http://127.0.0.1:9/3ds/return', procNo: 'KEEP001' }
    const token = await a.createToken({ ...DEMO_CARD, cardNo: '4000000000082000' })
    const req = client(a).threeDSecure.createRequest({ token, amount: 700, ...holder })
    const page = await postForm(req.action, req.fields)
    const session = /name="session" value="([0-9a-f]+)"/.exec(page.html)![1]!
    await a.close()

    const b = await start({ dataFile })
    try {
      const e = client(b)
      const busy = e.threeDSecure.createRequest({ token: await b.createToken(DEMO_CARD), amount: 100, ...holder })
      const busyForm = formOf((await postForm(busy.action, busy.fields)).html)
      expect(e.threeDSecure.parseResult(busyForm.fields.EncryptValue!).error?.codes).toEqual(['K89'])
      const done = await postForm(`${b.url}/online/tds/OTDS010Challenge.do`, { session, action: 'approve' })
      const result = e.threeDSecure.parseResult(formOf(done.html).fields.EncryptValue!)
      expect(result.passed).toBe(true)
      expect((await e.card.authorize({ amount: 700, token, threeDSecure: result.threeDSecure! })).status).toBe('authorized')
    } finally {
      await b.close()
    }
  })

  it('a data file of an earlier version, with 3-D Secure authentications keyed by TransactionId3D, still loads', async () => {
    const dataFile = join(dir, 'old-auth.json')
    const a = await start({ dataFile })
    const e = client(a)
    const token = await a.createToken(DEMO_CARD)
    const req = e.threeDSecure.createRequest({ token, amount: 100, cardholderName: 'TARO YAMADA', email: 'taro@example.com', redirectUrl: 'http://127.0.0.1:9/r' })
    e.threeDSecure.parseResult(formOf((await postForm(req.action, req.fields)).html).fields.EncryptValue!)
    await a.close()
    const saved = JSON.parse(readFileSync(dataFile, 'utf8'))
    saved.authentications = saved.authentications.map((x: Record<string, unknown>) => ({
      transactionId3D: 'legacy3d',
      merchantId: x.merchantId,
      token: x.token,
      secureResultCode: x.secureResultCode,
      cavv: x.cavv,
      eci: x.eci,
      passed: x.passed,
      used: true,
      createdAt: x.createdAt,
    }))
    writeFileSync(dataFile, JSON.stringify(saved))
    const b = await start({ dataFile })
    try {
      expect(b.snapshot().authentications).toEqual([expect.objectContaining({ id: 'legacy3d', messageVersion: '2.2.0', used: true })])
      expect((await client(b).card.authorize({ amount: 100, token: await b.createToken(DEMO_CARD) })).status).toBe('authorized')
    } finally {
      await b.close()
    }
  })
})
