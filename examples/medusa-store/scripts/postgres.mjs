// DATABASE_URL when set, else the shared embedded-Postgres starter (escott-flows/embedded-postgres); its files stay
// in `dataDir` between runs.
import { openPostgres } from 'escott-flows/embedded-postgres'

export async function startPostgres(dataDir) {
  const db = await openPostgres({ dataDir })
  return { connectionString: db.connectionString, stop: () => db.close() }
}
