/**
 * The billing tables, created and upgraded in numbered steps. Every process runs `migrate` at start; an advisory
 * lock makes concurrent starts (many workers booting at once) apply each step exactly once.
 */
import type { Database } from './database.js'

/** One schema step. Never edit a released step: add a new one. */
interface Migration {
  version: number
  name: string
  sql: (s: string) => string
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'plans, subscriptions, charges, events outbox',
    sql: (s) => `
      CREATE TABLE ${s}.plans (
        id             text PRIMARY KEY,
        name           text NOT NULL,
        amount         integer NOT NULL CHECK (amount BETWEEN 1 AND 9999999),
        interval       text NOT NULL CHECK (interval IN ('month', 'week', 'day')),
        interval_count integer NOT NULL CHECK (interval_count >= 1),
        trial_days     integer NOT NULL DEFAULT 0 CHECK (trial_days >= 0),
        capture        boolean NOT NULL DEFAULT true,
        created_at     timestamptz NOT NULL
      );

      CREATE TABLE ${s}.subscriptions (
        id                   text PRIMARY KEY,
        customer_id          text NOT NULL,
        plan_id              text NOT NULL REFERENCES ${s}.plans(id),
        pending_plan_id      text REFERENCES ${s}.plans(id),
        status               text NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'paused', 'canceled')),
        kaiin_id             text NOT NULL,
        kaiin_pass           text NOT NULL,
        anchor_day           smallint NOT NULL CHECK (anchor_day BETWEEN 1 AND 31),
        current_period_start date NOT NULL,
        current_period_end   date NOT NULL,
        next_period_start    date,
        next_charge_at       timestamptz,
        trial_end            date,
        cancel_at_period_end boolean NOT NULL DEFAULT false,
        canceled_at          timestamptz,
        paused_at            timestamptz,
        card_exp             text,
        card_notice_at       timestamptz,
        card_noticed_exp     text,
        next_action_at       timestamptz,
        queued_until         timestamptz,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL
      );
      CREATE INDEX subscriptions_next_action ON ${s}.subscriptions (next_action_at, id) WHERE next_action_at IS NOT NULL;
      CREATE INDEX subscriptions_card_notice ON ${s}.subscriptions (card_notice_at) WHERE card_notice_at IS NOT NULL;
      CREATE INDEX subscriptions_customer ON ${s}.subscriptions (customer_id);

      -- One row per subscription period, written before the gateway is called: the unique key is what makes a
      -- second charge for the same period impossible, whatever runs concurrently.
      CREATE TABLE ${s}.charges (
        id               text PRIMARY KEY,
        subscription_id  text NOT NULL REFERENCES ${s}.subscriptions(id),
        period_start     date NOT NULL,
        period_end       date NOT NULL,
        plan_id          text NOT NULL REFERENCES ${s}.plans(id),
        amount           integer NOT NULL,
        anchor_day       smallint NOT NULL,
        capture          boolean NOT NULL,
        status           text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'needs_reconciliation', 'settled')),
        outcome          text CHECK (outcome IN ('succeeded', 'failed')),
        attempts         integer NOT NULL DEFAULT 0,
        merchant_free1   text NOT NULL UNIQUE,
        process_id       text,
        process_pass     text,
        error            jsonb,
        declines         integer NOT NULL DEFAULT 0,
        first_failed_at  timestamptz,
        next_attempt_at  timestamptz,
        claim_token      uuid,
        claimed_at       timestamptz,
        reconcile_step   integer NOT NULL DEFAULT 0,
        reconcile_at     timestamptz,
        note             text,
        settled_at       timestamptz,
        succeeded_at     timestamptz,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        UNIQUE (subscription_id, period_start)
      );
      CREATE INDEX charges_status ON ${s}.charges (status, created_at);

      -- Events are written in the same transaction as the change they describe and delivered from here, so a
      -- crash between a charge and its handler loses none (at least once; the id is for de-duplication).
      CREATE TABLE ${s}.events (
        seq          bigserial PRIMARY KEY,
        id           text NOT NULL UNIQUE,
        type         text NOT NULL,
        data         jsonb NOT NULL,
        created_at   timestamptz NOT NULL,
        available_at timestamptz NOT NULL DEFAULT now(),
        attempts     integer NOT NULL DEFAULT 0,
        last_error   text,
        delivered_at timestamptz
      );
      CREATE INDEX events_undelivered ON ${s}.events (available_at, seq) WHERE delivered_at IS NULL;
    `,
  },
]

/** The newest schema version this build knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version

/** Creates the schema and applies every missing step, one transaction each. */
export async function migrate(db: Database): Promise<void> {
  const s = db.schema
  await db.tx(async (q) => {
    await q(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`escott-subscriptions:${s}`])
    await q(`CREATE SCHEMA IF NOT EXISTS ${s}`)
    await q(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    const { rows } = await q<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`)
    const applied = new Set(rows.map((r) => r.version))
    const newest = Math.max(0, ...applied)
    if (newest > SCHEMA_VERSION) {
      throw new Error(`the billing schema ${s} is at version ${newest}, newer than this escott-subscriptions (${SCHEMA_VERSION}); upgrade the package`)
    }
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue
      await q(m.sql(s))
      await q(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name])
    }
  })
}
