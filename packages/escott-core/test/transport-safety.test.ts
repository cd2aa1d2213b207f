import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Escott, EscottConnectionError, EscottGatewayError, EscottOutcomeUnknownError, EscottValidationError, isEscottOutcomeUnknownError } from '../src/index.js'
import { makeEscott, SECRETS, TOKEN } from './helpers/fake-fetch.js'

/** A real local server whose behaviour each test scripts, to exercise the real fetch/ky stack. */
let server: Server
let base = ''
let behaviour: (body: string, res: import('node:http').ServerResponse) => void = () => {}
let hits = 0
/** The client port of each request the server got: one port for several requests = one kept-alive connection. */
const ports: number[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      hits++
      ports.push(req.socket.remotePort ?? 0)
      behaviour(body, res)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  return new Promise<void>((r) => server.close(() => r()))
})

function client(timeoutMs = 300) {
  return new Escott({ merchantId: 'M1', merchantPass: SECRETS.merchantPass, baseUrl: base, timeoutMs, maxRetries: 2 })
}

describe('a charge whose answer is lost', () => {
  it('raises EscottOutcomeUnknownError carrying merchantFree1 after a timeout, and is sent only once', async () => {
    hits = 0
    behaviour = () => {} // never answers
    const error = await client()
      .card.authorize({ amount: 1000, token: TOKEN, merchantFree1: 'order-42' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottOutcomeUnknownError)
    const e = error as EscottOutcomeUnknownError
    expect(e.merchantFree1).toBe('order-42')
    expect(e.operation).toBe('1Auth')
    expect(e.retryable).toBe(false)
    expect(e.message).toContain('order-42')
    expect(e.shopperMessage('ja')).toMatch(/二重/)
    expect(hits).toBe(1)
  })

  it('treats a connection reset after sending as outcome unknown for 1Gathering and 2Add', async () => {
    hits = 0
    behaviour = (_b, res) => res.socket?.destroy()
    const e1 = await client()
      .card.authorize({ amount: 1000, token: TOKEN, capture: true, merchantFree1: 'g-1' })
      .catch((e: unknown) => e)
    expect(e1).toBeInstanceOf(EscottOutcomeUnknownError)
    const e2 = await client()
      .cvs.create({ amount: 1000, payLimit: 7, nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678', productName: 'テスト', merchantFree1: 'c-1' })
      .catch((e: unknown) => e)
    expect(e2).toBeInstanceOf(EscottOutcomeUnknownError)
    expect((e2 as EscottOutcomeUnknownError).merchantFree1).toBe('c-1')
    expect(hits).toBe(2)
  })

  it('treats HTTP 5xx and an unreadable body as outcome unknown for 1ReAuth', async () => {
    behaviour = (_b, res) => {
      res.statusCode = 502
      res.end('bad gateway')
    }
    const ref = { processId: 'P1', processPass: 'Q1', amount: 10 }
    expect(
      await client()
        .card.reauthorize(ref)
        .catch((e: unknown) => e),
    ).toBeInstanceOf(EscottOutcomeUnknownError)
    behaviour = (_b, res) => res.end('<html>maintenance</html>')
    expect(
      await client()
        .card.reauthorize(ref)
        .catch((e: unknown) => e),
    ).toBeInstanceOf(EscottOutcomeUnknownError)
  })
})

describe('safe retries', () => {
  it('retries a read (1Search) after a lost answer and succeeds', async () => {
    hits = 0
    behaviour = (_b, res) => {
      if (hits === 1) return res.socket?.destroy()
      res.end('ResponseCd=OK&ProcessId=P1&ProcessPass=Q1&Amount=100&TransactionId=1')
    }
    const r = await client().card.retrieve({ processId: 'P1', processPass: 'Q1' })
    expect(r.amount).toBe(100)
    expect(hits).toBe(2)
  })

  it('retries any operation when the connection was never opened, then reports EscottConnectionError', async () => {
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const port = (probe.address() as AddressInfo).port
    await new Promise<void>((r) => probe.close(() => r())) // nothing listens there any more: ECONNREFUSED
    const dead = new Escott({ merchantId: 'M1', merchantPass: 'x', baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1 })
    const error = await dead.card.authorize({ amount: 1, token: TOKEN }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottConnectionError)
    expect((error as EscottConnectionError).retryable).toBe(true)
  })

  it('gives up on a read after maxRetries', async () => {
    let n = 0
    const { escott } = makeEscott(
      () => {
        n++
        return new Response('', { status: 503 })
      },
      { maxRetries: 2 },
    )
    const error = await escott.cvs.retrieve({ processId: 'P', processPass: 'Q' }).catch((e: unknown) => e)
    // a read changes nothing: plain, retryable gateway trouble rather than an outcome to reconcile
    expect(error).toBeInstanceOf(EscottGatewayError)
    expect(error).not.toBeInstanceOf(EscottOutcomeUnknownError)
    expect((error as EscottGatewayError).retryable).toBe(true)
    expect(n).toBe(3)
  })

  it('never retries 1Auth after a 5xx, and reports its outcome as unknown', async () => {
    let n = 0
    const { escott } = makeEscott(() => {
      n++
      return new Response('', { status: 500 })
    })
    const error = await escott.card.authorize({ amount: 1, token: TOKEN, merchantFree1: 'o-500' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottOutcomeUnknownError)
    expect((error as EscottOutcomeUnknownError).merchantFree1).toBe('o-500')
    expect(n).toBe(1)
  })
})

describe('a custom fetch', () => {
  it('settles when the fetch answers without ever reading the request body (ky #690)', async () => {
    // Test doubles and proxies often answer from the URL alone. ky up to 1.10 waited for the unread body forever.
    const lazy = (async () => new Response('ResponseCd=OK&ProcessId=P1&ProcessPass=Q1&TransactionId=1', { status: 200 })) as typeof fetch
    const escott = new Escott({ merchantId: 'M1', merchantPass: SECRETS.merchantPass, fetch: lazy })
    const outcome = await Promise.race([
      escott.card.authorize({ amount: 100, token: TOKEN, merchantFree1: 'lazy-1' }).then((tx) => tx.processId),
      new Promise((resolve) => setTimeout(() => resolve('still pending after 3 s'), 3_000).unref()),
    ])
    expect(outcome).toBe('P1')
  })
})

describe('an HTTP status that is not 200', () => {
  it.each([404, 405, 400, 403, 410])('HTTP %i on 1Auth means not processed: a non-retryable EscottGatewayError naming baseUrl, not outcome unknown', async (status) => {
    hits = 0
    behaviour = (_b, res) => {
      res.statusCode = status
      res.end('<html>Not Found</html>')
    }
    const error = await client()
      .card.authorize({ amount: 1000, token: TOKEN, merchantFree1: 'o-4xx' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottGatewayError)
    expect(isEscottOutcomeUnknownError(error)).toBe(false)
    const e = error as EscottGatewayError
    expect(e).toMatchObject({ retryable: false, httpStatus: status, operation: '1Auth', merchantFree1: 'o-4xx' })
    expect(e.remedy('en')).toMatch(/baseUrl/)
    expect(e.shopperMessage('ja')).not.toMatch(/再度のお支払い操作はせず/) // nobody is told "do not pay again"
    expect(hits).toBe(1)
  })

  it('a redirect is not followed (a POST would turn into a GET) and counts as not processed', async () => {
    hits = 0
    behaviour = (_b, res) => {
      res.writeHead(301, { location: '/elsewhere' })
      res.end()
    }
    const error = await client()
      .card.authorize({ amount: 1000, token: TOKEN })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottGatewayError)
    expect((error as EscottGatewayError).httpStatus).toBe(301)
    expect(hits).toBe(1)
  })

  it.each([408, 429, 500, 503])('HTTP %i on 1Auth stays outcome unknown (the gateway may have acted)', async (status) => {
    behaviour = (_b, res) => {
      res.statusCode = status
      res.end()
    }
    const error = await client()
      .card.authorize({ amount: 1000, token: TOKEN })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottOutcomeUnknownError)
  })

  it('reads an answer that starts with a byte-order mark', async () => {
    behaviour = (_b, res) => res.end('\uFEFFResponseCd=OK&ProcessId=P1&ProcessPass=Q1&Amount=300&TransactionId=1')
    const r = await client().card.retrieve({ processId: 'P1', processPass: 'Q1' })
    expect(r.amount).toBe(300)
    expect(r.responseCodes).toEqual(['OK'])
  })
})

describe('per-call RequestOptions', () => {
  it('an already aborted signal sends nothing and raises EscottConnectionError, for every method', async () => {
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK' }))
    const signal = AbortSignal.abort()
    const o = { signal }
    const ref = { processId: 'P1', processPass: 'Q1' }
    const member = { kaiinId: 'K1', kaiinPass: 'pass1234' }
    const attempts = [
      escott.card.authorize({ amount: 1, token: TOKEN }, o),
      escott.card.capture(ref, o),
      escott.card.changeAmount({ ...ref, amount: 5 }, o),
      escott.card.cancel(ref, o),
      escott.card.reauthorize({ ...ref, amount: 5 }, o),
      escott.card.retrieve(ref, o),
      escott.card.check({ token: TOKEN }, o),
      escott.members.create({ ...member, token: TOKEN }, o),
      escott.members.update({ ...member, token: TOKEN }, o),
      escott.members.retrieve(member, o),
      escott.members.invalidate(member, o),
      escott.members.restore(member, o),
      escott.members.delete(member, o),
      escott.tokens.retrieve(TOKEN, o),
      escott.cvs.create({ amount: 1000, payLimit: 7, nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678', productName: 'テスト' }, o),
      escott.cvs.update({ ...ref, amount: 900 }, o),
      escott.cvs.cancel(ref, o),
      escott.cvs.retrieve(ref, o),
    ]
    for (const attempt of attempts) {
      const error = await attempt.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(EscottConnectionError)
      expect((error as EscottConnectionError).message).toMatch(/nothing was sent/)
    }
    expect(calls).toHaveLength(0)
  })

  it('an abort after sending 1Auth is outcome unknown, sent once and never re-sent', async () => {
    hits = 0
    const controller = new AbortController()
    behaviour = () => controller.abort() // the gateway got it and never answers; the caller gives up
    const error = await client(30_000)
      .card.authorize({ amount: 1000, token: TOKEN, merchantFree1: 'o-abort' }, { signal: controller.signal })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottOutcomeUnknownError)
    expect((error as EscottOutcomeUnknownError).message).toMatch(/aborted by the caller after sending/)
    expect((error as EscottOutcomeUnknownError).merchantFree1).toBe('o-abort')
    expect(hits).toBe(1)
  })

  it('an abort stops the retries of a read', async () => {
    hits = 0
    const controller = new AbortController()
    behaviour = () => controller.abort()
    const error = await client(30_000)
      .card.retrieve({ processId: 'P1', processPass: 'Q1' }, { signal: controller.signal })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottGatewayError)
    expect(hits).toBe(1) // maxRetries is 2, but the caller asked to stop
  })

  it('timeoutMs replaces the client timeout for one call', async () => {
    hits = 0
    behaviour = () => {} // never answers
    const error = await client(30_000)
      .card.authorize({ amount: 1000, token: TOKEN }, { timeoutMs: 100 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottOutcomeUnknownError)
    expect((error as EscottOutcomeUnknownError).message).toMatch(/no answer within 100 ms/)
  })

  it('refuses malformed options before sending', async () => {
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK' }))
    for (const bad of [{ timeoutMs: 0 }, { timeoutMs: 1.5 }, { timeoutMs: 400_000 }, { signal: 'stop' }]) {
      const error = await escott.card.authorize({ amount: 1, token: TOKEN }, bad as never).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(EscottValidationError)
      expect((error as EscottValidationError).field).toMatch(/^options\./)
    }
    expect(calls).toHaveLength(0)
  })
})

describe('the HTTP client used without a fetch option', () => {
  it('is its own keep-alive client, not the global fetch: consecutive calls share one connection', async () => {
    // docs/protocol-decisions.md #56: undici's fetch was the largest CPU cost of a charge (bench:subscriptions).
    vi.stubGlobal('fetch', () => Promise.reject(new Error('the global fetch was called')))
    try {
      hits = 0
      ports.length = 0
      behaviour = (_b, res) => res.end('ResponseCd=OK&ProcessId=P1&ProcessPass=Q1&Amount=100&TransactionId=1')
      const escott = client(5_000)
      for (let i = 0; i < 3; i++) expect((await escott.card.retrieve({ processId: 'P1', processPass: 'Q1' })).amount).toBe(100)
      expect(hits).toBe(3)
      expect(new Set(ports).size).toBe(1)
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('an answer cut off in the middle of its body is outcome unknown on a charge, and is not re-sent', async () => {
    hits = 0
    behaviour = (_b, res) => {
      res.writeHead(200, { 'content-length': '200' })
      res.write('ResponseCd=OK&ProcessId=P1&Proc')
      setTimeout(() => res.socket?.destroy(), 20)
    }
    const error = await client(5_000)
      .card.authorize({ amount: 1000, token: TOKEN, merchantFree1: 'o-cut' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottOutcomeUnknownError)
    expect((error as EscottOutcomeUnknownError).merchantFree1).toBe('o-cut')
    expect(hits).toBe(1)
  })

  it('sends an https baseUrl over TLS: a certificate nobody trusts is refused before anything is sent', async () => {
    const dir = new URL('./fixtures/', import.meta.url)
    let tlsHits = 0
    const tls = createTlsServer({ key: readFileSync(new URL('self-signed-test-only.key', dir)), cert: readFileSync(new URL('self-signed-test-only.crt', dir)) }, (_req, res) => {
      tlsHits++
      res.end('ResponseCd=OK')
    })
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r))
    try {
      const escott = new Escott({ merchantId: 'M1', merchantPass: SECRETS.merchantPass, baseUrl: `https://127.0.0.1:${(tls.address() as AddressInfo).port}`, maxRetries: 1 })
      const error = await escott.card.authorize({ amount: 1000, token: TOKEN, merchantFree1: 'o-tls' }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(EscottConnectionError)
      expect((error as EscottConnectionError).message).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT/)
      expect(tlsHits).toBe(0)
    } finally {
      tls.closeAllConnections()
      await new Promise<void>((r) => tls.close(() => r()))
    }
  })
})
