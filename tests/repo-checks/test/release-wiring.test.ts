import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const readJson = <T>(file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as T
const publicPackages = readdirSync(join(root, 'packages'))
  .filter((p) => existsSync(join(root, 'packages', p, 'package.json')))
  .map((p) => readJson<{ name: string; version: string; private?: boolean }>(`packages/${p}/package.json`))
  .filter((m) => !m.private)

describe('release wiring (changesets)', () => {
  const config = readJson<{ changelog: [string, { repo: string }]; fixed: string[][] }>('.changeset/config.json')

  it('writes the changelog with @changesets/changelog-github for the repository every manifest names', () => {
    expect(config.changelog).toEqual(['@changesets/changelog-github', { repo: 'escott-js/escott' }])
    expect(readJson<{ devDependencies: Record<string, string> }>('package.json').devDependencies['@changesets/changelog-github']).toBeDefined()
  })

  it('releases every public package in one fixed group, at one version', () => {
    expect(config.fixed).toHaveLength(1)
    const group = new RegExp(`^(?:${config.fixed[0]!.map((g) => g.replace(/\*/g, '.*')).join('|')})$`)
    expect(publicPackages.filter((m) => !group.test(m.name)).map((m) => m.name)).toEqual([])
    expect(new Set(publicPackages.map((m) => m.version)).size).toBe(1)
  })
})
