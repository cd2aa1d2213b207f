import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'
import { runCli } from '../src/cli-command.js'
import { CARD_SOFT, databaseUrl, gatewayCharges, startStack, stopDatabase } from './helpers.js'

afterAll(stopDatabase)

const capture = () => {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err }
}

it('lists unreconciled and failed charges as a table and as JSON, and settles one', async () => {
  const st = await startStack({ billing: { schema: 'cli' } })
  try {
    await st.billing.plans.create({ id: 'm', name: '煎茶 定期便', amount: 3980, interval: 'month' })
    const sub = await st.billing.subscriptions.create({ customerId: 'c-1', member: await st.member(), planId: 'm' })
    st.sb.faults.next({ type: 'reset-after-commit', operateId: '1Gathering' })
    await st.billing.runDue()
    const open = async () => st.billing

    const human = capture()
    expect(await runCli(['reconcile'], human.io, { open })).toBe(0)
    const [charge] = await st.billing.charges.list({ subscriptionId: sub.id })
    expect(human.out.join('\n')).toMatch(/charge\s+subscription\s+period\s+amount\s+status/)
    expect(human.out.join('\n')).toContain(charge!.merchantFree1)
    expect(human.out.join('\n')).toContain('needs_reconciliation')
    expect(human.out.join('\n')).toContain('¥3,980')

    const json = capture()
    expect(await runCli(['charges', '--status', 'needs_reconciliation', '--json'], json.io, { open })).toBe(0)
    expect(JSON.parse(json.out.join(''))).toMatchObject([{ id: charge!.id, status: 'needs_reconciliation', merchantFree1: charge!.merchantFree1 }])

    const refused = capture()
    expect(await runCli(['retry', charge!.id], refused.io, { open })).toBe(1)
    expect(refused.err.join('')).toMatch(/settle it first/)

    const processId = gatewayCharges(st.sb, charge!.merchantFree1)[0]!.processId
    const settled = capture()
    expect(await runCli(['settle', charge!.id, '--outcome', 'succeeded', '--process-id', processId, '--note', 'console', '--json'], settled.io, { open })).toBe(0)
    expect(JSON.parse(settled.out.join(''))).toMatchObject({ status: 'settled', outcome: 'succeeded', processId })

    const none = capture()
    await runCli(['reconcile'], none.io, { open })
    expect(none.out.join('')).toBe('no charges')
    const bad = capture()
    expect(await runCli(['settle', charge!.id], bad.io, { open })).toBe(1)
    expect(bad.err.join('')).toMatch(/--outcome/)
  } finally {
    await st.close()
  }
})

it('lists failed charges and retries one from the command line: one more attempt at once, its answer shown', async () => {
  const st = await startStack({ billing: { schema: 'cliretry' } })
  try {
    await st.billing.plans.create({ id: 'm', name: 'm', amount: 1000, interval: 'month' })
    const sub = await st.billing.subscriptions.create({ customerId: 'c-1', member: await st.member(CARD_SOFT), planId: 'm' })
    expect((await st.billing.runDue()).failed).toBe(1)
    const [charge] = await st.billing.charges.list({ subscriptionId: sub.id })
    const open = async () => st.billing

    const failed = capture()
    expect(await runCli(['failed'], failed.io, { open })).toBe(0)
    expect(failed.out.join('\n')).toContain(charge!.merchantFree1)

    const retried = capture()
    // The card still declines: the command says so with its exit code, and shows the new attempt.
    expect(await runCli(['retry', charge!.id, '--json'], retried.io, { open })).toBe(1)
    expect(JSON.parse(retried.out.join(''))).toMatchObject({ id: charge!.id, status: 'failed', attempts: 2, error: { kind: 'declined_soft', code: 'G55' } })
    await st.billing.deliverEvents() // delivery runs beside the call: wait for it
    expect(st.ofType('charge.failed')).toHaveLength(2)
  } finally {
    await st.close()
  }
})

it('runs as `escott-billing` from the built package against an external database', async () => {
  const st = await startStack({ billing: { schema: 'clibin' } })
  try {
    await st.billing.plans.create({ id: 'm', name: 'm', amount: 1000, interval: 'month' })
    await st.billing.subscriptions.create({ customerId: 'c-1', member: await st.member(), planId: 'm' })
    const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'due', '--json', '--schema', 'clibin', '--database-url', await databaseUrl()], {
      env: { ...process.env, ESCOTT_MERCHANT_ID: '' },
    })
    // the CLI's clock is real time, so the subscription created on the sandbox's 2025 clock is due
    expect(JSON.parse(stdout)).toMatchObject([{ customerId: 'c-1', status: 'active' }])
    const table = await promisify(execFile)(process.execPath, [bin, 'subscriptions', '--schema', 'clibin', '--database-url', await databaseUrl()])
    expect(table.stdout).toMatch(/subscription\s+customer\s+plan\s+status/)
  } finally {
    await st.close()
  }
})
