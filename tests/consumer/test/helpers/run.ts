import { spawn } from 'node:child_process'
import { delimiter } from 'node:path'
import { repoRoot } from './workspace.js'

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
  /** stdout and stderr together, for assertion messages. */
  output: string
}

/**
 * The environment a user's shell would have: nothing npm or vitest set for this workspace's own run, and no
 * `node_modules/.bin` of the monorepo on PATH, so the consumer project cannot reach the workspace by accident.
 */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|vitest)/i.test(key) || key === 'NODE_ENV' || key === 'TEST' || key === 'INIT_CWD') continue
    env[key] = value
  }
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => entry && !entry.startsWith(repoRoot))
    .join(delimiter)
  return env
}

/** Runs a command to completion; never throws for a non-zero exit (the caller asserts on it). */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? userEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    const limitMs = options.timeoutMs ?? 300_000
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => {
      stderr += `\n(killed: still running after ${limitMs / 1000} s)`
      child.kill('SIGKILL')
    }, limitMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, output: `${stdout}${stderr}`.trim() })
    })
  })
}

/** Like `run`, but a non-zero exit is an error that carries the command's output. */
export async function runOrThrow(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const result = await run(command, args, options)
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.code} in ${options.cwd}:\n${result.output}`)
  return result
}
