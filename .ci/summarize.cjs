// The closing lines of `.ci/run`: one per Node line it ran, then one for all of them, counted from the per-package
// summaries vitest (and jest) print. `node .ci/summarize.cjs <logs folder> <number of lines>`; each line i has
// <i>.log (its output) and <i>.summary (version, what, seconds, exit code; tab-separated).
const { readFileSync } = require('node:fs')

/** Passed / failed / skipped tests of one run's output. */
function countTests(output) {
  const counts = { passed: 0, failed: 0, skipped: 0 }
  for (const row of output.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
    // vitest: "pkg:test:       Tests  3 failed | 97 passed | 2 skipped (102)"; jest: "pkg:test: Tests:  1 failed, 9 passed, 10 total"
    const m = row.match(/^\S*:?\s*Tests\s+(.*)\(\d+\)\s*$/) ?? row.match(/^\S*:?\s*Tests:\s+(.*)\d+ total\s*$/)
    if (!m) continue
    for (const [, n, what] of m[1].matchAll(/(\d+) (passed|failed|skipped)/g)) counts[what] += Number(n)
  }
  return counts
}

/** The closing lines for runs 1..count in `dir`. */
function summarize(dir, count) {
  const total = { passed: 0, failed: 0, skipped: 0 }
  const lines = []
  for (let i = 1; i <= count; i++) {
    const counts = countTests(readFileSync(`${dir}/${i}.log`, 'utf8'))
    const [version, what, seconds, code] = readFileSync(`${dir}/${i}.summary`, 'utf8').trim().split('\t')
    for (const k of Object.keys(total)) total[k] += counts[k]
    const verdict = code === '0' ? 'ok' : `FAILED (exit ${code})`
    lines.push(`Node ${version} ${verdict} in ${seconds} s, ${what}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
  }
  lines.push(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`)
  return lines
}

module.exports = { countTests, summarize }

if (require.main === module) {
  const [dir, count] = process.argv.slice(2)
  for (const line of summarize(dir, Number(count))) console.log(line)
}
