#!/usr/bin/env node
/**
 * `npx escott-billing …` — the operator CLI (see cli-command.ts): due subscriptions, failed and unreconciled
 * charges, retry one, settle one; human tables or `--json`.
 */
import { runCli } from './cli-command.js'

void runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
}).then((code) => {
  process.exitCode = code
})
