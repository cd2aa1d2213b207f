/**
 * The operator CLI behind `npx escott-billing`: due subscriptions, failed and unreconciled charges, retry one,
 * settle one. Human tables by default, `--json` for scripts.
 */
import { parseArgs } from 'node:util'
import { Escott } from 'escott-core'
import { createBilling, type Billing } from './billing.js'
import type { BillingGateway } from './options.js'
import { table } from './table.js'
import type { Charge, Subscription } from './types.js'

export const USAGE = `Usage: escott-billing <command> [options]

Commands
  due                          subscriptions with something due now (renewal, retry, re-check)
  subscriptions                subscriptions (--status, --customer)
  charges                      charges, newest first (--status, --subscription)
  failed                       = charges --status failed
  reconcile                    = charges --status needs_reconciliation: find each MerchantFree1 in the e-SCOTT console
  retry <chargeId>             attempt a failed charge again now (needs ESCOTT_* variables)
  settle <chargeId> --outcome succeeded|failed [--process-id ID] [--note TEXT]
                               record what the e-SCOTT console shows for the charge's MerchantFree1

Options
  --database-url <url>   PostgreSQL (default: DATABASE_URL); otherwise the embedded cluster in --data-dir
  --data-dir <folder>    embedded PostgreSQL folder (default: .billing)
  --schema <name>        billing schema (default: escott_billing)
  --status <status>      filter
  --customer <id>        filter
  --subscription <id>    filter
  --limit <n>            rows (default 100)
  --json                 machine-readable output
Gateway (retry only): ESCOTT_MERCHANT_ID, ESCOTT_MERCHANT_PASS, ESCOTT_TENANT_ID, ESCOTT_ENVIRONMENT, ESCOTT_BASE_URL`

/** Where the command writes. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
}

const noGateway: BillingGateway = {
  card: {
    authorize: () => Promise.reject(new Error('set ESCOTT_MERCHANT_ID and ESCOTT_MERCHANT_PASS to call the gateway')),
    retrieve: () => Promise.reject(new Error('set ESCOTT_MERCHANT_ID and ESCOTT_MERCHANT_PASS to call the gateway')),
  },
  members: { retrieve: () => Promise.reject(new Error('set ESCOTT_MERCHANT_ID and ESCOTT_MERCHANT_PASS to call the gateway')) },
} as unknown as BillingGateway

function gatewayFromEnv(env: NodeJS.ProcessEnv): BillingGateway {
  if (!env.ESCOTT_MERCHANT_ID || !env.ESCOTT_MERCHANT_PASS) return noGateway
  return new Escott({
    merchantId: env.ESCOTT_MERCHANT_ID,
    merchantPass: env.ESCOTT_MERCHANT_PASS,
    tenantId: env.ESCOTT_TENANT_ID ?? '0001',
    environment: env.ESCOTT_ENVIRONMENT === 'production' ? 'production' : 'test',
    ...(env.ESCOTT_BASE_URL ? { baseUrl: env.ESCOTT_BASE_URL } : {}),
  })
}

const yen = (n: number) => `¥${n.toLocaleString('ja-JP')}`
const at = (d: Date | null) => (d ? new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') + ' JST' : '-')

function chargesTable(rows: Charge[]): string {
  return table(
    ['charge', 'subscription', 'period', 'amount', 'status', 'tries', 'MerchantFree1', 'ProcessId', 'next / error'],
    rows.map((c) => [
      c.id,
      c.subscriptionId,
      c.periodStart,
      yen(c.amount),
      c.status === 'settled' ? `settled:${c.outcome}` : c.status,
      String(c.attempts),
      c.merchantFree1,
      c.processId ?? '-',
      c.nextAttemptAt ? `retry ${at(c.nextAttemptAt)}` : c.reconcileAt ? `1Search ${at(c.reconcileAt)}` : (c.error?.code ?? c.error?.kind ?? ''),
    ]),
  )
}

function subscriptionsTable(rows: Subscription[]): string {
  return table(
    ['subscription', 'customer', 'plan', 'status', 'period', 'next charge'],
    rows.map((s) => [s.id, s.customerId, s.pendingPlanId ? `${s.planId}→${s.pendingPlanId}` : s.planId, s.status, `${s.currentPeriodStart}..${s.currentPeriodEnd}`, at(s.nextChargeAt)]),
  )
}

/** Runs one CLI command; resolves to the exit code. `open` is for tests (an existing billing instance). */
export async function runCli(argv: string[], io: CliIo, options: { env?: NodeJS.ProcessEnv; open?: () => Promise<Billing> } = {}): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  const [command, id] = positionals
  if (values.help || !command) {
    io.out(USAGE)
    return command || values.help ? 0 : 2
  }
  const env = options.env ?? process.env
  const billing = options.open
    ? await options.open()
    : await createBilling({
        escott: gatewayFromEnv(env),
        databaseUrl: values['database-url'] ?? env.DATABASE_URL,
        dataDir: values['data-dir'] ?? '.billing',
        schema: values.schema ?? 'escott_billing',
      })
  const limit = values.limit ? Number(values.limit) : 100
  const print = (data: unknown, human: string) => io.out(values.json ? JSON.stringify(data, null, 2) : human)
  try {
    switch (command) {
      case 'due': {
        const rows = await billing.subscriptions.due({ limit })
        print(rows, rows.length ? subscriptionsTable(rows) : 'nothing due')
        return 0
      }
      case 'subscriptions': {
        const rows = await billing.subscriptions.list({ status: values.status as never, customerId: values.customer, limit })
        print(rows, subscriptionsTable(rows))
        return 0
      }
      case 'charges':
      case 'failed':
      case 'reconcile': {
        const status = command === 'failed' ? 'failed' : command === 'reconcile' ? 'needs_reconciliation' : (values.status as never)
        const rows = await billing.charges.list({ status, subscriptionId: values.subscription, limit })
        const hint =
          command === 'reconcile' && rows.length
            ? '\n\nSearch each MerchantFree1 in the e-SCOTT console, then: escott-billing settle <charge> --outcome succeeded --process-id <id>  (or --outcome failed)'
            : ''
        print(rows, rows.length ? chargesTable(rows) + hint : 'no charges')
        return 0
      }
      case 'retry': {
        if (!id) throw new Error('retry needs a charge id')
        const c = await billing.charges.retry(id)
        print(c, chargesTable([c]))
        return c.status === 'succeeded' ? 0 : 1
      }
      case 'settle': {
        if (!id) throw new Error('settle needs a charge id')
        if (values.outcome !== 'succeeded' && values.outcome !== 'failed') throw new Error('settle needs --outcome succeeded or --outcome failed')
        const c = await billing.charges.settle(id, {
          outcome: values.outcome,
          ...(values['process-id'] ? { processId: values['process-id'] } : {}),
          ...(values.note ? { note: values.note } : {}),
        })
        print(c, chargesTable([c]))
        return 0
      }
      default:
        io.err(`unknown command ${command}\n\n${USAGE}`)
        return 2
    }
  } catch (err) {
    const e = err as { message?: string; merchantMessage?: (l: 'en') => string }
    io.err(values.json ? JSON.stringify({ error: e.message }) : `error: ${typeof e.merchantMessage === 'function' ? e.merchantMessage('en') : e.message}`)
    return 1
  } finally {
    if (!options.open) await billing.close()
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      schema: { type: 'string' },
      status: { type: 'string' },
      customer: { type: 'string' },
      subscription: { type: 'string' },
      limit: { type: 'string' },
      outcome: { type: 'string' },
      'process-id': { type: 'string' },
      note: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}
