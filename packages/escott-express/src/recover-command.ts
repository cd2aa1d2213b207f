/**
 * The recover command behind the escott-express-recover CLI (see recover-cli.ts).
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { configFromEnv, Escott, type EscottClient } from 'escott-core'
import { cancelRecovery, completeRecovery, EscottFlowError, listRecoveryCases, reconcileRecovery, type RecoveryCase, type RecoveryDeps } from 'escott-flows'
import { formatTokyo, formatYen, type Lang } from './i18n.js'
import { openShopStore } from './store/open.js'
import type { ShopStore } from './types.js'

const USAGE = `Usage: escott-express-recover [list | complete <id> | cancel <id> | reconcile <id>] [options]
  reconcile               ask the gateway (1Search) when the ProcessId is known, and apply what it says
  --config <module>       module exporting { store, escott } (or a function returning them)
  --database-url <url>    PostgreSQL (default: DATABASE_URL); otherwise the embedded cluster in --data-dir
  --data-dir <folder>     embedded PostgreSQL folder (default: ./.pgdata)
  --process-id <id>       for an unknown outcome: the ProcessId found in the e-SCOTT admin console
  --process-pass <pass>   and its ProcessPass
  --older-than <minutes>  ignore calls younger than this (default 10)
  --json                  machine-readable output
  --lang ja|en            language of the descriptions (default ja)`

/** What the command works on. */
export interface RecoverContext {
  store: ShopStore
  escott?: EscottClient
  close?: () => Promise<void>
}

async function loadContext(values: Record<string, string | boolean | undefined>): Promise<RecoverContext> {
  if (typeof values.config === 'string') {
    const mod = await import(pathToFileURL(resolve(values.config)).href)
    const exported = mod.default ?? mod
    const ctx = typeof exported === 'function' ? await exported() : typeof exported.createRecoveryContext === 'function' ? await exported.createRecoveryContext() : exported
    if (!ctx?.store) throw new Error(`${values.config} must export { store, escott } or a function returning them`)
    return ctx
  }
  const store = await openShopStore({
    databaseUrl: typeof values['database-url'] === 'string' ? values['database-url'] : undefined,
    dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : '.pgdata',
  })
  // The gateway only when configured (listing needs none); escott-core reads and checks the ESCOTT_* variables.
  const escott = process.env.ESCOTT_MERCHANT_ID ? new Escott(configFromEnv(process.env)) : undefined
  return { store, escott, close: () => store.close() }
}

function describe(c: RecoveryCase, lang: Lang): string {
  return [
    `[${c.kind}] case ${c.id}`,
    `  order ${c.orderId ?? '-'}  link key (MerchantFree1) ${c.merchantFree1}  ${c.amount === null ? '' : formatYen(lang, c.amount)}  ${c.processId ? `ProcessId ${c.processId}` : ''}`,
    `  ${c.operation} at ${formatTokyo(c.createdAt)} (Asia/Tokyo)${c.order ? `, order status ${c.order.status}` : ''}`,
    `  ${c.description[lang]}`,
  ].join('\n')
}

/** Output streams of {@link runRecoverCommand}. */
export interface RecoverCommandIo {
  out?: (line: string) => void
  err?: (line: string) => void
  /** Use these instead of loading --config / opening the database. */
  context?: RecoverContext
}

/** Runs the recover command with `argv` (without `node` and the script); resolves to the exit code. */
export async function runRecoverCommand(argv: string[], io: RecoverCommandIo = {}): Promise<number> {
  const out = io.out ?? ((l: string) => console.log(l))
  const err = io.err ?? ((l: string) => console.error(l))
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'process-id': { type: 'string' },
      'process-pass': { type: 'string' },
      'older-than': { type: 'string' },
      json: { type: 'boolean' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    out(USAGE)
    return 0
  }
  const lang: Lang = values.lang === 'en' ? 'en' : 'ja'
  const [command = 'list', id] = positionals
  if (!['list', 'complete', 'cancel', 'reconcile'].includes(command) || (command !== 'list' && !id)) {
    err(USAGE)
    return 2
  }
  const ctx = io.context ?? (await loadContext(values))
  const deps: RecoveryDeps = { orders: ctx.store.orders, journal: ctx.store.journal, members: ctx.store.members, ...(ctx.escott && { escott: ctx.escott }) }
  try {
    if (command === 'list') {
      const olderThanMs = values['older-than'] === undefined ? undefined : Number(values['older-than']) * 60_000
      const cases = await listRecoveryCases(deps, { ...(olderThanMs !== undefined && { olderThanMs }) })
      if (values.json) {
        out(
          JSON.stringify(
            cases.map(({ order, entry, ...c }) => ({ ...c, orderStatus: order?.status ?? null })),
            null,
            2,
          ),
        )
      } else if (cases.length === 0) {
        out(lang === 'ja' ? '復旧が必要な受注はありません。' : 'Nothing to recover.')
      } else {
        out(lang === 'ja' ? `復旧が必要なもの: ${cases.length} 件` : `${cases.length} case(s) to recover:`)
        for (const c of cases) out(describe(c, lang))
      }
      return 0
    }
    const evidence = values['process-id'] && values['process-pass'] ? { processId: values['process-id'], processPass: values['process-pass'] } : undefined
    if (command === 'reconcile') {
      if (!deps.escott) throw new EscottFlowError('RECOVERY_CLIENT_REQUIRED', { detail: 'reconcile: set the ESCOTT_* variables or use --config' })
      const outcome = await reconcileRecovery({ ...deps, escott: deps.escott }, id!, evidence)
      const summary = { command, id, outcome: outcome.kind, ...('reason' in outcome && { reason: outcome.reason }), ...('order' in outcome && { status: outcome.order?.status ?? null }) }
      out(values.json ? JSON.stringify(summary) : `reconcile: ${summary.outcome}${'reason' in summary ? ` (${summary.reason})` : ''}${'status' in summary ? ` → ${summary.status ?? '-'}` : ''}`)
      return 0
    }
    const action = command === 'complete' ? completeRecovery : cancelRecovery
    const order = await action(deps, id!, evidence)
    const summary = { command, id, orderId: order?.id ?? null, status: order?.status ?? null }
    if (values.json) out(JSON.stringify(summary))
    else out(`${command}: order ${summary.orderId ?? '-'} → ${summary.status ?? '-'}`)
    return 0
  } catch (e) {
    err(`escott-express-recover: ${e instanceof Error ? e.message : String(e)}`)
    return 1
  } finally {
    if (!io.context) await ctx.close?.()
  }
}
