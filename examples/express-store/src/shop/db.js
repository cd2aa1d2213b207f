/**
 * The shop's own tables, next to escott-express's on the same PostgreSQL (embedded by default, DATABASE_URL
 * otherwise), created by escott-flows' migrator (component `express-store`): customers and admin users (scrypt password
 * hashes), login sessions (so they survive a restart), stock per product, and the shop's side of each order
 * (delivery time, shipping, memo, shipped).
 */
import { runMigrations } from 'escott-flows/postgres'
import { PRODUCTS } from './catalog.js'

const PREFIX = 'shop_'

const MIGRATIONS = [
  {
    version: 1,
    name: 'customers, admins, sessions, stock, order details',
    sql: (p) => `
      CREATE TABLE IF NOT EXISTS ${p}customers (
        id text PRIMARY KEY,
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        name text NOT NULL,
        kana text NOT NULL DEFAULT '',
        phone text NOT NULL DEFAULT '',
        postal_code text NOT NULL DEFAULT '',
        prefecture text NOT NULL DEFAULT '',
        address text NOT NULL DEFAULT '',
        lang text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE TABLE IF NOT EXISTS ${p}admins (
        login text PRIMARY KEY,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE TABLE IF NOT EXISTS ${p}sessions (
        token_hash text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('customer', 'admin')),
        subject text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX IF NOT EXISTS ${p}sessions_expiry_idx ON ${p}sessions (expires_at);
      CREATE TABLE IF NOT EXISTS ${p}stock (
        sku text PRIMARY KEY,
        quantity integer NOT NULL CHECK (quantity >= 0)
      );
      CREATE TABLE IF NOT EXISTS ${p}order_details (
        order_id text PRIMARY KEY,
        delivery_time text NOT NULL DEFAULT '',
        note text NOT NULL DEFAULT '',
        memo text NOT NULL DEFAULT '',
        shipped_at timestamptz,
        reserved jsonb NOT NULL DEFAULT '[]'::jsonb,
        stock_released_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );`,
  },
]

/** Creates or upgrades the shop's tables and adds the catalogue's products to the stock table (existing counts stay). */
export async function migrateShop(pool) {
  await runMigrations(pool, { component: 'express-store', migrations: MIGRATIONS, tablePrefix: PREFIX })
  for (const p of PRODUCTS) {
    await pool.query(`INSERT INTO ${PREFIX}stock (sku, quantity) VALUES ($1, $2) ON CONFLICT (sku) DO NOTHING`, [p.sku, p.stock])
  }
}

export const T = {
  customers: `${PREFIX}customers`,
  admins: `${PREFIX}admins`,
  sessions: `${PREFIX}sessions`,
  stock: `${PREFIX}stock`,
  details: `${PREFIX}order_details`,
}
