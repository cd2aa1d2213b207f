/**
 * Issue 11 finding 1 over HTTP, with real AES-CBC ciphertext manipulation and no key: EncryptValue is AES-128-CBC with
 * a fixed key and IV and no integrity, so whoever holds one genuine result can rewrite it. Flipping bits of ciphertext
 * block i-1 flips the same bits of plaintext block i (and turns block i-1 into noise); blocks of an earlier genuine
 * result can be spliced in. The attacker knows the layout of a result (the field order is public, the sandbox writes
 * it the same way), so a declined result can be made to say `ResponseCd=OK` and name a ProcessId — which the lenient
 * reading of the old code accepted (declined card → order 与信済). Now: refused, nothing recorded, no thank-you page.
 * The key is used below only to read where the fields fall and to check what the forgery says, never to write it.
 */
import { createDecipheriv } from 'node:crypto'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserThreeDSecure, CARD_DECLINE_G12, CARD_OK, startStack, type Stack } from './helpers.js'

const BLOCK = 16

async function startPayment(stack: Stack, orderId: string, cardNo: string) {
  const res = await request(stack.app)
    .post(`/payment/checkout/${orderId}/card`)
    .type('form')
    .send({ token: await stack.token(cardNo), payType: '01', cardholderName: 'TARO YAMADA', email: 'taro@example.jp' })
  expect(res.status).toBe(200)
  return res.text
}

/** Raw CBC decryption, lenient (what the old parser read): replacement characters for bytes that are not UTF-8. */
function decryptLenient(encryptValue: string, keys: { aesKey: string; aesIv: string }): string {
  const d = createDecipheriv('aes-128-cbc', Buffer.from(keys.aesKey), Buffer.from(keys.aesIv))
  return Buffer.concat([d.update(Buffer.from(encryptValue, 'base64')), d.final()]).toString('utf8')
}

/** The old parser's reading: a repeated key overrides the first. */
const oldReading = (plain: string) => Object.fromEntries(new URLSearchParams(plain))

/**
 * Known-plaintext rewrite: makes plaintext block `i` read `text` (16 bytes) by XOR-ing ciphertext block `i-1` with
 * (known ⊕ wanted); block `i-1` becomes noise. No key involved.
 */
function rewriteBlock(cipher: Buffer, known: Buffer, i: number, text: string): void {
  const want = Buffer.from(text, 'latin1')
  if (want.length !== BLOCK || i < 1) throw new Error('one whole block after the first')
  for (let j = 0; j < BLOCK; j++) cipher[(i - 1) * BLOCK + j]! ^= known[i * BLOCK + j]! ^ want[j]!
}

