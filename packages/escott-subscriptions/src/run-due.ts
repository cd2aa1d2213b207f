/** `billing.runDue()`: one pass over everything due at the billing clock's now, in this process, without pg-boss. */
import { sendCardNotices } from './charging/card-expiry.js'
import { loadDueRows, processSubscription, type ProcessOutcome } from './charging/process.js'
import type { BillingContext } from './context.js'
import { CHARGES_PER_SLOT } from './charging/gateway-slots.js'
import { dueSubscriptions } from './store/queries.js'
import type { RunDueSummary } from './types.js'

const PAGE = 500

/** Runs `fn` over `items` with at most `concurrency` at once. */
export async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!)
  })
  await Promise.all(lanes)
}

export async function runDue(ctx: BillingContext): Promise<RunDueSummary> {
  const summary: RunDueSummary = { charged: 0, failed: 0, needsReconciliation: 0, skipped: 0 }
  const count = (o: ProcessOutcome) => {
    if (o === 'charged') summary.charged++
    else if (o === 'failed') summary.failed++
    else if (o === 'needs_reconciliation') summary.needsReconciliation++
    else summary.skipped++
  }
  while ((await sendCardNotices(ctx)) > 0);
  const now = ctx.now()
  const seen = new Set<string>()
  let after: { at: Date; id: string } | undefined
  for (;;) {
    const page = await dueSubscriptions(ctx.db.query, ctx.s, now, PAGE, after)
    if (!page.length) break
    after = { at: page[page.length - 1]!.next_action_at, id: page[page.length - 1]!.id }
    const fresh = page.filter((r) => !seen.has(r.id))
    for (const r of fresh) seen.add(r.id)
    // The page's subscriptions are read in one statement; each uses its row only if nothing changed it since.
    const rows = new Map(
      (
        await loadDueRows(
          ctx,
          fresh.map((r) => r.id),
        )
      ).map((row) => [row.id, row]),
    )
    await pool(fresh, ctx.opts.concurrency * CHARGES_PER_SLOT, async (r) => {
      try {
        count(await processSubscription(ctx, r.id, rows.get(r.id)))
      } catch (err) {
        ctx.log.error({ subscriptionId: r.id, err: String((err as Error)?.message ?? err) }, 'escott-subscriptions: processing failed; left for the next pass')
        summary.skipped++
      }
    })
  }
  return summary
}
