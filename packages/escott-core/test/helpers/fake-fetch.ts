import { Escott, type EscottConfig } from '../../src/index.js'
import { encodeForm } from '../../src/wire.js'

export interface Call {
  url: string
  path: string
  fields: Record<string, string>
  contentType: string | null
}

type Answer = Record<string, string | undefined> | Response | (() => never) | Promise<Response>

/** A fetch that records each request's form fields and answers with the handler's key/value map. */
export function fakeFetch(handler: (call: Call) => Answer | Promise<Answer>) {
  const calls: Call[] = []
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init)
    const body = await request.text()
    const url = request.url
    const call: Call = {
      url,
      path: new URL(url).pathname,
      fields: Object.fromEntries(new URLSearchParams(body)),
      contentType: request.headers.get('content-type'),
    }
    calls.push(call)
    const answer = await handler(call)
    if (answer instanceof Response) return answer
    if (typeof answer === 'function') return answer()
    return new Response(encodeForm({ TransactionId: '1234567', TransactionDate: call.fields.TransactionDate, OperateId: call.fields.OperateId, MerchantFree1: call.fields.MerchantFree1, ...answer }), {
      status: 200,
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    })
  }) as typeof fetch
  return { fetch: fetchImpl, calls }
}

export const SECRETS = {
  merchantPass: 'Mp$ecret-9f3a',
  tokenAuthCode: 'TOKENAUTH77',
  aesKey: 'k3yk3yk3yk3yk3y1',
  aesIv: 'iv0iv0iv0iv0iv02',
}

export function makeEscott(handler: Parameters<typeof fakeFetch>[0], extra: Partial<EscottConfig> = {}) {
  const fake = fakeFetch(handler)
  const escott = new Escott({
    merchantId: 'M000001',
    merchantPass: SECRETS.merchantPass,
    tenantId: '0001',
    environment: 'test',
    tokenAuthCode: SECRETS.tokenAuthCode,
    threeDSecure: { aesKey: SECRETS.aesKey, aesIv: SECRETS.aesIv },
    fetch: fake.fetch,
    maxRetries: 2,
    ...extra,
  })
  return { escott, calls: fake.calls }
}

export const TOKEN = 'tok_ABCDEFGHIJKLMNOP0123456789'