describe('forged 3-D Secure results, made from genuine ciphertext', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ router: { threeDSecure: true }, sandbox: { threeDSecure: { postUrlOrder: 'browser-first', postUrlDelayMs: 60_000 } } })
  })
  afterAll(() => stack.close())

  const keys = () => stack.sb.merchant.threeDSecure
  const charges = (merchantFree1: string) => stack.sb.snapshot().transactions.filter((t) => t.merchantFree1 === merchantFree1 && t.status !== 'canceled')
  async function deliver(encryptValue: string) {
    const back = await request(stack.app).post('/payment/3ds/return').type('form').send({ EncryptValue: encryptValue })
    const post = await request(stack.app).post('/payment/3ds/post').type('form').send({ EncryptValue: encryptValue })
    return { back, post }
  }
  async function expectNotPaid(orderId: string, merchantFree1: string) {
    const order = (await stack.orders.get(orderId))!
    expect(['awaiting_3ds', 'pending']).toContain(order.status)
    expect(order.payment.processId).toBeUndefined()
    expect(charges(merchantFree1)).toEqual([])
    const page = await request(stack.app).get(`/payment/orders/${orderId}`)
    expect(page.text).not.toContain('data-testid="thank-you"')
  }

  it('refuses a declined result rewritten by bit flips to say ResponseCd=OK with a ProcessId (the old reading accepted it)', async () => {
    const order = await stack.createOrder({ amount: 5830 })
    const genuine = (await browserThreeDSecure(await startPayment(stack, order.id, CARD_DECLINE_G12))).encryptValue
    const plain = decryptLenient(genuine, keys())
    expect(oldReading(plain).ResponseCd).toBe('G12')
    const known = Buffer.from(plain, 'utf8')
    // Sacrifice the block after ProcNo, write "&ResponseCd=OK&a" into the next, sacrifice one more, then "&ProcessId=1&zz=".
    const afterProcNo = plain.indexOf('&ResponseCd=') + 1
    const first = Math.ceil(afterProcNo / BLOCK) + 1
    const cipher = Buffer.from(genuine, 'base64')
    rewriteBlock(cipher, known, first, '&ResponseCd=OK&a')
    rewriteBlock(cipher, known, first + 2, '&ProcessId=1&zz=')
    const forged = cipher.toString('base64')
    // What the forgery says (read with the key, for this assertion only): the old parser's reading was a pass.
    const reading = oldReading(decryptLenient(forged, keys()))
    expect(reading).toMatchObject({ ResponseCd: 'OK', ProcessId: '1', MerchantFree1: order.merchantFree1 })

    const { back, post } = await deliver(forged)
    expect(back.status).toBe(400)
    expect(post.status).toBe(400)
    await expectNotPaid(order.id, order.merchantFree1)
    // the genuine (declined) result still counts: the shopper sees the decline and may pay again
    await deliver(genuine)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('pending')
    expect(after.lastError?.codes).toEqual(['G12'])
  })

  it('accepts none of the single-bit flips of a genuine approved result, block by block', async () => {
    const order = await stack.createOrder({ amount: 5830 })
    const genuine = (await browserThreeDSecure(await startPayment(stack, order.id, CARD_OK))).encryptValue
    const blocks = Buffer.from(genuine, 'base64').length / BLOCK
    let accepted = 0
    let tried = 0
    for (let i = 0; i < blocks; i++) {
      for (const bit of [0x01, 0x20]) {
        const c = Buffer.from(genuine, 'base64')
        c[i * BLOCK + (i % BLOCK)]! ^= bit
        tried++
        const { back } = await deliver(c.toString('base64'))
        if (back.status !== 400) accepted++
      }
    }
    expect({ accepted, tried }).toEqual({ accepted: 0, tried: blocks * 2 })
    expect((await stack.orders.get(order.id))!.status).toBe('awaiting_3ds') // nothing applied
    // The genuine one is applied once, as the gateway's 1Search confirms.
    await deliver(genuine)
    expect((await stack.orders.get(order.id))!.status).toBe('authorized')
  })

  it('accepts none of the splices of an earlier genuine result into a new one (every block boundary, both ways)', async () => {
    const cheap = await stack.createOrder({ amount: 864 })
    const cheapResult = (await browserThreeDSecure(await startPayment(stack, cheap.id, CARD_OK))).encryptValue // kept, never delivered
    const dear = await stack.createOrder({ amount: 5830 })
    const dearResult = (await browserThreeDSecure(await startPayment(stack, dear.id, CARD_DECLINE_G12))).encryptValue
    const a = Buffer.from(dearResult, 'base64')
    const b = Buffer.from(cheapResult, 'base64')
    const n = Math.min(a.length, b.length) / BLOCK
    let tried = 0
    let accepted = 0
    for (let k = 1; k < n; k++) {
      for (const spliced of [Buffer.concat([a.subarray(0, k * BLOCK), b.subarray(k * BLOCK)]), Buffer.concat([b.subarray(0, k * BLOCK), a.subarray(k * BLOCK)])]) {
        // Where both results begin alike (same merchant, same date), a cut inside the common prefix is just one of the
        // genuine results again: not a forgery.
        if (spliced.equals(a) || spliced.equals(b)) continue
        tried++
        if ((await deliver(spliced.toString('base64'))).back.status !== 400) accepted++
      }
    }
    expect(tried).toBeGreaterThan(14)
    expect({ accepted, tried }).toEqual({ accepted: 0, tried })
    await expectNotPaid(dear.id, dear.merchantFree1)
    expect((await stack.orders.get(cheap.id))!.status).toBe('awaiting_3ds')
  })
})
