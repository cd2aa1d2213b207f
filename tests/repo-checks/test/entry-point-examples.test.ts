import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const packagesDir = join(root, 'packages')
const packages = readdirSync(packagesDir).filter((p) => existsSync(join(packagesDir, p, 'src/index.ts')))

/**
 * The main entry points of a package: the functions and classes its README's first example imports from the
 * package itself (what a new user calls first).
 */
function mainEntryPoints(name: string): string[] {
  const readme = readFileSync(join(packagesDir, name, 'README.md'), 'utf8')
  const first = new RegExp(`import \\{([^}]*)\\} from '${name}'`).exec(readme)
  return (first?.[1] ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^type\s+/, ''))
    .filter((s) => s && !/^[A-Z][A-Z0-9_]+$/.test(s)) // constants are values, not calls
}

/** name → whether its declaration's TSDoc has an `@example`, for every export of the package's src/index.ts; plus the package documentation. */
function examplesOf(name: string): { exports: Map<string, boolean>; packageDoc: boolean } {
  const index = join(packagesDir, name, 'src/index.ts')
  const program = ts.createProgram([index], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(index)!
  const hasExample = (node: ts.Node) => ts.getJSDocTags(node).some((t) => t.tagName.text === 'example')
  const exports = new Map<string, boolean>()
  for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    exports.set(symbol.name, (target.declarations ?? []).some(hasExample))
  }
  const packageDoc = ts
    .getLeadingCommentRanges(source.text, 0)
    ?.map((r) => source.text.slice(r.pos, r.end))
    .some((c) => c.includes('@packageDocumentation') && c.includes('@example'))
  return { exports, packageDoc: packageDoc === true }
}

describe('TSDoc @example on the main entry points of every package', () => {
  it.each(packages)('%s: what its README calls first has an @example (or, when it imports nothing, the package documentation has one)', (name) => {
    const entries = mainEntryPoints(name)
    const { exports, packageDoc } = examplesOf(name)
    if (entries.length === 0) {
      expect(packageDoc, `${name}: src/index.ts's @packageDocumentation has no @example`).toBe(true)
      return
    }
    expect(
      entries.filter((e) => !exports.has(e)),
      'imported by the README but not exported',
    ).toEqual([])
    expect(
      entries.filter((e) => !exports.get(e)),
      'no @example in their TSDoc',
    ).toEqual([])
  })
})
