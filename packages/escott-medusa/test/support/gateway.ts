/** The escott-sandbox gateway over real HTTP, and what a shopper's browser does on its pages. */
import { startSandbox, type Sandbox } from 'escott-sandbox'
import type { EscottProviderOptions } from '../../src/core/options'
import { memoryEscottStores, type EscottStores } from '../../src/core/runtime'

export const CARDS = {
  approved: '4000000000001000',
  challenge: '4000000000082000',
  declined: '4000000000080012',
  failing3ds: '4000000000053001',
} as const

export async function startGateway(notificationUrl?: string): Promise<Sandbox> {
  return startSandbox({ port: 0, quiet: true, ...(notificationUrl && { notificationUrl }) })
}

export function providerOptions(sb: Sandbox, extra: Partial<EscottProviderOptions> = {}): EscottProviderOptions {
  const m = sb.merchant
  return {
    merchantId: m.merchantId,
    merchantPass: m.merchantPass,
    tenantId: m.tenantId,
    tokenAuthCode: m.tokenAuthCode,
    threeDSecure: { aesKey: m.threeDSecure.aesKey, aesIv: m.threeDSecure.aesIv },
    baseUrl: sb.url,
    publicUrl: 'http://localhost:9000',
    ...extra,
  }
}

export function token(sb: Sandbox, cardNo: string = CARDS.approved): Promise<string> {
  return sb.createToken({ cardNo, expYY: '30', expMM: '12', secCd: '777' })
}

/** A logger that keeps every line, to check that no secret is ever logged. */
export function recordingLogger() {
  const lines: string[] = []
  const log =
    (level: string) =>
    (...args: unknown[]) =>
      void lines.push(`${level} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`)
  return {
    lines,
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    debug: log('debug'),
    log: log('log'),
    activity: () => '',
    progress: () => {},
    success: () => {},
    failure: () => {},
    shouldLog: () => true,
    setLogLevel: () => {},
    unsetLogLevel: () => {},
    panic: log('panic'),
  }
}

/** The payment module's cradle as a provider sees it (a logger), with memory stores under the injection key. */
export function fakeContainer(stores: EscottStores = memoryEscottStores()) {
  return { logger: recordingLogger(), escottMedusaStores: stores } as Record<string, unknown> & { logger: ReturnType<typeof recordingLogger>; escottMedusaStores: EscottStores }
}

function hidden(html: string, name: string): string | undefined {
  return html
    .match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1]
    ?.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)))
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
}

/**
 * Posts a 3-D Secure request the way the shopper's browser would, answers the challenge page if one comes, and
 * returns the EncryptValue the gateway sends back to the RedirectUrl.
 */
export async function completeThreeDSecure(request: { action: string; fields: Record<string, string> }, answer: 'approve' | 'fail' = 'approve'): Promise<string> {
  let res = await fetch(request.action, { method: 'POST', body: new URLSearchParams(request.fields) })
  let html = await res.text()
  const session = hidden(html, 'session')
  if (session) {
    const action = new URL(html.match(/<form method="post" action="([^"]+)"/)![1]!, request.action).href
    res = await fetch(action, { method: 'POST', body: new URLSearchParams({ session, action: answer }) })
    html = await res.text()
  }
  const value = hidden(html, 'EncryptValue')
  if (!value) throw new Error(`no EncryptValue in the gateway's answer (${res.status}): ${html.slice(0, 300)}`)
  return value
}
