/**
 * The tables of escott-flows' Postgres stores, as migrations. Version 1 is the schema escott-express created before
 * the flow layer existed (`CREATE … IF NOT EXISTS`, so an existing database is adopted as it is).
 */
import type { Migration } from './migrate.js'

/** Names of the tables for a prefix. */
export function flowTables(prefix: string) {
  return { journal: `${prefix}journal`, onceKeys: `${prefix}once_keys`, members: `${prefix}members`, attempts: `${prefix}attempts` }
}

export const FLOW_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'journal, notifications, members',
    sql: (p: string) => `
      CREATE TABLE IF NOT EXISTS ${p}journal (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        order_id text,
        merchant_free1 text NOT NULL,
        operation text NOT NULL,
        amount integer,
        outcome text NOT NULL,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        completed_at timestamptz,
        resolution text,
        resolved_at timestamptz
      );
      CREATE INDEX IF NOT EXISTS ${p}journal_order_idx ON ${p}journal (order_id);
      CREATE INDEX IF NOT EXISTS ${p}journal_link_idx ON ${p}journal (merchant_free1);
      CREATE INDEX IF NOT EXISTS ${p}journal_open_idx ON ${p}journal (outcome) WHERE resolution IS NULL;
      CREATE TABLE IF NOT EXISTS ${p}notifications (
        key text PRIMARY KEY,
        order_id text,
        received_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE TABLE IF NOT EXISTS ${p}members (
        customer_id text PRIMARY KEY,
        kaiin_id text NOT NULL UNIQUE,
        kaiin_pass text NOT NULL,
        masked_card text,
        brand text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );`,
  },
  {
    version: 2,
    name: 'notifications become once-keys',
    // The table always held more than notifications (a claimed 3-D Secure registration result, too).
    sql: (p: string) => `
      ALTER TABLE ${p}notifications RENAME TO ${p}once_keys;
      ALTER TABLE ${p}once_keys RENAME COLUMN order_id TO ref;
      ALTER TABLE ${p}once_keys RENAME COLUMN received_at TO claimed_at;`,
  },
  {
    version: 3,
    name: 'attempt counters',
    // Throttling (issue 11): per-order and per-client payment attempts and order creation, shared by every process.
    sql: (p: string) => `
      CREATE TABLE IF NOT EXISTS ${p}attempts (
        key text PRIMARY KEY,
        window_end timestamptz NOT NULL,
        count integer NOT NULL,
        locked_until timestamptz
      );
      CREATE INDEX IF NOT EXISTS ${p}attempts_window_idx ON ${p}attempts (window_end);`,
  },
])
