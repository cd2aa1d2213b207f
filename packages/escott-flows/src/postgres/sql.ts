/** Small SQL helpers shared by the Postgres stores. */

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
