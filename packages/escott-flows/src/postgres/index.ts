/**
 * escott-flows/postgres: the flows' stores on PostgreSQL (node-postgres), and the migrator adapters use for their own
 * tables. Needs the optional peer dependency `pg`.
 * @packageDocumentation
 */
export { PostgresFlowStores, type PostgresFlowStoresOptions } from './stores.js'
export { PostgresJournal } from './journal.js'
export { PostgresOnceKeys } from './once-keys.js'
export { PostgresMembers } from './members.js'
export { PostgresAttemptCounters } from './attempts.js'
export { runMigrations, checkTablePrefix, type Migration, type MigrationSet } from './migrate.js'
export { FLOW_MIGRATIONS, flowTables } from './schema.js'
export { orderPatchSets, whereClause, type Row } from './sql.js'
export type { PostgresConnection, PostgresPool, PostgresQueryable, PostgresResult } from './pool.js'
