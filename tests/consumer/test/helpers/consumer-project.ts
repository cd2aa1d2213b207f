import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runOrThrow } from './run.js'

// Installing the tarballs and their peers takes 30–60 s on an idle 2-core machine and several minutes on a loaded
// one (seen: over 300 s at load 17); only a hung install should fail the test.
const INSTALL_TIMEOUT_MS = 900_000
import { repoRoot, type Packed, type Workspace } from './workspace.js'

/**
 * What a TypeScript user of every feature installs besides our tarballs: every peer dependency the packages name,
 * optional ones included (the framework, its `@types` package, what an optional entry point needs), at the version
 * we develop against, and `@types/node`. Nothing else: in particular none of the types of our own runtime
 * dependencies, which the packages must bring themselves.
 */
export function userInstalls(workspaces: readonly Workspace[]): string[] {
  const ours = new Set(workspaces.map((w) => w.manifest.name))
  const specs = new Map<string, string>()
  for (const { manifest } of workspaces) {
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (!ours.has(peer)) specs.set(peer, manifest.devDependencies?.[peer] ?? range)
    }
  }
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
  specs.set('@types/node', root.devDependencies['@types/node'] ?? 'latest')
  return [...specs].map(([name, version]) => `${name}@${version}`)
}

/**
 * A new project in the system's temporary folder, outside the monorepo, with the tarballs installed as a user
 * installs packages from the registry (the npm cache answers, so this needs no network when the cache is warm).
 */
export async function createConsumerProject(packed: readonly Packed[], workspaces: readonly Workspace[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'escott-consumer-'))
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'escott-consumer', private: true, type: 'module' }, null, 2)}\n`)
  const specs = [...packed.map((p) => p.tarball), ...userInstalls(workspaces)]
  await runOrThrow('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: dir, timeoutMs: INSTALL_TIMEOUT_MS })
  return dir
}
