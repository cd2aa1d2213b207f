/** Small SQL helpers shared by the Postgres stores (and adapters' own order tables). */
import type { FlowOrderPatch } from '../types.js'

/** A row as node-postgres returns it. */
export type Row = Record<string, any>

/**
 * `WHERE` from conditions whose value is defined: each `?` becomes the next `$n`. A condition without `?` (e.g.
 * `resolution IS NULL`) is included when its value is `true`.
 */
export function whereClause(conditions: [sql: string, value: unknown][], values: unknown[] = []): { sql: string; values: unknown[] } {
  const parts: string[] = []
  for (const [sql, value] of conditions) {
    if (value === undefined) continue
    if (sql.includes('?')) {
      values.push(value)
      parts.push(sql.replace('?', `$${values.length}`))
    } else if (value === true) parts.push(sql)
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', values }
}

/**
 * The `SET` fragments that apply a `FlowOrderPatch` to an order table laid out the usual way (`status`, `method`,
 * `amount`, `last_error` jsonb, `payment` jsonb merged key by key, a key patched to `undefined` removed), for an
 * adapter's own `OrderPort.update`. Pushes the values onto `values` (after the ones already there) and returns the
 * fragments; the caller adds its own columns and the `WHERE … AND status = ANY(…)` of the compare-and-set.
 *
 * @example
 * ```ts
 * const values: unknown[] = [id]
 * const sets = [...orderPatchSets(patch, values), 'updated_at = clock_timestamp()']
 * await pool.query(`UPDATE shop_orders SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, values)
 * ```
 */
export function orderPatchSets(patch: FlowOrderPatch, values: unknown[]): string[] {
  const sets: string[] = []
  const add = (sql: string, value: unknown) => {
    values.push(value)
    sets.push(sql.replace('?', `$${values.length}`))
  }
  if (patch.status !== undefined) add('status = ?', patch.status)
  if (patch.method !== undefined) add('method = ?', patch.method)
  if (patch.amount !== undefined) add('amount = ?', patch.amount)
  if (patch.lastError !== undefined) add('last_error = ?::jsonb', patch.lastError === null ? null : JSON.stringify(patch.lastError))
  if (patch.payment) {
    const set: Record<string, unknown> = {}
    const remove: string[] = []
    for (const [k, v] of Object.entries(patch.payment)) {
      if (v === undefined) remove.push(k)
      else set[k] = v
    }
    values.push(JSON.stringify(set))
    const setIndex = values.length
    values.push(remove)
    sets.push(`payment = (payment || $${setIndex}::jsonb) - $${values.length}::text[]`)
  }
  return sets
}
