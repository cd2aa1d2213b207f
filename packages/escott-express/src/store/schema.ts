/**
 * The orders table, as migrations run by escott-flows' migrator (component `escott-express`). Version 1 is the table
 * the earlier releases created (`IF NOT EXISTS`, so an existing database is adopted as it is).
 */
import type { Migration } from 'escott-flows/postgres'

export const ORDER_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'orders',
    sql: (p: string) => `
      CREATE TABLE IF NOT EXISTS ${p}orders (
        id text PRIMARY KEY,
        merchant_free1 text NOT NULL UNIQUE,
        customer_id text,
        email text,
        items jsonb NOT NULL,
        subtotal integer NOT NULL CHECK (subtotal >= 0),
        fee integer NOT NULL DEFAULT 0 CHECK (fee >= 0),
        amount integer NOT NULL CHECK (amount >= 0),
        method text,
        status text NOT NULL,
        payment jsonb NOT NULL DEFAULT '{}'::jsonb,
        last_error jsonb,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX IF NOT EXISTS ${p}orders_customer_idx ON ${p}orders (customer_id, created_at DESC);
      CREATE INDEX IF NOT EXISTS ${p}orders_status_idx ON ${p}orders (status);`,
  },
  {
    version: 2,
    name: 'orders: contact, language and the admin search text',
    sql: (p: string) => `
      ALTER TABLE ${p}orders ADD COLUMN IF NOT EXISTS contact jsonb NOT NULL DEFAULT '{}'::jsonb;
      ALTER TABLE ${p}orders ADD COLUMN IF NOT EXISTS lang text;
      ALTER TABLE ${p}orders ADD COLUMN IF NOT EXISTS search_text text NOT NULL DEFAULT '';
      UPDATE ${p}orders SET search_text = lower(merchant_free1 || ' ' || coalesce(email, '')) WHERE search_text = '';
      CREATE INDEX IF NOT EXISTS ${p}orders_created_idx ON ${p}orders (created_at DESC);`,
  },
])
