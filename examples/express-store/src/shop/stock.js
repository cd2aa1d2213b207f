/**
 * Stock per product, never oversold: a checkout takes its quantities in one transaction, each with a conditional
 * decrement (`quantity >= wanted`), in SKU order so concurrent checkouts never deadlock; if one line is short, nothing
 * is taken. Stock comes back when the order is canceled (or abandoned unpaid), once.
 */
import { T } from './db.js'

export function stock(pool) {
  return {
    async levels() {
      const { rows } = await pool.query(`SELECT sku, quantity FROM ${T.stock}`)
      return new Map(rows.map((r) => [r.sku, r.quantity]))
    },
    /**
     * Takes every line or none.
     * @returns {Promise<{ ok: true } | { ok: false, sku: string, left: number }>}
     */
    async reserve(lines) {
      const sorted = [...lines].sort((a, b) => (a.sku < b.sku ? -1 : 1))
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        for (const l of sorted) {
          const { rowCount } = await client.query(`UPDATE ${T.stock} SET quantity = quantity - $2 WHERE sku = $1 AND quantity >= $2`, [l.sku, l.quantity])
          if (rowCount !== 1) {
            await client.query('ROLLBACK')
            const { rows } = await pool.query(`SELECT quantity FROM ${T.stock} WHERE sku = $1`, [l.sku])
            return { ok: false, sku: l.sku, left: rows[0]?.quantity ?? 0 }
          }
        }
        await client.query('COMMIT')
        return { ok: true }
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
    /** Puts lines back (an order that could not be created). */
    async putBack(lines) {
      for (const l of lines) await pool.query(`UPDATE ${T.stock} SET quantity = quantity + $2 WHERE sku = $1`, [l.sku, l.quantity])
    },
    /** Puts an order's reserved lines back, once (marked in its details). */
    async release(orderId) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const { rows } = await client.query(`UPDATE ${T.details} SET stock_released_at = clock_timestamp() WHERE order_id = $1 AND stock_released_at IS NULL RETURNING reserved`, [orderId])
        for (const l of rows[0]?.reserved ?? []) await client.query(`UPDATE ${T.stock} SET quantity = quantity + $2 WHERE sku = $1`, [l.sku, l.quantity])
        await client.query('COMMIT')
        return rows.length === 1
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
  }
}
