import { afterEach, describe, expect, it, vi } from 'vitest'
import { isEscottConnectionError, isEscottGatewayError, isEscottOutcomeUnknownError, isEscottValidationError, type EscottError } from '../src/index.js'
import { silentLogger } from '../src/logger.js'
import { checkRequestOptions, Transport, type SendContext } from '../src/transport.js'
import { makeEscott, TOKEN } from './helpers/fake-fetch.js'

// What the transport decides for each way a call can end: sent or not, retried or not, which error, after how long.

const OK = 'ResponseCd=OK&ProcessId=P1&ProcessPass=Q1&TransactionId=1'
const charge: SendContext = { operation: '1Auth', safeToRetry: false, merchantFree1: 'order-9' }
const read: SendContext = { operation: '1Search', safeToRetry: true, merchantFree1: 'order-9' }

/** A fetch that plays `script` in order (the last entry repeats) and counts its calls. */
function scripted(...script: Array<() => Response | Promise<Response>>) {
  let calls = 0
  const fetch = (async () => script[Math.min(calls++, script.length - 1)]!()) as unknown as typeof globalThis.fetch
  return { fetch, calls: () => calls }
}
const answer =
  (text: string, status = 200) =>
  () =>
    new Response(text, { status })
const failWith = (error: unknown) => () => Promise.reject(error)
/** How undici reports a refused connection: a TypeError whose cause carries the code. */
const refused = (code = 'ECONNREFUSED') => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`connect ${code}`), { code }) })

function transport(fetch: typeof globalThis.fetch, over: Partial<ConstructorParameters<typeof Transport>[0]> = {}) {
  return new Transport({ timeoutMs: 60_000, maxRetries: 2, initialRetryDelayMs: 1, maxRetryDelayMs: 1, fetch, logger: silentLogger, ...over })
}

async function failure(promise: Promise<unknown>): Promise<EscottError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!error) throw new Error('expected the call to fail')
  return error as EscottError
}

afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe('a request that never left the machine', () => {
  it.each([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_CONNECT_TIMEOUT',
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'ERR_TLS_CERT_ALTNAME_INVALID',
  ])('%s: even a charge is re-sent, up to maxRetries, then EscottConnectionError', async (code) => {
    const f = scripted(failWith(refused(code)))
    const error = await failure(transport(f.fetch).send('http://gw/x', 'a=1', charge))
    expect(isEscottConnectionError(error)).toBe(true)
    expect(error).toMatchObject({ category: 'connection', retryable: true, operation: '1Auth', merchantFree1: 'order-9' })
    expect(error.cause).toBeInstanceOf(TypeError)
    expect(f.calls()).toBe(3)
  })

  it('succeeds when a later attempt connects', async () => {
    const f = scripted(failWith(refused()), answer(OK))
    expect(await transport(f.fetch).send('http://gw/x', 'a=1', charge)).toMatchObject({ ResponseCd: 'OK', ProcessId: 'P1' })
    expect(f.calls()).toBe(2)
  })

  it('finds the code a few causes deep, as fetch implementations wrap it', async () => {
    const deep = new TypeError('fetch failed', { cause: new Error('wrapper', { cause: new Error('socket', { cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }) }) }) })
    const f = scripted(failWith(deep))
    expect(isEscottConnectionError(await failure(transport(f.fetch, { maxRetries: 0 }).send('http://gw/x', 'a=1', charge)))).toBe(true)
  })
})

describe('a request that may have reached the gateway', () => {
  it('a lost connection on a charge is outcome unknown, sent once, with the reference and the cause', async () => {
    const lost = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) })
    const f = scripted(failWith(lost))
    const error = await failure(transport(f.fetch).send('http://gw/x', 'a=1', charge))
    expect(isEscottOutcomeUnknownError(error)).toBe(true)
    expect(error).toMatchObject({ category: 'outcome_unknown', retryable: false, merchantFree1: 'order-9', cause: lost })
    expect(f.calls()).toBe(1)
  })

  it('a lost connection on a read is retried, then plain gateway trouble carrying the cause', async () => {
    const lost = new TypeError('terminated')
    const f = scripted(failWith(lost))
    const error = await failure(transport(f.fetch).send('http://gw/x', 'a=1', read))
    expect(isEscottGatewayError(error) && !isEscottOutcomeUnknownError(error)).toBe(true)
    expect(error).toMatchObject({ category: 'system', retryable: true, cause: lost })
    expect(f.calls()).toBe(3)
  })

  it('an answer without ResponseCd on a charge is outcome unknown and is not re-sent', async () => {
    const f = scripted(answer('<html>maintenance</html>'))
    const error = await failure(transport(f.fetch).send('http://gw/x', 'a=1', charge))
    expect(isEscottOutcomeUnknownError(error)).toBe(true)
    expect(error.cause).toBeUndefined()
    expect(f.calls()).toBe(1)
  })

  it.each([201, 204, 299])('HTTP %i is not the gateway’s answer: outcome unknown', async (status) => {
    const f = scripted(answer(status === 204 ? '' : OK, status))
    expect(isEscottOutcomeUnknownError(await failure(transport(f.fetch).send('http://gw/x', 'a=1', charge)))).toBe(true)
  })

  it('HTTP 300 comes from a web server in front: not processed, not retried', async () => {
    const f = scripted(answer('', 300))
    const error = await failure(transport(f.fetch).send('http://gw/x', 'a=1', charge))
    expect(isEscottGatewayError(error) && !isEscottOutcomeUnknownError(error)).toBe(true)
    expect(error).toMatchObject({ category: 'system', retryable: false, httpStatus: 300 })
    expect(f.calls()).toBe(1)
  })

  it('a cause chain that loops back on itself, or ends in null, is read without hanging or crashing', async () => {
    const looped = new TypeError('fetch failed') as TypeError & { cause?: unknown }
    looped.cause = { cause: looped }
    expect(isEscottOutcomeUnknownError(await failure(transport(scripted(failWith(looped)).fetch).send('http://gw/x', 'a=1', charge)))).toBe(true)
    const ended = Object.assign(new TypeError('fetch failed'), { cause: null })
    expect(isEscottOutcomeUnknownError(await failure(transport(scripted(failWith(ended)).fetch).send('http://gw/x', 'a=1', charge)))).toBe(true)
  })
})

