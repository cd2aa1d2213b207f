/**
 * The logger the SDK writes to: the subset of pino's interface it uses, so a pino (or pino-compatible)
 * instance can be passed as is. Every object logged has had its secrets removed.
 */
export interface Logger {
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

const noop = () => {}

/** Discards everything; the default. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop }
