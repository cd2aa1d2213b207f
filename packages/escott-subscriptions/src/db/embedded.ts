/**
 * THIN LOCAL ADAPTER — delete when escott-flows lands its `escott-flows/embedded-postgres` starter (see
 * /work/coord/requests-subscriptions.md). The shared starter lives in one place; until then this borrows the one
 * escott-express already ships, loaded lazily so that a DATABASE_URL deployment never needs it.
 */
export interface EmbeddedCluster {
  connectionString: string
  started: boolean
  stop(): Promise<void>
}

export async function startEmbedded(dataDir: string, onLog?: (line: string) => void): Promise<EmbeddedCluster> {
  const name = 'escott-express' // not a declared dependency: resolved from the workspace until escott-flows lands
  const mod = (await import(name)) as unknown as {
    startEmbeddedPostgres(o: { dataDir: string; onLog?: (line: string) => void }): Promise<EmbeddedCluster>
  }
  return mod.startEmbeddedPostgres({ dataDir, ...(onLog ? { onLog } : {}) })
}
