// DATABASE_URL when set, else the shared embedded-Postgres starter (today escott-express's, moving to
// escott-flows/embedded-postgres); its files stay in `dataDir` between runs.
export async function startPostgres(dataDir) {
  if (process.env.DATABASE_URL) return { connectionString: process.env.DATABASE_URL, stop: async () => {} }
  const { startEmbeddedPostgres } = await import('escott-express')
  return startEmbeddedPostgres({ dataDir })
}
