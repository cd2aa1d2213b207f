/**
 * `--data FILE`: loads state at start, writes it (debounced, atomically) after changes and on close. The file holds
 * merchant secrets (MerchantPass, AES key/IV, notification bodies), so it is written 0600 and a folder the sandbox
 * creates for it 0700; a looser existing file is tightened at start.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { rename, unlink, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Snapshot, Store } from './state.js'

export const DATA_FILE_MODE = 0o600
export const DATA_DIR_MODE = 0o700

/** Removes group and other permissions from an existing data file (no-op on Windows, where modes do not apply). */
function tighten(file: string) {
  if (process.platform === 'win32') return
  const mode = statSync(file).mode & 0o777
  if (mode & 0o077) {
    chmodSync(file, mode & DATA_FILE_MODE)
    process.emitWarning(`escott-sandbox: ${file} was readable by others (mode ${mode.toString(8)}); changed to ${(mode & DATA_FILE_MODE).toString(8)}`)
  }
}

export function loadSnapshot(file: string): Snapshot | undefined {
  if (!existsSync(file)) return undefined
  tighten(file)
  const text = readFileSync(file, 'utf8')
  if (!text.trim()) return undefined
  const s = JSON.parse(text) as Snapshot
  if (s.version !== 1) throw new Error(`${file}: unknown sandbox state version ${String(s.version)}`)
  return s
}

/** Creates the data file's folder (0700) when missing; an existing folder (a project, /tmp) is left as it is. */
export function prepareDataDir(file: string) {
  mkdirSync(dirname(file), { recursive: true, mode: DATA_DIR_MODE })
}

const ignoreMissing = (e: unknown) => {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
}

export class Persister {
  #timer: NodeJS.Timeout | undefined
  #writing: Promise<void> | undefined

  constructor(
    private readonly file: string,
    private readonly store: Store,
    private readonly clockOffset: () => number,
    private readonly delayMs = 100,
  ) {}

  /** Schedules a write. */
  changed() {
    if (this.#timer) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.write()
    }, this.delayMs)
    this.#timer.unref?.()
  }

  /**
   * The temporary file is created afresh (`wx`) with mode 0600, so the secrets are never in a file others can read,
   * not even a stale temporary one left by a crash; the rename then replaces the data file atomically.
   */
  private async write() {
    await this.#writing
    if (!this.store.dirty) return
    this.store.dirty = false
    const tmp = this.file + '.tmp'
    this.#writing = unlink(tmp)
      .catch(ignoreMissing)
      .then(() => writeFile(tmp, JSON.stringify(this.store.snapshot(this.clockOffset())), { mode: DATA_FILE_MODE, flag: 'wx' }))
      .then(() => rename(tmp, this.file))
      .catch((e: unknown) => {
        this.store.dirty = true
        process.emitWarning(`escott-sandbox could not save ${this.file}: ${(e as Error).message}`)
      })
    await this.#writing
  }

  /** Final synchronous write. */
  async flush() {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#writing
    const tmp = this.file + '.tmp'
    try {
      unlinkSync(tmp)
    } catch (e) {
      ignoreMissing(e)
    }
    writeFileSync(tmp, JSON.stringify(this.store.snapshot(this.clockOffset())), { mode: DATA_FILE_MODE, flag: 'wx' })
    renameSync(tmp, this.file)
    this.store.dirty = false
  }
}
