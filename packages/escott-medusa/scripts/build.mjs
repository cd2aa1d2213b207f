#!/usr/bin/env node
// Builds the Medusa plugin layout: CommonJS under .medusa/server/src (Medusa require()s providers, API routes,
// subscribers and jobs from there), the same layout `medusa plugin:build` produces, without the admin bundler
// (this plugin has no admin extension).
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
rmSync(join(root, '.medusa/server'), { recursive: true, force: true })
execFileSync(join(root, '../../node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
