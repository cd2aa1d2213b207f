#!/usr/bin/env bash
# One-time pass that brings the whole repository to biome.json's format and lint rules. The lead runs it on main
# after the last branch of a session has been merged (running it on a branch would conflict with every other
# branch), then commits the result:
#
#   bash scripts/format-all.sh            # rewrite, then check; prints what is left to fix by hand
#   bash scripts/format-all.sh --commit   # the same, then commits it and lists the commit in .git-blame-ignore-revs
#
# It only applies changes that cannot alter behaviour: Biome's formatting, its safe lint fixes, and the removal of
# unused imports (Biome calls that fix "unsafe" only because an import could be kept for its side effects; it never
# removes `import 'x'`). It ends with `npm run lint` (biome ci), the same check `npm test` runs.
set -euo pipefail
cd "$(dirname "$0")/.."
biome=node_modules/.bin/biome
[ -x "$biome" ] || { echo "format-all: run npm ci first (no $biome)" >&2; exit 1; }

# Lint fixes first: removing an import can leave a line the formatter then lays out again.
"$biome" lint --write --max-diagnostics=0 . >/dev/null 2>&1 || true
"$biome" lint --write --unsafe --only=correctness/noUnusedImports --max-diagnostics=0 . >/dev/null 2>&1 || true
"$biome" format --write --max-diagnostics=0 . >/dev/null 2>&1 || true

changed=$(git status --porcelain --untracked-files=no | wc -l)
echo "format-all: $changed files rewritten"

if ! "$biome" ci --diagnostic-level=error .; then
  echo "format-all: the errors above need a hand fix (biome.json explains each rule that is on); then run npm run lint" >&2
  exit 1
fi

if [ "${1-}" = "--commit" ] && [ "$changed" -gt 0 ]; then
  git commit -q -a -m "Biome: format the whole repository and apply the safe lint fixes (bash scripts/format-all.sh); no behaviour change"
  git rev-parse HEAD >>.git-blame-ignore-revs
  git add .git-blame-ignore-revs
  git commit -q -m "git blame skips the Biome formatting commit (.git-blame-ignore-revs)"
  echo "format-all: committed $(git rev-parse --short HEAD~1) and recorded it in .git-blame-ignore-revs"
fi
