/**
 * The billing tables, created and upgraded in numbered steps by escott-flows' migrator (`runMigrations`), in a
 * PostgreSQL schema of their own (`escott_billing` by default). Every process runs `migrate` at start; the
 * migrator's advisory lock makes concurrent starts (many workers booting at once) apply each step exactly once.
 */
import { EscottConfigurationError } from 'escott-core'
import { runMigrations, type Migration } from 'escott-flows/postgres'
import type { Database } from './database.js'

const COMPONENT = 'escott-subscriptions'

/** Never edit a released step: add a new one. `p` is the schema-qualified table prefix (`escott_billing.`). */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'plans, subscriptions, charges, events outbox',
    sql: (p) => `
      CREATE TABLE ${p}plans (
        id             text PRIMARY KEY,
        name           text NOT NULL,
        amount         integer NOT NULL CHECK (amount BETWEEN 1 AND 9999999),
        interval       text NOT NULL CHECK (interval IN ('month', 'week', 'day')),
        interval_count integer NOT NULL CHECK (interval_count >= 1),
        trial_days     integer NOT NULL DEFAULT 0 CHECK (trial_days >= 0),
        capture        boolean NOT NULL DEFAULT true,
        created_at     timestamptz NOT NULL
      );

      CREATE TABLE ${p}subscriptions (
        id                   text PRIMARY KEY,
        customer_id          text NOT NULL,
        plan_id              text NOT NULL REFERENCES ${p}plans(id),
        pending_plan_id      text REFERENCES ${p}plans(id),
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
      CREATE INDEX subscriptions_next_action ON ${p}subscriptions (next_action_at, id) WHERE next_action_at IS NOT NULL;
      CREATE INDEX subscriptions_card_notice ON ${p}subscriptions (card_notice_at) WHERE card_notice_at IS NOT NULL;
      CREATE INDEX subscriptions_customer ON ${p}subscriptions (customer_id);

      -- One row per subscription period, written before the gateway is called: the unique key is what makes a
      -- second charge for the same period impossible, whatever runs concurrently.
      CREATE TABLE ${p}charges (
        id               text PRIMARY KEY,
        subscription_id  text NOT NULL REFERENCES ${p}subscriptions(id),
        period_start     date NOT NULL,
        period_end       date NOT NULL,
        plan_id          text NOT NULL REFERENCES ${p}plans(id),
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
      CREATE INDEX charges_status ON ${p}charges (status, created_at);

      -- Events are written in the same transaction as the change they describe and delivered from here, so a
      -- crash between a charge and its handler loses none (at least once; the id is for de-duplication).
      CREATE TABLE ${p}events (
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
      CREATE INDEX events_undelivered ON ${p}events (available_at, seq) WHERE delivered_at IS NULL;
    `,
  },
]

/** The newest schema version this build knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version

/**
 * Creates the schema and applies every missing step, one transaction each. Refuses a schema that a newer
 * escott-subscriptions has already moved past this build's steps (upgrade the package instead).
 */
export async function migrate(db: Database): Promise<void> {
  await adoptLegacyMigrationsTable(db)
  await runMigrations(db.pool, { component: COMPONENT, schema: db.schema, tablePrefix: '', migrations: MIGRATIONS })
  const { rows } = await db.query<{ newest: number | null }>(`SELECT max(version) AS newest FROM ${db.schema}.schema_migrations WHERE component = $1`, [COMPONENT])
  const newest = rows[0]?.newest ?? 0
  if (newest > SCHEMA_VERSION) {
    throw new EscottConfigurationError(`the billing schema ${db.schema} is at version ${newest}, newer than this escott-subscriptions knows (${SCHEMA_VERSION}): upgrade the package`)
  }
}

/**
 * Before escott-flows' migrator, the billing kept its own `schema_migrations (version, name, applied_at)` in the
 * same place. A database made then (a kept `.billing` folder) gets the migrator's `component` column, so its steps
 * are not applied twice. Every process does this before migrating, under the lock key the old migrator used, so
 * concurrent starts take turns and the first one converts the table.
 */
async function adoptLegacyMigrationsTable(db: Database): Promise<void> {
  const s = db.schema
  await db.tx(async (q) => {
    await q(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${COMPONENT}:${s}`])
    const { rows } = await q<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'schema_migrations'`, [s])
    const columns = new Set(rows.map((r) => r.column_name))
    if (!columns.has('version') || columns.has('component')) return
    await q(`ALTER TABLE ${s}.schema_migrations ADD COLUMN component text NOT NULL DEFAULT '${COMPONENT}'`)
    await q(`ALTER TABLE ${s}.schema_migrations ALTER COLUMN component DROP DEFAULT`)
    await q(`ALTER TABLE ${s}.schema_migrations DROP CONSTRAINT schema_migrations_pkey, ADD PRIMARY KEY (component, version)`)
  })
}
