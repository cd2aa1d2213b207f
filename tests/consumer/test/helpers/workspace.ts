import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { runOrThrow } from './run.js'

export const repoRoot = resolve(import.meta.dirname, '../../../..')

export interface Manifest {
  name: string
  version: string
  private?: boolean
  type?: string
  main?: string
  bin?: string | Record<string, string>
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  exports?: string | Record<string, unknown>
  engines?: Record<string, string>
}

export interface Workspace {
  manifest: Manifest
  /** Absolute folder of the package. */
  dir: string
}

/** Every workspace that would be published: all of them except the private ones (examples, this test). */
export function publishableWorkspaces(): Workspace[] {
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }
  const found: Workspace[] = []
  for (const pattern of root.workspaces) {
    // Workspace globs here are "folder/*"; resolve them without a glob library.
    const [parent, star, ...rest] = pattern.split('/')
    if (star !== '*' || rest.length > 0 || !parent) throw new Error(`workspace pattern ${pattern} is not "folder/*"`)
    for (const entry of readdirSafe(join(repoRoot, parent))) {
      const dir = join(repoRoot, parent, entry)
      const manifest = readManifest(dir)
      if (manifest && !manifest.private) found.push({ manifest, dir })
    }
  }
  return found.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name))
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  } catch {
    return []
  }
}

function readManifest(dir: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
  } catch {
    return undefined
  }
}

/** Builds the packages (and what they depend on) through turbo, so an up-to-date build is a cache hit. */
export async function build(names: readonly string[]): Promise<void> {
  const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo')
  await runOrThrow(turbo, ['run', 'build', ...names.map((n) => `--filter=${n}`), '--output-logs=errors-only'], { cwd: repoRoot, env: process.env })
}

export interface Packed {
  name: string
  version: string
  /** Absolute path of the tarball. */
  tarball: string
  /** Paths inside the tarball, as `npm pack` lists them. */
  files: string[]
}

/** `npm pack` of the given workspaces into `destination`: exactly the tarballs `npm publish` would upload. */
export async function pack(workspaces: readonly Workspace[], destination: string): Promise<Packed[]> {
  const args = ['pack', '--json', '--pack-destination', destination, ...workspaces.flatMap((w) => ['--workspace', w.manifest.name])]
  const { stdout } = await runOrThrow('npm', args, { cwd: repoRoot, env: process.env })
  const report = JSON.parse(stdout.slice(stdout.indexOf('['))) as { name: string; version: string; filename: string; files: { path: string }[] }[]
  return report.map((r) => ({ name: r.name, version: r.version, tarball: join(destination, r.filename), files: r.files.map((f) => f.path) }))
}
