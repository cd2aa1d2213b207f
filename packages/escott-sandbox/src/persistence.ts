/** `--data FILE`: loads state at start, writes it (debounced, atomically) after changes and on close. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { writeFile, rename } from 'node:fs/promises'
import type { Snapshot, Store } from './state.js'

export function loadSnapshot(file: string): Snapshot | undefined {
  if (!existsSync(file)) return undefined
  const text = readFileSync(file, 'utf8')
  if (!text.trim()) return undefined
  const s = JSON.parse(text) as Snapshot
  if (s.version !== 1) throw new Error(`${file}: unknown sandbox state version ${String(s.version)}`)
  return s
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

  private async write() {
    await this.#writing
    if (!this.store.dirty) return
    this.store.dirty = false
    const tmp = this.file + '.tmp'
    this.#writing = writeFile(tmp, JSON.stringify(this.store.snapshot(this.clockOffset())))
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
    writeFileSync(tmp, JSON.stringify(this.store.snapshot(this.clockOffset())))
    renameSync(tmp, this.file)
    this.store.dirty = false
  }
}
