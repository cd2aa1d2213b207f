// What every published manifest must say, checked for the package in the current folder (part of its `npm run lint`,
// so a new package is held to the same rules by copying the lint script). Returns a list of problems.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))

/** The intended public home of the repository (no remote exists yet; see docs/support.md). */
export const REPOSITORY = 'https://github.com/escott-js/escott'

/** name → manifest of every workspace, for the internal-dependency rule. */
function workspaceManifests() {
  const manifests = new Map()
  for (const pattern of readJson(join(root, 'package.json')).workspaces) {
    const parent = join(root, pattern.replace(/\/\*$/, ''))
    if (!existsSync(parent)) continue
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
      const file = join(parent, entry.name, 'package.json')
      if (entry.isDirectory() && existsSync(file)) {
        const manifest = readJson(file)
        manifests.set(manifest.name, manifest)
      }
    }
  }
  return manifests
}

/** A caret range; a peer may also name a bounded span of its host's versions (">=2.18.0 <3"). */
const acceptedRange = (field, part) => /^\^\d/.test(part) || (field === 'peerDependencies' && /^>=\s*\d\S*\s+<\s*\d\S*$/.test(part))

const globToRegExp = (glob) =>
  new RegExp(
    `^${glob
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
  )

/**
 * Text a user of the package cannot follow: the project's internal research files (the shared/ folder of seeds,
 * spec notes and reviews, "seed 002 line 590", "protocol notes §4.1") and docs/ paths that are not links into the
 * repository. Type declarations and READMEs are read in editors and on the registry's page, far from this
 * repository: they link to ${REPOSITORY}/blob/main/docs/... or say it plainly.
 */
const INTERNAL_REFERENCES = [
  [/(?:\.\.\/)+shared\/|\bshared\/(?:seeds|spec|reviews)\b|\/work\/(?:shared|coord)\b/g, 'a path into the internal shared/ research folder'],
  [/\bseeds? ?0\d\d\b|\bseeds? ?0\d\d\/0\d\d\b/gi, 'a reference to an internal seed file'],
  [/\b(?:protocol|spec) notes\b|escott-protocol-notes|woo-welcart-baseline|medusa-notes|sfcc-testcases|\banchors\.md\b|code-review\.md/gi, 'a reference to the internal spec notes'],
]

/** Every internal reference in `text`, as "line N: what (the text)". */
export function internalReferences(text) {
  const found = []
  const lineOf = (index) => text.slice(0, index).split('\n').length
  for (const [pattern, what] of INTERNAL_REFERENCES) {
    for (const m of text.matchAll(pattern)) found.push({ index: m.index, line: `line ${lineOf(m.index)}: ${what} (${m[0]})` })
  }
  for (const m of text.matchAll(/(?:\.\.\/)*docs\/[\w./-]*\.md/g)) {
    const before = text.slice(0, m.index)
    if (m[0].startsWith('docs/') && (before.endsWith(`${REPOSITORY}/blob/main/`) || before.endsWith(`${REPOSITORY}/tree/main/`))) continue
    if (/^[^\n[\]]*\]\(https?:\/\//.test(text.slice(m.index + m[0].length))) continue // the words of a link whose target is absolute
    found.push({ index: m.index, line: `line ${lineOf(m.index)}: ${m[0]} is not a link; use ${REPOSITORY}/blob/main/${m[0].replace(/^(\.\.\/)+/, '')}` })
  }
  return found.sort((a, b) => a.index - b.index).map((f) => f.line)
}

/** The checks; `packedFiles` is what `npm pack` put in the tarball. */
export function checkManifest(dir, packedFiles) {
  const problems = []
  const manifest = readJson(join(dir, 'package.json'))
  const rootManifest = readJson(join(root, 'package.json'))
  const folder = relative(root, dir).split('\\').join('/')

  // Metadata the registry page shows.
  if (manifest.license !== 'MIT') problems.push('license must be "MIT"')
  if (manifest.author !== 'escott contributors') problems.push('author must be "escott contributors"')
  if (manifest.repository?.url !== `git+${REPOSITORY}.git` || manifest.repository?.directory !== folder) {
    problems.push(`repository must be { type: "git", url: "git+${REPOSITORY}.git", directory: "${folder}" }`)
  }
  if (manifest.homepage !== `${REPOSITORY}/tree/main/${folder}#readme`) problems.push(`homepage must be ${REPOSITORY}/tree/main/${folder}#readme`)
  if (manifest.bugs?.url !== `${REPOSITORY}/issues`) problems.push(`bugs.url must be ${REPOSITORY}/issues`)
  if (!Array.isArray(manifest.keywords) || manifest.keywords.length === 0) problems.push('keywords must list what a user searches for')
  if (manifest.engines?.node !== rootManifest.engines.node) {
    problems.push(`engines.node must be the tested range of the root package.json (${rootManifest.engines.node}), not ${manifest.engines?.node}`)
  }

  // Ranges: a shop must be able to take a fix of a dependency without waiting for us.
  const workspaces = workspaceManifests()
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      const internal = workspaces.get(name)
      if (internal) {
        if (range !== `^${internal.version}`) problems.push(`${field}.${name} must be "^${internal.version}" (changesets keeps it in step), not "${range}"`)
      } else if (field !== 'devDependencies' && !range.split('||').every((part) => acceptedRange(field, part.trim()))) {
        problems.push(`${field}.${name} must be a caret range (or caret ranges joined by ||${field === 'peerDependencies' ? ', or a bounded ">=x <y"' : ''}), not "${range}"`)
      }
    }
  }

  // Release wiring: one fixed version group holds every public package.
  const changesets = readJson(join(root, '.changeset', 'config.json'))
  const fixed = changesets.fixed?.find((group) => group.some((glob) => globToRegExp(glob).test(manifest.name)))
  if (!fixed) problems.push(`.changeset/config.json: ${manifest.name} is in no "fixed" group`)

  // The licence travels with the package.
  const license = join(dir, 'LICENSE')
  if (!existsSync(license) || readFileSync(license, 'utf8') !== readFileSync(join(root, 'LICENSE'), 'utf8')) problems.push('LICENSE must be a copy of the root LICENSE')

  // The tarball: only what a user needs.
  // Build output lives in dist/ (tsup) or .medusa/server/ (a Medusa plugin's build); tests never ship.
  const allowed = /^(package\.json|LICENSE|CHANGELOG\.md|README(\.[a-z]{2})?\.md|(dist|\.medusa\/server)\/.+)$/
  const neverShipped = /(^|\/)(__tests__|__fixtures__)\/|\.(test|spec)\.[cm]?[jt]sx?(\.map)?$|\.tsbuildinfo$/
  for (const file of packedFiles) if (!allowed.test(file) || neverShipped.test(file)) problems.push(`the tarball should not contain ${file}`)
  for (const target of Object.values(typeof manifest.bin === 'string' ? { bin: manifest.bin } : (manifest.bin ?? {}))) {
    const twin = target.replace(/^\.\//, '').replace(/\.js$/, '.cjs')
    if (packedFiles.includes(twin)) problems.push(`${twin} is a CommonJS copy of the command ${target}: nothing loads it, leave it out of "files"`)
  }

  // README links must work on the registry's page: absolute, and into files that exist. Each README ships, so the
  // language links between README.md and README.ja.md have something to point at from an installed package too.
  for (const readme of readdirSync(dir).filter((f) => /^README(\.[a-z]{2})?\.md$/.test(f))) {
    if (!packedFiles.includes(readme)) problems.push(`${readme} is not in the tarball: add it to "files"`)
    const text = readFileSync(join(dir, readme), 'utf8').replace(/```[\s\S]*?```/g, '')
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)[^)]*\)/g)) {
      if (target.startsWith('#') || target.startsWith('mailto:')) continue
      if (!/^https?:\/\//.test(target)) {
        problems.push(`${readme}: the link ${target} is relative and breaks on the registry's page; use ${REPOSITORY}/blob/main/...`)
        continue
      }
      const inRepo = new RegExp(`^${REPOSITORY}/(?:blob|tree)/main/([^#?]+)`).exec(target)
      if (inRepo && !existsSync(join(root, decodeURIComponent(inRepo[1])))) problems.push(`${readme}: ${target} points at ${inRepo[1]}, which does not exist`)
    }
  }

  // Published text speaks to users: nothing in the declarations or READMEs points into internal files.
  const published = packedFiles.filter((f) => /\.d\.[cm]?ts$/.test(f) || /^README(\.[a-z]{2})?\.md$/.test(f))
  for (const file of published) {
    const path = join(dir, file)
    if (!existsSync(path)) continue
    for (const where of internalReferences(readFileSync(path, 'utf8'))) problems.push(`${file} ${where}`)
  }
  return problems
}
