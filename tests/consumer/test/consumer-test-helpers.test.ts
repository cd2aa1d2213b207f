import { describe, expect, it } from 'vitest'
import { splitDiagnostics } from './helpers/diagnostics.js'
import { entryPoints } from './helpers/entry-points.js'
import { quickStart } from './helpers/readme.js'

describe('the consumer test helpers', () => {
  it('count a diagnostic in our published declarations as ours, and one inside a third-party package as theirs', () => {
    const output = [
      "node_modules/escott-express/dist/index.d.ts(3,16): error TS7016: Could not find a declaration file for module 'pg'.",
      '  Try `npm i --save-dev @types/pg` if it exists',
      'node_modules/@medusajs/framework/dist/index.d.ts(1,1): error TS2307: Cannot find module x.',
      'quickstart.ts(4,7): error TS2322: Type string is not assignable to type number.',
    ].join('\n')
    const { ours, theirs } = splitDiagnostics(output, ['escott-express', 'escott-core'])
    expect(ours).toHaveLength(2)
    expect(ours[0]).toContain('TS7016')
    expect(ours[0]).toContain('@types/pg')
    expect(ours[1]).toContain('quickstart.ts')
    expect(theirs).toEqual(['node_modules/@medusajs/framework/dist/index.d.ts(1,1): error TS2307: Cannot find module x.'])
  })

  it('list every subpath of an exports map with the conditions it offers, and the package itself without one', () => {
    const exports = {
      '.': { import: { types: './a.d.ts', default: './a.js' }, require: { types: './a.d.cts', default: './a.cjs' } },
      './postgres': { import: './p.js' },
      './testing': { types: './t.d.ts', default: './t.js' },
      './esm-only': { import: { types: './e.d.ts', default: './e.js' } },
      './package.json': './package.json',
      './locales/*': './locales/*.js',
    }
    expect(entryPoints({ name: 'escott-flows', version: '0.1.0', type: 'module', exports })).toEqual([
      { specifier: 'escott-flows', esm: true, cjs: true, commonjsOnly: false },
      { specifier: 'escott-flows/postgres', esm: true, cjs: false, commonjsOnly: false },
      { specifier: 'escott-flows/testing', esm: true, cjs: true, commonjsOnly: false },
      // a `default` nested under `import` is not a require() entry
      { specifier: 'escott-flows/esm-only', esm: true, cjs: false, commonjsOnly: false },
    ])
    expect(entryPoints({ name: 'plain', version: '1.0.0', type: 'module' })).toEqual([{ specifier: 'plain', esm: true, cjs: true, commonjsOnly: false }])
  })

  it('tell a CommonJS-only entry (one CommonJS file for import and require, as a Medusa plugin ships) from a dual build', () => {
    const medusa = {
      '.': { types: './.medusa/server/src/index.d.ts', default: './.medusa/server/src/index.js' },
      './providers/escott': { types: './.medusa/server/src/providers/escott/index.d.ts', default: './.medusa/server/src/providers/escott/index.js' },
      './package.json': './package.json',
    }
    expect(entryPoints({ name: 'escott-medusa', version: '0.1.0', type: 'commonjs', exports: medusa })).toEqual([
      { specifier: 'escott-medusa', esm: true, cjs: true, commonjsOnly: true },
      { specifier: 'escott-medusa/providers/escott', esm: true, cjs: true, commonjsOnly: true },
    ])
    // No `type`: .js is CommonJS; .mjs and an `import` condition to ESM are not CommonJS-only.
    expect(entryPoints({ name: 'plain', version: '1.0.0' })).toEqual([{ specifier: 'plain', esm: true, cjs: true, commonjsOnly: true }])
    expect(entryPoints({ name: 'plain', version: '1.0.0', exports: './index.mjs' })[0]?.commonjsOnly).toBe(false)
    expect(entryPoints({ name: 'dual', version: '1.0.0', exports: { import: './i.mjs', require: './r.cjs' } })[0]?.commonjsOnly).toBe(false)
    expect(entryPoints({ name: 'cjs', version: '1.0.0', exports: { '.': { require: './r.cjs', default: './r.cjs' } } })[0]?.commonjsOnly).toBe(true)
  })

  it('take the ts block under the Quick start heading, and say so when there is none', () => {
    expect(quickStart('# x\n\n## Quick start\n\ntext\n\n```ts\nconst a = 1\n```\n\n## Next\n\n```ts\nno\n```\n')).toBe('const a = 1\n')
    expect(() => quickStart('# x\n\n## Usage\n')).toThrow(/Quick start/)
  })
})
