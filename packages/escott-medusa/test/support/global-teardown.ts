export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __escottPg?: { stop(): Promise<void> } }).__escottPg?.stop()
}
