#!/usr/bin/env node
/**
 * escott-express-recover: lists orders that were charged (or may have been) but never finished, and completes or
 * cancels them.
 *
 *   escott-express-recover [list]                       what needs a decision
 *   escott-express-recover complete <case|order> [--process-id ID --process-pass PASS]
 *   escott-express-recover cancel <case|order>   [--process-id ID --process-pass PASS]
 *
 * Options: --config <module> (exports { orders, escott } or a function returning them), --database-url <url>
 * (default DATABASE_URL), --data-dir <folder> (embedded Postgres, default ./.pgdata), --older-than <minutes>,
 * --json, --lang ja|en. Without --config the Escott client is built from ESCOTT_MERCHANT_ID, ESCOTT_MERCHANT_PASS,
 * ESCOTT_TENANT_ID, ESCOTT_ENVIRONMENT and ESCOTT_BASE_URL.
 */
import { runRecoverCommand } from './recover-command.js'

runRecoverCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`escott-express-recover: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  },
)
