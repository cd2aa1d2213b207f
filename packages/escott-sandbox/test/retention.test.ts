/** The LRU bookkeeping behind the memory bound, against a plain array model (issue 11, finding 8). */
import { describe, expect, it } from 'vitest'
import { markUsed, trim, trimAround } from '../src/retention.js'

/** Deterministic pseudo-random numbers, so a failure replays. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

describe('retention bookkeeping', () => {
  it('trim forgets exactly the least recently used entries, across inserts, uses, deletions and emptying', () => {
    const rand = rng(11)
    const map = new Map<number, number>()
    let model: number[] = []
    let next = 0
    for (let step = 0; step < 20_000; step++) {
      const limit = 1 + Math.floor(rand() * 40)
      const r = rand()
      if (r < 0.55) {
        const k = next++
        map.set(k, k)
        model.push(k)
      } else if (r < 0.8 && model.length) {
        const k = model[Math.floor(rand() * model.length)]!
        markUsed(map, k, k)
        model = model.filter((x) => x !== k).concat(k)
      } else if (r < 0.9 && model.length) {
        const k = model[Math.floor(rand() * model.length)]!
        map.delete(k)
        model = model.filter((x) => x !== k)
      } else if (r < 0.905) {
        map.clear()
        model = []
      }
      const forgotten: number[] = []
      trim(map, limit, (v) => forgotten.push(v))
      const expected = model.slice(0, Math.max(0, model.length - limit))
      model = model.slice(expected.length)
      expect(forgotten).toEqual(expected)
      expect([...map.keys()]).toEqual(model)
    }
  })

  it('trim with keep stops at a kept entry and resumes from it once it may go', () => {
    const map = new Map<number, { live: boolean }>()
    for (let i = 0; i < 5; i++) map.set(i, { live: i === 1 })
    expect(trim(map, 2, undefined, (v) => v.live)).toBe(1) // 0 forgotten, stops at 1
    expect([...map.keys()]).toEqual([1, 2, 3, 4])
    map.get(1)!.live = false
    map.set(5, { live: false })
    expect(trim(map, 2, undefined, (v) => v.live)).toBe(3)
    expect([...map.keys()]).toEqual([4, 5])
  })

  it('trimAround passes over protected entries and forgets older unprotected ones', () => {
    const map = new Map<number, { locked: boolean }>()
    for (let i = 0; i < 6; i++) map.set(i, { locked: i < 2 })
    expect(trimAround(map, 3, (v) => v.locked)).toBe(3)
    expect(new Set(map.keys())).toEqual(new Set([0, 1, 5]))
    // all protected: nothing forgotten, no endless loop
    for (let i = 6; i < 9; i++) map.set(i, { locked: true })
    map.get(5)!.locked = true
    expect(trimAround(map, 3, (v) => v.locked)).toBe(0)
    expect(map.size).toBe(6)
  })
})
