import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { importsOf, scanWorkspace } from '../src/scan.js'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

describe('the layering of docs/architecture.md', () => {
  it('holds in this repository: no forbidden import, no path into another package, no import cycle', () => {
    expect(scanWorkspace(repoRoot)).toEqual([])
  })
})

describe('the checker', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  /** A throw-away workspace with the given files (`packages/<pkg>/…`). */
  function workspace(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'escott-arch-'))
    dirs.push(root)
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true })
      writeFileSync(join(root, path), text)
    }
    return root
  }
  const pkg = (name: string, extra: object = {}) => JSON.stringify({ name, ...extra })

  it('finds the violations it is there for', () => {
    const root = workspace({
      'packages/core/package.json': pkg('escott-core'),
      'packages/core/src/index.ts': "import { escottRouter } from 'escott-express'\nexport const x = 1\n",
      'packages/sandbox/package.json': pkg('escott-sandbox', { dependencies: { 'escott-core': '*' } }),
      'packages/sandbox/src/index.ts': "import type { Escott } from 'escott-core'\n",
      'packages/flows/package.json': pkg('escott-flows'),
      'packages/flows/src/index.ts': "import pg from 'pg'\nimport { a } from './a.js'\nexport { a }\n",
      'packages/flows/src/a.ts': "import { b } from './b.js'\nexport const a = b\n",
      'packages/flows/src/b.ts': "import { a } from './a.js'\nexport const b = () => a\n",
      'packages/flows/src/postgres/index.ts': "import pg from 'pg'\n",
      'packages/express/package.json': pkg('escott-express', { dependencies: { 'escott-sandbox': '*' } }),
      'packages/express/src/index.ts': "import { x } from '../../core/src/index.js'\nimport express from 'express'\n",
      'examples/shop/package.json': pkg('shop'),
      'examples/shop/src/app.js': "import { escottRouter } from 'escott-express'\n",
    })
    const messages = scanWorkspace(root).map((v) => `${v.package} ${v.file}: ${v.message}`)
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^escott-core src\/index.ts: imports escott-express/),
        expect.stringMatching(/^escott-sandbox package.json: dependencies names escott-core/),
        expect.stringMatching(/^escott-sandbox src\/index.ts: imports escott-core/),
        expect.stringMatching(/^escott-flows src\/index.ts: imports pg, which escott-flows must not use/),
        expect.stringMatching(/^escott-flows src\/a.ts: import cycle: src\/a.ts → src\/b.ts → src\/a.ts/),
        expect.stringMatching(/^escott-express package.json: dependencies names escott-sandbox/),
        expect.stringMatching(/^escott-express src\/index.ts: imports \.\.\/\.\.\/core\/src\/index.js: another package is used by its name/),
      ]),
    )
    expect(messages).toHaveLength(7) // pg in flows/postgres, express in the adapter and the example are allowed
  })

  it('reads static, dynamic, re-export and require forms, and ignores comments', () => {
    expect(
      importsOf(`import a from 'a'\nimport type { B } from 'b'\nexport * from './c.js'\nconst d = await import('d')\nconst e = require('e')\n// import f from 'f'\n/* import g from 'g' */`),
    ).toEqual([
      { spec: 'a', typeOnly: false },
      { spec: 'b', typeOnly: true },
      { spec: './c.js', typeOnly: false },
      { spec: 'd', typeOnly: false },
      { spec: 'e', typeOnly: false },
    ])
  })
})
