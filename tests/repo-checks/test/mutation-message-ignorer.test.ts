import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { messageOnly } from '../../../scripts/stryker-message-ignorer.mjs'

// Babel as StrykerJS's instrumenter loads it, so the paths are the ones the ignorer sees in a mutation run.
const require = createRequire(createRequire(import.meta.url).resolve('@stryker-mutator/instrumenter'))
const babel = require('@babel/core') as {
  parseSync: (code: string, options: object) => unknown
  traverse: (ast: unknown, visitors: { enter: (path: BabelPath) => void }) => void
}
interface BabelPath {
  node: { type: string; value?: unknown }
  parentPath: BabelPath | null
  toString(): string
}

/** Every string literal and template of `code`, sorted into the ones whose mutants count and the message-only ones. */
function classify(code: string): { scored: string[]; ignored: string[] } {
  // Inside a method, as in the sources: `this.#private` and `return` need one.
  const source = `class Fixture {\n  #options: any\n  #unknown(..._: unknown[]) {}\n  run() {\n${code}\n  }\n}`
  const ast = babel.parseSync(source, { filename: 'x.ts', presets: [require.resolve('@babel/preset-typescript')], configFile: false, babelrc: false })
  const scored: string[] = []
  const ignored: string[] = []
  babel.traverse(ast, {
    enter(path) {
      if (path.node.type !== 'StringLiteral' && path.node.type !== 'TemplateLiteral') return
      if (path.parentPath?.node.type === 'ImportDeclaration') return
      // As in a mutation run: a reason on the node or on any node around it ignores the node's mutants.
      let ignoredHere = false
      for (let p: BabelPath | null = path; p; p = p.parentPath) if (messageOnly(p)) ignoredHere = true
      ;(ignoredHere ? ignored : scored).push(path.toString())
    },
  })
  return { scored, ignored }
}

/** Every object literal of `code`, sorted into the ones whose mutants count and the message-only ones. */
function classifyObjects(code: string): { scored: string[]; ignored: string[] } {
  const source = `function fixture() {\n${code}\n}`
  const ast = babel.parseSync(source, { filename: 'x.ts', presets: [require.resolve('@babel/preset-typescript')], configFile: false, babelrc: false })
  const scored: string[] = []
  const ignored: string[] = []
  babel.traverse(ast, {
    enter(path) {
      if (path.node.type !== 'ObjectExpression') return
      let ignoredHere = false
      for (let p: BabelPath | null = path; p; p = p.parentPath) if (messageOnly(p)) ignoredHere = true
      ;(ignoredHere ? ignored : scored).push(path.toString().replace(/\s+/g, ' '))
    },
  })
  return { scored, ignored }
}

