/**
 * "My page" stored card: add and replace (4MemAdd / 4MemChg through EMV 3-D Secure; the direct messages only when the
 * client has no 3-D Secure keys) and delete (4MemInval then 4MemDel, following the manuals' rule).
 */
import express, { type Request, type Response, type Router } from 'express'
import { isEscottError, newMerchantFree1, storedCardDeletion } from 'escott-core'
import { beginCardRegistration, classifyFailure, journaled, memberAuthorizationDates, paymentErrorOf, registerCardWithToken, tokenCard, type StoredMember } from 'escott-flows'
import { edgeGuard, formText, sameOrigin, wrap, type Customer, type RouterContext } from '../context.js'
import { formatTokyo, t, type Lang, type MessageKey } from '../i18n.js'
import { renderCards } from '../views/cards.js'
import { renderMessage } from '../views/message.js'
import { renderThreeDSecureRedirect } from '../views/three-d-secure.js'

const DONE_NOTICES: Record<string, MessageKey> = { saved: 'cardSaved', replaced: 'cardReplaced', deleted: 'cardDeleted', pending: 'cardPending' }

/** The shopper message of a failed registration (`?failed=3ds|declined|error`): registration wording, not payment's. */
function registrationError(lang: 'ja' | 'en', failed: unknown): string | undefined {
  if (typeof failed !== 'string' || !failed) return undefined
  if (failed === '3ds') return t(lang, 'cardNot3ds')
  if (failed === 'declined') return t(lang, 'cardNotUsable')
  return t(lang, 'cardNotSaved')
}

/**
 * Checks a newly registered card with 1Check (nothing is charged): a card the issuer declines is not kept as a new
 * saved card (4MemInval + 4MemDel), so the shopper learns it now and not at the next payment. Checked once per
 * registration; a check that cannot be made (gateway busy, not contracted) keeps the card.
 * @returns false when the card was declined
 */
export async function checkStoredCard(ctx: RouterContext, member: StoredMember, isNew: boolean): Promise<boolean> {
  if (!(await ctx.store.onceKeys.claim(`card-check:${member.kaiinId}:${member.updatedAt.toISOString()}`, member.customerId))) return true
  const creds = { kaiinId: member.kaiinId, kaiinPass: member.kaiinPass }
  try {
    await ctx.escott.card.check({ member: creds, merchantFree1: newMerchantFree1() })
    return true
  } catch (err) {
    const failure = classifyFailure(err)
    if (failure !== 'declined_hard' && failure !== 'declined_soft') {
      ctx.log.warn({ customerId: member.customerId, failure }, 'stored card not checked (1Check)')
      return true
    }
    ctx.log.info({ customerId: member.customerId, codes: isEscottError(err) ? err.codes : [] }, 'stored card declined by 1Check')
    if (!isNew) return false
    try {
      await ctx.escott.members.invalidate(creds)
      await ctx.escott.members.delete(creds)
      await ctx.store.members.delete(member.customerId)
    } catch (e) {
      ctx.log.warn({ customerId: member.customerId, error: e instanceof Error ? e.message : String(e) }, 'declined stored card not deleted')
    }
    return false
  }
}

