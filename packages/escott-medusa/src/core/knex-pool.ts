/**
 * Medusa owns the database connection: every module container holds its knex instance as `__pg_connection__`. The
 * flows' Postgres stores take a `PostgresPool`; this lends them knex's raw pg connections (`$1` placeholders, the
 * search path Medusa configured), one per statement, and one for a session when the migrator asks for it.
 */
import type { PostgresConnection, PostgresPool, PostgresResult } from 'escott-flows/postgres'

/** The part of knex this needs. */
export interface KnexLike {
  client: {
    acquireConnection(): Promise<RawConnection>
    releaseConnection(connection: RawConnection): Promise<unknown>
  }
}

/** A connection as knex's Postgres client hands it out (node-postgres underneath). */
export interface RawConnection {
  query(text: string, values?: unknown[]): Promise<PostgresResult>
}

export function knexPool(knex: KnexLike): PostgresPool {
  const { client } = knex
  return {
    async query(text, values) {
      const connection = await client.acquireConnection()
      try {
        return await connection.query(text, values)
      } finally {
        await client.releaseConnection(connection)
      }
    },
    async connect(): Promise<PostgresConnection> {
      const connection = await client.acquireConnection()
      return {
        query: (text, values) => connection.query(text, values),
        release: () => void client.releaseConnection(connection),
      }
    },
  }
}
