import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkManifest, internalReferences } from '../../../scripts/check-manifest.mjs'

const DOCS = 'https://github.com/escott-js/escott/blob/main/docs'

describe('published text (type declarations and READMEs) refers users to nothing they cannot open', () => {
  it('reports paths into the internal shared/ research folder', () => {
    expect(internalReferences('/** see ../shared/spec/escott-protocol-notes.md */')).toEqual([
      'line 1: a path into the internal shared/ research folder (../shared/)',
      'line 1: a reference to the internal spec notes (escott-protocol-notes)',
    ])
    expect(internalReferences('Seeds are `/work/shared/seeds/NNN_*.txt`')).toEqual(['line 1: a path into the internal shared/ research folder (/work/shared)'])
  })

  it('reports seed line references and the protocol notes, with the line they are on', () => {
    const text = ['/**', ' * Source: the Woo manual (seed 002 lines 584–640).', ' * E2 list of the protocol notes §4.1', ' */'].join('\n')
    expect(internalReferences(text)).toEqual(['line 2: a reference to an internal seed file (seed 002)', 'line 3: a reference to the internal spec notes (protocol notes)'])
    expect(internalReferences('the comparison seeds 000/001 contain no prices')).toHaveLength(1)
  })

  it('reports a docs/ path that is not a link into the repository, and says which link to use', () => {
    expect(internalReferences('(see docs/protocol-decisions.md).')).toEqual([`line 1: docs/protocol-decisions.md is not a link; use ${DOCS}/protocol-decisions.md`])
    expect(internalReferences('[table](../../docs/response-codes.md)')).toEqual([`line 1: ../../docs/response-codes.md is not a link; use ${DOCS}/response-codes.md`])
  })

  it('accepts links into the repository, link words whose target is absolute, and plain statements', () => {
    expect(internalReferences(`see ${DOCS}/protocol-decisions.md and [docs/response-codes.md](${DOCS}/response-codes.md)`)).toEqual([])
    expect(internalReferences('the WooCommerce plugin manual (決済情報の連携); a seedling; notes on 3-D Secure')).toEqual([])
  })

  it('does not let a later absolute link excuse an earlier bare docs/ path on the same line', () => {
    expect(internalReferences(`see docs/a.md, or [the table](${DOCS}/b.md)`)).toEqual([`line 1: docs/a.md is not a link; use ${DOCS}/a.md`])
  })
})

describe('every README of a package ships in its tarball', () => {
  const core = join(import.meta.dirname, '../../../packages/escott-core')

  it('reports a README.ja.md left out of "files", so the link from README.md would lead nowhere in an installed package', () => {
    expect(checkManifest(core, ['package.json', 'LICENSE', 'README.md', 'dist/index.js'])).toContain('README.ja.md is not in the tarball: add it to "files"')
    expect(checkManifest(core, ['package.json', 'LICENSE', 'README.md', 'README.ja.md', 'dist/index.js']).filter((p) => p.includes('not in the tarball'))).toEqual([])
  })
})

describe('every package as it is now', () => {
  const packagesDir = join(import.meta.dirname, '../../../packages')
  const packages = readdirSync(packagesDir).filter((p) => existsSync(join(packagesDir, p, 'package.json')))

  // The rules every package's own lint applies to its packed tarball, here without building or packing (the
  // declarations are checked there): a README written with a bare docs/ path is caught in this quick suite too.
  it.each(packages)('%s: manifest, LICENSE and READMEs pass check-manifest', (name) => {
    expect(checkManifest(join(packagesDir, name), ['package.json', 'LICENSE', 'README.md', 'README.ja.md'])).toEqual([])
  })
})
