/** The shop's side of an order: delivery time, the shopper's note, the staff memo, shipped, the stock it reserved. */
import { T } from './db.js'

const toDetails = (r) => r && { orderId: r.order_id, deliveryTime: r.delivery_time, note: r.note, memo: r.memo, shippedAt: r.shipped_at, reserved: r.reserved, stockReleasedAt: r.stock_released_at }

export function orderDetails(pool, ordersTable = 'escott_orders') {
  return {
    async create(orderId, d) {
      await pool.query(`INSERT INTO ${T.details} (order_id, delivery_time, note, reserved) VALUES ($1, $2, $3, $4)`, [orderId, d.deliveryTime ?? '', d.note ?? '', JSON.stringify(d.reserved ?? [])])
    },
    async get(orderId) {
      const { rows } = await pool.query(`SELECT * FROM ${T.details} WHERE order_id = $1`, [orderId])
      return toDetails(rows[0])
    },
    async many(orderIds) {
      const { rows } = await pool.query(`SELECT * FROM ${T.details} WHERE order_id = ANY($1::text[])`, [orderIds])
      return new Map(rows.map((r) => [r.order_id, toDetails(r)]))
    },
    async setMemo(orderId, memo) {
      await pool.query(`UPDATE ${T.details} SET memo = $2 WHERE order_id = $1`, [orderId, memo])
    },
    /** Marks shipped (true when this call changed it) or not shipped. */
    async setShipped(orderId, shipped) {
      const { rowCount } = await pool.query(
        shipped ? `UPDATE ${T.details} SET shipped_at = clock_timestamp() WHERE order_id = $1 AND shipped_at IS NULL` : `UPDATE ${T.details} SET shipped_at = NULL WHERE order_id = $1`,
        [orderId],
      )
      return rowCount === 1
    },
    /** Never-paid orders older than `minutes` whose stock is still reserved. */
    async abandoned(minutes) {
      const { rows } = await pool.query(
        `SELECT d.order_id FROM ${T.details} d JOIN ${ordersTable} o ON o.id = d.order_id
         WHERE o.status = 'pending' AND d.stock_released_at IS NULL AND o.created_at < clock_timestamp() - $1 * interval '1 minute'`,
        [minutes],
      )
      return rows.map((r) => r.order_id)
    },
  }
}
