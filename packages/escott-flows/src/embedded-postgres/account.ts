/**
 * Running Postgres when the process is root. Postgres refuses to run as root, so the cluster runs as an unprivileged
 * account; and that account usually cannot reach the project (a clone under a 0700 folder such as /root or a
 * `mktemp -d` folder). We never change the mode of any folder to fix that. Instead:
 * - the cluster folder (inside the data folder, inside the project) is owned by the account, and the account reaches
 *   it through an inherited directory descriptor (`-D /proc/self/fd/3`): the kernel checks no folder above it;
 * - the binaries, which Postgres locates through their real path, are hard-linked (or copied) into a runtime folder
 *   we create under the temporary folder, readable by everyone, writable by root only.
 */
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { EscottFlowError } from '../errors.js'
import { binary, type PostgresInstall } from './binaries.js'

/** The unprivileged account a root process runs Postgres as. */
export interface Account {
  name: string
  uid: number
  gid: number
}

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0

function idOf(name: string, flag: '-u' | '-g'): number | undefined {
  const r = spawnSync('id', [flag, name], { encoding: 'utf8' })
  const n = Number(r.stdout?.trim())
  return r.status === 0 && Number.isInteger(n) ? n : undefined
}

function lookup(name: string): Account | undefined {
  const uid = idOf(name, '-u')
  const gid = idOf(name, '-g')
  return uid !== undefined && gid !== undefined ? { name, uid, gid } : undefined
}

/** Creates a system account without a home folder or login shell (useradd, else busybox adduser). */
function createAccount(name: string, log: (line: string) => void): void {
  const groupExists = spawnSync('getent', ['group', name]).status === 0
  const attempts: [string, string[]][] = [
    ['useradd', ['--system', ...(groupExists ? ['-g', name] : ['--user-group']), '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', name]],
    ['adduser', ['-S', '-D', '-H', '-h', '/nonexistent', '-s', '/sbin/nologin', name]],
  ]
  for (const [cmd, args] of attempts) {
    if (spawnSync(cmd, args, { stdio: 'ignore' }).status === 0) {
      log(`escott-flows: created the system account '${name}' to run the embedded PostgreSQL (Postgres never runs as root)`)
      return
    }
  }
  throw new EscottFlowError('EMBEDDED_POSTGRES_UNAVAILABLE', {
    detail: `running as root, and the account '${name}' that should run PostgreSQL does not exist and could not be created: create an unprivileged account and pass runAs (or ESCOTT_PG_USER), or set DATABASE_URL`,
  })
}

/**
 * The account to run as: the owner of an existing cluster folder when that is not root (the cluster keeps its
 * owner), else `runAs` (default `postgres`), created when missing.
 */
export function resolveAccount(clusterDir: string, runAs: string | undefined, log: (line: string) => void): Account {
  if (existsSync(clusterDir)) {
    const st = statSync(clusterDir)
    if (st.uid !== 0) {
      const name = spawnSync('id', ['-nu', String(st.uid)], { encoding: 'utf8' }).stdout?.trim() || String(st.uid)
      return { name, uid: st.uid, gid: st.gid }
    }
  }
  const name = runAs ?? 'postgres'
  const found = lookup(name)
  if (found) return found
  createAccount(name, log)
  const created = lookup(name)
  if (!created) throw new EscottFlowError('EMBEDDED_POSTGRES_UNAVAILABLE', { detail: `the account '${name}' was created but cannot be looked up` })
  return created
}

/** True when `account` can run the installation's `postgres --version`. */
export function canRun(install: PostgresInstall, account: Account): boolean {
  const r = spawnSync(binary(install, 'postgres'), ['--version'], { uid: account.uid, gid: account.gid, cwd: '/', stdio: 'ignore', env: { LC_ALL: 'C' } })
  return r.status === 0
}

/** Mirrors `src` into `dst`: folders created, files hard-linked (copied across file systems), symlinks recreated. */
function mirror(src: string, dst: string): void {
  mkdirSync(dst)
  chmodSync(dst, 0o755) // a folder we just made: readable by the account whatever the umask

  for (const name of readdirSync(src)) {
    const from = join(src, name)
    const to = join(dst, name)
    const st = lstatSync(from)
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(from), to)
    else if (st.isDirectory()) mirror(from, to)
    else {
      try {
        linkSync(from, to)
      } catch {
        copyFileSync(from, to)
      }
    }
  }
}

const MARKER = '.escott-complete'

/** A runtime folder we may reuse: a real folder owned by root, writable by no one else, completely mirrored. */
function trustworthy(dir: string, version: string): boolean {
  try {
    const st = lstatSync(dir)
    return st.isDirectory() && st.uid === 0 && (st.mode & 0o022) === 0 && readFileSync(join(dir, MARKER), 'utf8') === version
  } catch {
    return false
  }
}

/**
 * A copy of the installation under `base` that every account can run: `<base>/escott-postgres-<version>-<platform>`,
 * built once (concurrent builders race harmlessly: the first rename wins) and reused while it stays trustworthy.
 */
export function runtimeCopy(install: PostgresInstall, base: string): PostgresInstall {
  const stable = join(base, `escott-postgres-${install.version}-${process.platform}-${process.arch}`.replace(/[^A-Za-z0-9._-]/g, '_'))
  if (trustworthy(stable, install.version)) return { dir: stable, version: install.version }
  const building = mkdtempSync(join(base, `${basename(stable)}.build-`))
  try {
    rmSync(building, { recursive: true })
    mirror(install.dir, building)
    writeFileSync(join(building, MARKER), install.version, { mode: 0o644 })
    try {
      renameSync(building, stable)
    } catch {
      // Another process won the race (or an untrustworthy folder squats the name): use ours under its own name.
      if (trustworthy(stable, install.version)) rmSync(building, { recursive: true, force: true })
      else return { dir: building, version: install.version }
    }
  } catch (err) {
    rmSync(building, { recursive: true, force: true })
    throw err
  }
  return { dir: stable, version: install.version }
}

/**
 * The installation `account` runs: the original when it can reach it (a clone under folders others may enter),
 * otherwise a runtime copy under the first temporary folder from which it can run.
 */
export function reachableInstall(install: PostgresInstall, account: Account, log: (line: string) => void): PostgresInstall {
  if (canRun(install, account)) return install
  const bases = [...new Set([tmpdir(), '/tmp', '/var/tmp'])].filter((b) => existsSync(b))
  for (const base of bases) {
    let copy: PostgresInstall
    try {
      copy = runtimeCopy(install, base)
    } catch {
      continue
    }
    if (canRun(copy, account)) {
      log(`escott-flows: the account '${account.name}' cannot reach ${install.dir}; running PostgreSQL from ${copy.dir}`)
      return copy
    }
  }
  throw new EscottFlowError('EMBEDDED_POSTGRES_UNAVAILABLE', {
    detail: `the account '${account.name}' can run PostgreSQL neither from ${install.dir} nor from a copy under ${bases.join(', ')} (noexec?): pass installDir, or set DATABASE_URL`,
  })
}
