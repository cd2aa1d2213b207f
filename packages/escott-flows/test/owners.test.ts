/**
 * One owner per concept (review problems 3 and 4): what escott-core defines, the flows use, they do not re-list it.
 */
import * as core from 'escott-core'
import { describe, expect, it } from 'vitest'
import { PAYMENT_STATES } from '../src/index.js'

describe('concepts escott-core owns', () => {
  it("the payment states are escott-core's list itself, not a copy that could drift", () => {
    expect(PAYMENT_STATES).toBe(core.PAYMENT_STATES)
  })
})
