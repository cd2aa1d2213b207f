/** Test helper: the modes of folders, to prove a run changed none of them. */
import { existsSync, statSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, resolve } from 'node:path'

/** Every folder from `/` down to `path` (inclusive). */
export function ancestors(path: string): string[] {
  const out: string[] = []
  for (let d = resolve(path); ; d = dirname(d)) {
    out.unshift(d)
    if (dirname(d) === d) return out
  }
}

/** mode and owner of each existing folder. */
export function snapshotModes(paths: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of [...new Set(paths)].sort()) {
    if (!existsSync(p)) continue
    const st = statSync(p)
    out[p] = `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`
  }
  return out
}

/** The folders a starter must never touch besides its own: ancestors of `paths`, the temporary and home folders. */
export function foldersAround(...paths: string[]): string[] {
  return [...paths.flatMap(ancestors), tmpdir(), '/tmp', '/var/tmp', homedir()]
}
