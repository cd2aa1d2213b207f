/**
 * `card.expiring`: N days before the stored card stops working (its expiry month, from 4MemRef, ends), once per
 * card. The expiry is read when the subscription is created and when its card is updated, not on every charge
 * (that would double the gateway calls); a due notice re-reads it first, so a card replaced elsewhere (the shop's
 * "my page") moves the notice instead of sending a stale one.
 */
import { addDays, cardExpiryDate, tokyoInstant } from '../calendar.js'
import type { BillingContext } from '../context.js'
import { appendEvent } from '../store/events-store.js'
import type { SubscriptionRow } from '../store/rows.js'

const NOTICE_LEASE_MS = 60 * 60_000

/** When to notify about a card expiring `cardExp` (YYMM); null when never (no expiry, notices off, already sent). */
export function cardNoticeAt(ctx: BillingContext, cardExp: string | null | undefined, alreadyNoticed: string | null, now: Date): Date | null {
  if (!cardExp || ctx.opts.cardExpiryNoticeDays === 0 || alreadyNoticed === cardExp) return null
  const expires = cardExpiryDate(cardExp)
  if (!expires) return null
  const at = tokyoInstant(addDays(expires, -ctx.opts.cardExpiryNoticeDays), ctx.opts.chargeTime)
  return at < now ? now : at
}

/** Reads the stored card (4MemRefM): expiry and masked number. Failures are reported, not thrown. */
export async function readCard(ctx: BillingContext, member: { kaiinId: string; kaiinPass: string }) {
  const info = await ctx.escott.members.retrieve(member)
  return { cardExp: info.cardExp ?? null, maskedCardNo: info.maskedCardNo ?? null, status: info.status }
}

/** Sends the due notices (a bounded batch per call). Returns how many were sent. */
export async function sendCardNotices(ctx: BillingContext, limit = 100): Promise<number> {
  const { db, s } = ctx
  const now = ctx.now()
  const { rows } = await db.query<SubscriptionRow>(
    `UPDATE ${s}.subscriptions SET card_notice_at = $3
      WHERE id IN (SELECT id FROM ${s}.subscriptions WHERE card_notice_at <= $1 AND status <> 'canceled'
                    ORDER BY card_notice_at LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING *`,
    [now, limit, new Date(now.getTime() + NOTICE_LEASE_MS)],
  )
  let sent = 0
  for (const sub of rows) {
    let card: Awaited<ReturnType<typeof readCard>>
    try {
      card = await readCard(ctx, { kaiinId: sub.kaiin_id, kaiinPass: sub.kaiin_pass })
    } catch (err) {
      ctx.log.warn({ subscriptionId: sub.id, err: String((err as Error)?.message ?? err) }, 'escott-subscriptions: 4MemRef failed; card notice retried in an hour')
      continue
    }
    if (card.cardExp !== sub.card_exp) {
      await db.query(`UPDATE ${s}.subscriptions SET card_exp = $2, card_notice_at = $3, updated_at = $4 WHERE id = $1`, [
        sub.id,
        card.cardExp,
        cardNoticeAt(ctx, card.cardExp, sub.card_noticed_exp, now),
        now,
      ])
      if (cardNoticeAt(ctx, card.cardExp, sub.card_noticed_exp, now)?.getTime() !== now.getTime()) continue
    }
    const cardExp = card.cardExp!
    await db.tx(async (q) => {
      await q(`UPDATE ${s}.subscriptions SET card_noticed_exp = $2, card_notice_at = NULL, updated_at = $3 WHERE id = $1`, [sub.id, cardExp, now])
      await appendEvent(
        q,
        s,
        'card.expiring',
        { subscriptionId: sub.id, customerId: sub.customer_id, kaiinId: sub.kaiin_id, cardExp, expiresOn: cardExpiryDate(cardExp)!, maskedCardNo: card.maskedCardNo },
        now,
      )
    })
    sent++
  }
  if (sent) ctx.eventsWritten()
  return sent
}
