/** The TypeScript block under the README's "Quick start" heading: what a new user copies first. */
export function quickStart(readme: string): string {
  const section = readme.split(/^## /m).find((s) => /^quick start\b/i.test(s))
  if (!section) throw new Error('README.md has no "## Quick start" section')
  const block = /^```ts\n([\s\S]*?)^```/m.exec(section)
  if (!block?.[1]) throw new Error('the Quick start section of README.md has no ```ts block')
  return block[1]
}