describe('the mutation run leaves message-only mutants out of the score', () => {
  it("ignores a notification error's message but scores its reason", () => {
    const { scored, ignored } = classify("throw new EscottNotificationError('format', `Payment notification is missing ${missing.join(', ')}`)")
    expect(scored).toEqual(["'format'"])
    expect(ignored).toEqual(["`Payment notification is missing ${missing.join(', ')}`", "', '"])
  })

  it('ignores the message of invalid(field, message) and scores the field it names', () => {
    const { scored, ignored } = classify("throw invalid('options.cvsChanges', `must be an integer ≥ 0, got ${changes}`)")
    expect(scored).toEqual(["'options.cvsChanges'"])
    expect(ignored).toHaveLength(1)
  })

  it('ignores message, merchant, remedy and shopper texts, and scores field, category and codes', () => {
    const { scored, ignored } = classify(`
      new EscottGatewayError({ message: 'HTTP ' + status, category: 'system', merchant: { ja: 'ゲートウェイ', en: 'gateway' }, remedy: { ja: 'a', en: 'b' } })
      new EscottValidationError('3Secure', [{ field: 'redirectUrl', message: 'too long' }])
    `)
    expect(scored).toEqual(["'system'", "'3Secure'", "'redirectUrl'"])
    expect(ignored).toEqual(["'HTTP '", "'ゲートウェイ'", "'gateway'", "'a'", "'b'", "'too long'"])
  })

  it('ignores log calls and local message constants, whatever they contain', () => {
    const { scored, ignored } = classify(`
      this.#options.logger.warn({ operation: ctx.operation }, 'escott: retrying')
      return this.#unknown(ctx, 'unreadable answer (no ResponseCd)')
      const why = timer.signal.aborted ? 'no answer' : caller?.aborted ? 'aborted by the caller' : 'connection lost'
      const status = response.ok ? 'paid' : 'unpaid'
    `)
    expect(ignored).toEqual(["'escott: retrying'", "'unreadable answer (no ResponseCd)'", "'no answer'", "'aborted by the caller'", "'connection lost'"])
    expect(scored).toEqual(["'paid'", "'unpaid'"])
  })

  it("ignores escott-flows' texts — bilingual descriptions, an error's detail, a TypeError's message, a fallback logger — and scores the code", () => {
    const { scored, ignored } = classify(`
      cases.push(make(entry, 'outcome_unknown', order, { ja: \`\${entry.operation} の結果が不明です\`, en: 'unknown' }))
      throw new EscottFlowError('RECOVERY_CASE_NOT_FOUND', { detail: \`order \${id}\` })
      throw new TypeError(\`no \${resource} operation\`)
      ;(deps.log ?? silentLogger).info({ status: 'x' }, 'payment recorded')
      ;(deps.log ?? fallback).info({}, 'scored: not a logger')
      new EscottUnrecordedOutcomeError({ operation: '1Auth', reason: 'the order could not be updated' })
      throw unrecorded(intent, entry, err, 'its result could not be written')
      new EscottNotificationError('amount', 'text', { reason: 'scored elsewhere' })
    `)
    expect(ignored).toEqual([
      '`${entry.operation} の結果が不明です`',
      "'unknown'",
      '`order ${id}`',
      '`no ${resource} operation`',
      "'x'",
      "'payment recorded'",
      "'the order could not be updated'",
      "'its result could not be written'",
      "'text'",
    ])
    expect(scored).toEqual(["'outcome_unknown'", "'RECOVERY_CASE_NOT_FOUND'", "'scored: not a logger'", "'1Auth'", "'amount'", "'scored elsewhere'"])
  })

  it('ignores the arguments of a fallback logger call after StrykerJS placed the fallback’s own mutants around it', () => {
    // What the instrumenter leaves of `(deps.log ?? silentLogger).info(…)` by the time it visits the arguments.
    const { scored, ignored } = classify(`
      ;(stryMutAct_9fa48('5') ? deps.log && silentLogger : (stryCov_9fa48('5'), deps.log ?? silentLogger)).info({ status: 'x' }, 'payment recorded')
      ;(stryMutAct_9fa48('6') ? deps.log && fallback : (stryCov_9fa48('6'), deps.log ?? fallback)).info({}, 'scored: not a logger')
    `)
    expect(ignored).toEqual(["'x'", "'payment recorded'"])
    expect(scored).toEqual(["'5'", "'5'", "'6'", "'6'", "'scored: not a logger'"])
  })

  it('ignores an object that holds only message text and a function that only builds one; scores an object with anything else', () => {
    const objects = classifyObjects(`
      throw new EscottFlowError('RECOVERY_CASE_NOT_FOUND', { detail: id })
      cases.push(make(entry, 'outcome_unknown', order, { ja: 'x', en: 'y' }))
      throw new EscottFlowError('RECOVERY_VOID_FAILED', { detail: id, codes: [...err.codes] })
      return { kind: 'needs_person', reason: 'notification' }
    `)
    expect(objects).toEqual({ ignored: ['{ detail: id }', "{ ja: 'x', en: 'y' }"], scored: ['{ detail: id, codes: [...err.codes] }', "{ kind: 'needs_person', reason: 'notification' }"] })
    const { scored, ignored } = classify(`
      function notificationText(entry) { switch (entry.reason) { case 'amount': return { ja: 'a', en: 'b' } } }
      function reasonOf(entry) { switch (entry.reason) { case 'amount': return 'amount' } }
    `)
    expect(ignored).toEqual(["'amount'", "'a'", "'b'"])
    expect(scored).toEqual(["'amount'", "'amount'"])
  })

  it('scores every literal that decides something: comparisons, wire field names, returned values', () => {
    const { scored, ignored } = classify(`
      const paid = f.Condition === '000' && codes[0] === 'OK'
      const body = encodeForm({ OperateId: '1Auth', Amount: amount })
      return { reason: 'over_shop_limit', available: false }
    `)
    expect(ignored).toEqual([])
    expect(scored).toEqual(["'000'", "'OK'", "'1Auth'", "'over_shop_limit'"])
  })
})
