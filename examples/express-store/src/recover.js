/**
 * `npm run recover -- [list | complete <id> | cancel <id>] [--process-id … --process-pass …]`: the
 * escott-express recover command with this store's configuration (recover.config.js).
 */
import { runRecoverCommand } from 'escott-express'
import createRecoveryContext from './recover.config.js'

const context = await createRecoveryContext()
let code = 1
try {
  code = await runRecoverCommand(process.argv.slice(2), { context })
} finally {
  await context.close()
}
process.exit(code)
