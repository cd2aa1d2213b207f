import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { client, DEMO_CARD, start } from './helpers.js'

let sb: Sandbox
beforeAll(async () => {
  sb = await start()
})
afterAll(() => sb.close())

describe('merchant console page', () => {
  it('lists transactions, members and CVS payments with their states', async () => {
    const e = client(sb)
    const tx = await e.card.authorize({ amount: 2345, token: await sb.createToken(DEMO_CARD), merchantFree1: 'console-1' })
    await e.card.capture({ processId: tx.processId, processPass: tx.processPass })
    await e.members.create({ kaiinId: 'console1', kaiinPass: 'pass1', token: await sb.createToken(DEMO_CARD) })
    const cvs = await e.cvs.create({ amount: 777, payLimit: 2, nameKanji: '山田', nameKana: 'ヤマダ', telNo: '0312345678', productName: '本' })
    const html = await fetch(sb.url + '/').then((r) => r.text())
    expect(html).toContain('FOR DEVELOPMENT ONLY')
    expect(html).toContain(tx.processId)
    expect(html).toContain('console-1')
    expect(html).toContain('1Auth:OK → 1Capture:OK')
    expect(html).toMatch(/<b class="state">captured<\/b>/)
    expect(html).toContain('console1')
    expect(html).toContain(cvs.kessaiNumber)
    expect(html).toMatch(/<b class="state">pending<\/b>/)
    expect(html).not.toContain('4000000000001000')
    expect(await fetch(sb.url + '/_sandbox/console').then((r) => r.status)).toBe(200)
  })
})
