/**
 * tsc's diagnostics (`--pretty false`), split into those in our packages' declarations or the project's own files,
 * which fail the test, and those inside a third-party package's declarations, which are not ours to fix (a peer
 * framework's own `.d.ts` may not pass `skipLibCheck: false`) and are only reported.
 */
export function splitDiagnostics(output: string, ourPackages: readonly string[]): { ours: string[]; theirs: string[] } {
  const diagnostics = output.split(/\n(?=\S)/).filter((d) => d.trim() !== '')
  const ours: string[] = []
  const theirs: string[] = []
  for (const d of diagnostics) {
    const file = /^(.+?)\(\d+,\d+\): /.exec(d)?.[1]?.split('\\').join('/')
    const inModules = file?.match(/(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//)
    if (inModules && !ourPackages.includes(inModules[1] ?? '')) theirs.push(d)
    else ours.push(d)
  }
  return { ours, theirs }
}
