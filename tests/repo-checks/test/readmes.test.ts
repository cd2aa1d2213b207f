import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const REPOSITORY = 'https://github.com/escott-js/escott/blob/main'

/** Folders with a Japanese README: the root and every package. */
const translated = [root, ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p))].filter((dir) => existsSync(join(dir, 'README.ja.md')))

/** The link a README in `dir` must use for `file`: relative at the root (GitHub), absolute in a package (the registry's page). */
const linkTo = (dir: string, file: string) => (dir === root ? file : `${REPOSITORY}/${relative(root, join(dir, file)).split('\\').join('/')}`)

const codeUnder = (markdown: string, heading: string) => {
  const section = markdown.split('\n## ').find((s) => s.startsWith(heading))
  const code = section?.match(/```ts\n([\s\S]*?)```/)?.[1]
  if (!code) throw new Error(`no ts block under "## ${heading}"`)
  // Comments are translated; the code itself must be the same.
  return code
    .split('\n')
    .map((line) => line.replace(/\s*\/\/.*$/, '').trimEnd())
    .join('\n')
}

describe('the Japanese READMEs', () => {
  it('exist for the root and every package', () => {
    const packages = readdirSync(join(root, 'packages')).filter((p) => existsSync(join(root, 'packages', p, 'package.json')))
    expect(translated.map((dir) => relative(root, dir) || '.')).toEqual(['.', ...packages.map((p) => `packages/${p}`)])
  })

  it.each(translated.map((dir) => [relative(root, dir) || '.', dir]))('%s: README.md and README.ja.md link to each other on their first line', (_name, dir) => {
    const english = readFileSync(join(dir, 'README.md'), 'utf8').split('\n')[0]
    const japanese = readFileSync(join(dir, 'README.ja.md'), 'utf8').split('\n')[0]
    expect(english).toBe(`English | [日本語](${linkTo(dir, 'README.ja.md')})`)
    expect(japanese).toBe(`[English](${linkTo(dir, 'README.md')}) | 日本語`)
  })

  it('give the same quick start code as the English README (which the consumer test runs)', () => {
    const english = readFileSync(join(root, 'README.md'), 'utf8')
    const japanese = readFileSync(join(root, 'README.ja.md'), 'utf8')
    expect(codeUnder(japanese, 'クイックスタート')).toBe(codeUnder(english, 'Quick start'))
    expect(japanese).toContain('npm install && npm run demo')
    expect(japanese).toContain('npm test')
  })
})