export function storedCardRoutes(ctx: RouterContext): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '8kb' })

  const requireCustomer = async (req: Request, res: Response): Promise<Customer | undefined> => {
    const customer = await ctx.customerOf(req)
    if (!customer) {
      const lang = ctx.lang(req)
      if (ctx.options.loginUrl && req.method === 'GET') {
        const sep = ctx.options.loginUrl.includes('?') ? '&' : '?'
        return void res.redirect(303, `${ctx.options.loginUrl}${sep}next=${encodeURIComponent(req.originalUrl)}`)
      }
      ctx.page(
        res,
        req,
        401,
        t(lang, 'loginRequired'),
        renderMessage(lang, t(lang, 'myCardsTitle'), t(lang, 'loginRequired'), ctx.options.loginUrl ?? ctx.shopUrl, 'error', ctx.options.loginUrl ? t(lang, 'logIn') : undefined),
      )
    }
    return customer
  }

  const deletionBlock = async (customer: Customer, lang: 'ja' | 'en') => {
    const orders = await ctx.orders.list({ customerId: customer.id, method: 'card', limit: 1000 })
    const sub = ctx.options.hasActiveSubscription ? await ctx.options.hasActiveSubscription(customer.id) : false
    const verdict = storedCardDeletion({ authorizations: memberAuthorizationDates(orders), hasActiveSubscription: sub })
    if (verdict.allowed) return undefined
    if (verdict.reason === 'active_subscription') return t(lang, 'cannotDeleteSubscription')
    return `${t(lang, 'cannotDeleteRecent')} ${t(lang, 'deletableFrom')}: ${formatTokyo(verdict.allowedFrom).slice(0, 10)}`
  }

  const show = async (req: Request, res: Response, customer: Customer, status = 200, notice?: string, error?: string) => {
    const lang = ctx.lang(req)
    const member = await ctx.store.members.get(customer.id)
    const registered = member && member.maskedCard !== null ? member : undefined
    ctx.page(
      res,
      req,
      status,
      t(lang, 'myCardsTitle'),
      renderCards({
        lang,
        base: req.baseUrl,
        scriptUrl: ctx.escott.tokens.scriptUrl(),
        email: customer.email,
        card: registered ? { maskedCard: registered.maskedCard, brand: registered.brand } : undefined,
        deleteBlocked: registered ? await deletionBlock(customer, lang) : undefined,
        notice,
        error,
      }),
    )
  }

  router.get(
    '/cards',
    wrap(async (req, res) => {
      const customer = await requireCustomer(req, res)
      if (!customer) return
      const lang = ctx.lang(req)
      const done = req.query.done
      let notice = typeof done === 'string' && done in DONE_NOTICES ? t(lang, DONE_NOTICES[done]!) : undefined
      let error = registrationError(lang, req.query.failed)
      if (done === 'saved' || done === 'replaced') {
        const member = await ctx.store.members.get(customer.id)
        if (member && member.maskedCard !== null && !(await checkStoredCard(ctx, member, done === 'saved'))) {
          notice = undefined
          error = t(lang, 'cardNotUsable')
        }
      }
      await show(req, res, customer, 200, notice, error)
    }),
  )

  /** A state-changing form of the logged-in shopper. */
  const customerPost = (path: string, handler: (req: Request, res: Response, customer: Customer, lang: Lang) => Promise<unknown>) =>
    router.post(
      path,
      sameOrigin(ctx.options.publicUrl),
      form,
      edgeGuard(),
      wrap(async (req, res) => {
        const customer = await requireCustomer(req, res)
        if (customer) await handler(req, res, customer, ctx.lang(req))
      }),
    )

  customerPost('/cards', async (req, res, customer, lang) => {
    const text = formText(req)
    const token = text('token')
    if (!token) return show(req, res, customer, 400, undefined, t(lang, 'tokenMissing'))
    // The card is the gateway's word (1TokenSearch), never the form's maskedCard field.
    const card = await tokenCard(ctx.escott, token)
    if (card.kind === 'failed') {
      const e = paymentErrorOf(card.error, '1TokenSearch')
      return show(req, res, customer, 402, undefined, e.shopper[lang])
    }
    const masked = card.maskedCard
    const before = await ctx.store.members.get(customer.id)
    try {
      // EMV 3-D Secure, as the plugins register cards: 4MemAdd / 4MemChg through OTDS010.
      const cardholderName = text('cardholderName')
      const email = text('email') || customer.email || ''
      if (!cardholderName || !email) return show(req, res, customer, 400, undefined, t(lang, 'badRequest'))
      const request = await beginCardRegistration(ctx.flows, {
        customerId: customer.id,
        token,
        maskedCard: masked,
        brand: card.brand,
        cardholderName,
        email,
        redirectUrl: ctx.absoluteUrl(req, '/3ds/return'),
        postUrl: ctx.absoluteUrl(req, '/3ds/post'),
      })
      if (request)
        return res
          .status(200)
          .type('html')
          .set('Cache-Control', 'no-store')
          .send(renderThreeDSecureRedirect(lang, request.action, request.fields))
      // Fallback only for a client configured without 3-D Secure keys: the direct member messages.
      ctx.log.warn({ customerId: customer.id }, 'stored card registered without 3-D Secure: the Escott client has no threeDSecure keys')
      await registerCardWithToken(ctx.flows, { customerId: customer.id, token, maskedCard: masked, brand: card.brand, link: { orderId: null, merchantFree1: newMerchantFree1() } })
    } catch (err) {
      const e = paymentErrorOf(err, 'members')
      ctx.log.warn({ customerId: customer.id, codes: e.codes, error: e.merchant.en, remedy: e.remedy?.en }, 'stored card not saved')
      return show(req, res, customer, isEscottError(err) ? 402 : 500, undefined, e.shopper[lang])
    }
    res.redirect(303, `${req.baseUrl}/cards?done=${before && before.maskedCard !== null ? 'replaced' : 'saved'}`)
  })

  customerPost('/cards/delete', async (req, res, customer, lang) => {
    const member = await ctx.store.members.get(customer.id)
    if (!member) return res.redirect(303, `${req.baseUrl}/cards`)
    const blocked = await deletionBlock(customer, lang)
    if (blocked) return show(req, res, customer, 409, undefined, blocked)
    const link = { orderId: null, merchantFree1: newMerchantFree1() }
    try {
      // Invalidate first, then delete (the plugins' order): an interrupted delete leaves an unusable member, never a usable orphan.
      const creds = { kaiinId: member.kaiinId, kaiinPass: member.kaiinPass }
      await journaled(
        ctx.store.journal,
        { ...link, operation: 'members.delete' },
        async () => {
          await ctx.escott.members.invalidate(creds)
          return ctx.escott.members.delete(creds)
        },
        () => ({ kaiinId: member.kaiinId }),
      )
    } catch (err) {
      const e = paymentErrorOf(err, 'members.delete')
      ctx.log.warn({ customerId: customer.id, codes: e.codes, error: e.merchant.en, remedy: e.remedy?.en }, 'stored card not deleted')
      return show(req, res, customer, 502, undefined, e.shopper[lang])
    }
    await ctx.store.members.delete(customer.id)
    res.redirect(303, `${req.baseUrl}/cards?done=deleted`)
  })

  return router
}
