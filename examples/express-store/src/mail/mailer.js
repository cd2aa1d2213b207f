/**
 * Sending the shop's mails with nodemailer over SMTP (`SMTP_URL`, e.g. smtp://user:pass@smtp.example.jp:587). Each
 * order mail goes to the shopper and a copy ("控え") to the shop, in the shopper's language; each is sent once per
 * event (escott-flows' once-keys), so an event reported twice (3-D Secure's browser return and PostUrl) mails once.
 * Without SMTP_URL nothing is sent and a warning is logged.
 */
import nodemailer from 'nodemailer'
import { orderMail } from './messages.js'

export function createMailer({ smtpUrl, settings, onceKeys, details, publicUrl, log = console }) {
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined
  const from = `"${settings.name}" <${settings.email}>`
  return {
    enabled: transport !== undefined,
    /**
     * Mails an order event once per `key` (default: event type and order).
     * @returns {Promise<boolean>} whether mail was sent now
     */
    async orderEvent(type, order, key = `${type}:${order.id}`) {
      if (!order.email) return false
      const mail = orderMail(type, { order, details: await details.get(order.id), settings, publicUrl })
      if (!mail) return false
      if (!transport) {
        log.warn?.(JSON.stringify({ level: 'warn', msg: 'mail not sent: SMTP_URL is not set', type, orderId: order.id }))
        return false
      }
      if (!(await onceKeys.claim(`mail:${key}`, order.id))) return false
      const headers = { 'X-Shop-Order': order.merchantFree1, 'X-Shop-Event': type }
      await transport.sendMail({ from, to: order.email, subject: mail.subject, text: mail.text, headers })
      const copy = mail.lang === 'en' ? `[Copy] ${mail.subject}` : `【控え】${mail.subject}`
      await transport.sendMail({ from, to: settings.email, replyTo: order.email, subject: copy, text: mail.text, headers })
      return true
    },
    close() {
      transport?.close()
    },
  }
}