describe('waiting between retries', () => {
  it('backs off exponentially from initialRetryDelayMs, jittered to 50–100 %, capped at maxRetryDelayMs', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5) // jitter factor 0.75
    const realSetTimeout = globalThis.setTimeout
    const waits: number[] = []
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      if (ms === 60_000) return realSetTimeout(fn, ms) // the attempt's own timeout
      waits.push(ms ?? 0)
      return realSetTimeout(fn, 0)
    }) as typeof setTimeout)
    const f = scripted(failWith(refused()))
    await failure(transport(f.fetch, { maxRetries: 4, initialRetryDelayMs: 100, maxRetryDelayMs: 300 }).send('http://gw/x', 'a=1', read))
    expect(waits).toEqual([75, 150, 225, 225])
    expect(f.calls()).toBe(5)
  })

  it('an abort during the wait ends it at once and reports the failure that caused the retry', async () => {
    const controller = new AbortController()
    const lost = new TypeError('terminated')
    let calls = 0
    const fetch = (async () => {
      calls++
      setImmediate(() => controller.abort()) // the caller gives up while the transport waits to retry
      throw lost
    }) as unknown as typeof globalThis.fetch
    // A backoff of 30–60 s: were the wait not ended by the abort, this test would run into vitest's 5 s timeout.
    const error = await failure(transport(fetch, { initialRetryDelayMs: 60_000, maxRetryDelayMs: 60_000 }).send('http://gw/x', 'a=1', read, { signal: controller.signal }))
    expect(isEscottGatewayError(error)).toBe(true)
    expect(error.cause).toBe(lost)
    expect(calls).toBe(1)
  })

  it('leaves no timer behind once a call is answered, so a script can exit', async () => {
    vi.useFakeTimers()
    await transport(scripted(answer(OK)).fetch).send('http://gw/x', 'a=1', charge)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('per-call options', () => {
  it('an abort before sending is a retryable EscottConnectionError: nothing was sent', async () => {
    const f = scripted(answer(OK))
    const error = await failure(transport(f.fetch).send('http://gw/x', 'a=1', charge, { signal: AbortSignal.abort() }))
    expect(isEscottConnectionError(error)).toBe(true)
    expect(error).toMatchObject({ category: 'connection', retryable: true, merchantFree1: 'order-9' })
    expect(f.calls()).toBe(0)
  })

  it.each([
    ['null', null, 'options'],
    ['a number', 30_000, 'options'],
    ['a string', 'fast', 'options'],
    ['a null signal', { signal: null }, 'options.signal'],
    ['a signal without aborted', { signal: { addEventListener() {} } }, 'options.signal'],
    ['a signal without addEventListener', { signal: { aborted: false } }, 'options.signal'],
    ['a signal whose aborted is not a boolean', { signal: { aborted: 'no', addEventListener() {} } }, 'options.signal'],
    ['a string signal', { signal: 'stop' }, 'options.signal'],
  ])('refuses %s, naming the field', (_what, options, field) => {
    let error: unknown
    try {
      checkRequestOptions(options as never, '1Auth')
    } catch (e) {
      error = e
    }
    expect(isEscottValidationError(error)).toBe(true)
    expect((error as { field: string }).field).toBe(field)
  })

  it('accepts a real signal and the bounds of timeoutMs, 1 and 300 000 ms', async () => {
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK', ProcessId: 'P1', ProcessPass: 'Q1' }))
    for (const options of [{ timeoutMs: 1_000 }, { timeoutMs: 300_000 }, { signal: new AbortController().signal }, {}]) {
      await expect(escott.card.authorize({ amount: 100, token: TOKEN }, options)).resolves.toMatchObject({ processId: 'P1' })
    }
    expect(() => checkRequestOptions({ timeoutMs: 1 }, '1Auth')).not.toThrow()
    expect(calls).toHaveLength(4)
  })
})
