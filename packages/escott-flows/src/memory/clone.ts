/** Copies for the memory stores, so callers can never mutate stored state (and `undefined` keys vanish as in JSON). */

/** A deep copy of JSON-like data with `Date`s kept. */
export function clone<T>(value: T): T {
  return structuredClone(value)
}

/** Removes keys whose value is `undefined` (a patch uses `undefined` to clear a key). */
export function dropUndefined<T extends object>(value: T): T {
  const out = {} as T
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v
  return out
}

/** A deep copy as JSON would store it: `undefined` keys dropped at every level. */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
