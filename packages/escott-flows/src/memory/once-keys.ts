/** Insert-once keys kept in process memory. */
import type { OnceKeys } from '../ports.js'

/** {@link OnceKeys} in memory: a set (JavaScript runs one claim at a time, so claims are atomic). */
export class MemoryOnceKeys implements OnceKeys {
  readonly #keys = new Map<string, string | null>()

  async claim(key: string, ref: string | null = null): Promise<boolean> {
    if (this.#keys.has(key)) return false
    this.#keys.set(key, ref)
    return true
  }

  async has(key: string): Promise<boolean> {
    return this.#keys.has(key)
  }

  async owner(key: string): Promise<string | null | undefined> {
    return this.#keys.get(key)
  }
}
