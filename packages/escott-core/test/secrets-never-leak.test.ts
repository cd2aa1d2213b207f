import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Escott, EscottConfigurationError, type Logger } from '../src/index.js'
import { makeEscott, SECRETS, TOKEN } from './helpers/fake-fetch.js'

function recordingLogger() {
  const lines: string[] = []
  const write = (obj: object, msg?: string) => lines.push(JSON.stringify(obj) + ' ' + (msg ?? ''))
  const logger: Logger = { debug: write, info: write, warn: write, error: write }
  return { logger, lines }
}

const member = { kaiinId: 'C1', kaiinPass: 'KaiinSecret99' }
const forbidden = [SECRETS.merchantPass, SECRETS.aesKey, SECRETS.aesIv, SECRETS.tokenAuthCode, member.kaiinPass, TOKEN, 'PROCESSPASS0001', '4000000000001000', 'Pw-New-123']

describe('secrets never leak', () => {
  it('not into logs, results of inspection or errors, across every kind of call', async () => {
    const { logger, lines } = recordingLogger()
    const { escott } = makeEscott(
      (c) =>
        c.fields.OperateId === '1Capture'
          ? { ResponseCd: 'K71', ProcessPass: 'PROCESSPASS0001', CardNo: '4000000000001000' }
          : { ResponseCd: 'OK', ProcessId: 'P1', ProcessPass: 'PROCESSPASS0001', CardNo: '4000000000001000' },
      { logger },
    )
    await escott.card.authorize({ amount: 100, token: TOKEN, merchantFree1: 'o-1' })
    await escott.members.update({ ...member, newKaiinPass: 'PwNew1234567' })
    const error = await escott.card.capture({ processId: 'P1', processPass: 'PROCESSPASS0001', member }).catch((e: unknown) => e)
    const rendered = [
      ...lines,
      inspect(escott, { depth: 10 }),
      JSON.stringify(escott),
      String(escott),
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      String(error),
      (error as Error).stack ?? '',
    ].join('\n')
    expect(lines.length).toBeGreaterThan(3)
    for (const secret of [...forbidden, 'PwNew1234567']) expect(rendered).not.toContain(secret)
    expect(rendered).toContain('400000******1000')
  })

  it('not in configuration errors', () => {
    const error = (() => {
      try {
        new Escott({ merchantId: 'bad id!', merchantPass: SECRETS.merchantPass, threeDSecure: { aesKey: 'tooShortKeyValue!!', aesIv: SECRETS.aesIv } })
      } catch (e) {
        return e as Error
      }
    })()
    expect(error).toBeInstanceOf(EscottConfigurationError)
    expect(error!.message).toMatch(/merchantId/)
    expect(error!.message).toMatch(/aesKey/)
    expect(error!.message).not.toContain(SECRETS.merchantPass)
    expect(error!.message).not.toContain('tooShortKeyValue')
  })

  it('not in validation errors', async () => {
    const { escott } = makeEscott(() => ({ ResponseCd: 'OK' }))
    const e = await escott.card.authorize({ amount: -1, token: TOKEN, member }).catch((x: unknown) => x)
    const text = inspect(e, { depth: 10 }) + JSON.stringify(e)
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain(member.kaiinPass)
  })
})
