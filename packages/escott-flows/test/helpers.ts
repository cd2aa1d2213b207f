/** Test stack of the flows: a real sandbox gateway over HTTP, a real Escott client, memory stores. */
import { createHash } from 'node:crypto'
import { Escott } from 'escott-core'
import { startSandbox, type Sandbox, type SandboxOptions } from 'escott-sandbox'
import { MemoryOrders, memoryStores, type FlowLogger, type FlowOrder } from '../src/index.js'

export const CARD_OK = '4000000000001000'
export const CARD_CHALLENGE = '4000000000082000'
export const CARD_DECLINE_G12 = '4000000000080012'

/** Collects log lines so tests can look at them (and make sure no secret is in them). */
export function memoryLogger(): FlowLogger & { lines: string[] } {
  const lines: string[] = []
  const push = (level: string) => (obj: Record<string, unknown>, msg?: string) => void lines.push(JSON.stringify({ level, msg, ...obj }))
  return { lines, info: push('info'), warn: push('warn'), error: push('error') }
}

export interface Gateway {
  sb: Sandbox
  escott: Escott
  orders: MemoryOrders
  journal: ReturnType<typeof memoryStores>['journal']
  onceKeys: ReturnType<typeof memoryStores>['onceKeys']
  members: ReturnType<typeof memoryStores>['members']
  log: ReturnType<typeof memoryLogger>
  token(cardNo?: string): Promise<string>
  /** A payable order, already claimed (`processing`) as an adapter would before charging. */
  claimedOrder(amount?: number, customerId?: string | null): Promise<FlowOrder>
  close(): Promise<void>
}

export async function startGateway(options: { sandbox?: SandboxOptions } = {}): Promise<Gateway> {
  const sb = await startSandbox({ port: 0, quiet: true, notification: { retryDelaysMs: [] }, ...options.sandbox })
  const escott = new Escott({ ...sb.merchant, baseUrl: sb.url, timeoutMs: 5000 })
  const orders = new MemoryOrders()
  const stores = memoryStores()
  const log = memoryLogger()
  return {
    sb,
    escott,
    orders,
    ...stores,
    log,
    token: (cardNo = CARD_OK) => sb.createToken({ cardNo, expYY: '28', expMM: '12', secCd: '777' }),
    async claimedOrder(amount = 1980, customerId = null) {
      const o = await orders.create({ amount, customerId })
      return (await orders.update(o.id, { status: 'processing', method: 'card' }, ['pending']))!
    },
    close: () => sb.close(),
  }
}

/** The sandbox's own ledger entry for a link key (not our tables). */
export function gatewayTransactions(sb: Sandbox, merchantFree1: string): ReturnType<Sandbox['snapshot']>['transactions'] {
  return sb.snapshot().transactions.filter((t) => t.merchantFree1 === merchantFree1)
}

/** Reads the hidden fields and action of the first form of an HTML page. */
function formOf(html: string): { action: string; fields: Record<string, string> } {
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? ''
  const fields: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[unescape(m[1]!)] = unescape(m[2]!)
  return { action: unescape(action), fields }
}

/**
 * Plays the browser's part of 3-D Secure: posts the request to the sandbox and returns the EncryptValue it sends back
 * to the RedirectUrl (for challenge cards, after pressing `approve` or `fail`).
 */
export async function browserThreeDSecure(request: { action: string; fields: Record<string, string> }, answer: 'approve' | 'fail' = 'approve'): Promise<string> {
  let res = await fetch(request.action, { method: 'POST', body: new URLSearchParams(request.fields) })
  let page = await res.text()
  if (!page.includes('EncryptValue')) {
    const action = /<form[^>]*action="([^"]*)"/.exec(page)?.[1] ?? ''
    const session = /name="session" value="([^"]+)"/.exec(page)?.[1] ?? ''
    res = await fetch(new URL(action.replace(/&amp;/g, '&'), request.action), { method: 'POST', body: new URLSearchParams({ session, action: answer }) })
    page = await res.text()
  }
  return formOf(page).fields.EncryptValue ?? ''
}

/** A payment notification as e-SCOTT sends it for a registered convenience-store payment. */
export function notificationBody(sb: Sandbox, order: FlowOrder, over: Record<string, string> = {}): string {
  const recvNum = over.RecvNum ?? String(Math.floor(Math.random() * 1e9))
  const fields: Record<string, string> = {
    MerchantId: sb.merchant.merchantId,
    TransactionId: '1234567890',
    TransactionDate: '20250401',
    OperateId: '2Res',
    MerchantFree1: order.merchantFree1,
    ProcessId: order.payment.processId!,
    ProcessPass: order.payment.processPass!,
    ResponseCd: 'OK',
    Condition: '000',
    Amount: String(order.amount),
    RecvNum: recvNum,
    CvsCd: 'SEV',
    NyukinDate: '20250401123000',
    ...over,
  }
  fields.HashCd =
    over.HashCd ??
    createHash('md5')
      .update(fields.ProcessPass! + recvNum + sb.merchant.merchantPass)
      .digest('hex')
  return new URLSearchParams(fields).toString()
}

/** `target` with one method replaced (the rest still reach the real object). */
export function withMethod<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): T {
  return Object.assign(Object.create(target) as T, { [key]: value })
}
