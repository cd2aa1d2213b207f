import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TEST_CARDS } from '../src/index.js'
import { luhn } from '../src/util.js'

describe('test cards', () => {
  it("are unique, Luhn-valid and include the manuals' demo card", () => {
    const numbers = TEST_CARDS.map((c) => c.cardNo)
    expect(new Set(numbers).size).toBe(numbers.length)
    for (const n of numbers) expect(luhn(n), n).toBe(true)
    expect(numbers).toContain('4000000000001000')
  })

  it('are all documented in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    for (const c of TEST_CARDS) expect(readme, c.cardNo).toContain(c.cardNo)
  })
})
