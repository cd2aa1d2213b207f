// StrykerJS ignorer `escott-messages`: leaves message-only mutants out of the score. A mutant counts as message-only
// when its code lies inside a position listed in MESSAGE_POSITIONS (mutation.config.mjs): the text argument of
// invalidInput(field, message), the value of a `message` / `merchant` / `remedy` / `shopper` / `ja` / `en` / `detail` property, a local
// `message` / `why` constant, a logger call. Everything else — field names, reasons, categories, codes, conditions,
// arithmetic — is mutated and scored.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin'
import { MESSAGE_POSITIONS } from '../mutation.config.mjs'

const argumentPositions = new Map(Object.entries(MESSAGE_POSITIONS.arguments))
const properties = new Set(MESSAGE_POSITIONS.properties)
const optionProperties = new Map(Object.entries(MESSAGE_POSITIONS.optionProperties))
const variables = new Set(MESSAGE_POSITIONS.variables)
const loggerMethods = new Set(MESSAGE_POSITIONS.loggerMethods)
const functions = new Set(MESSAGE_POSITIONS.functions)

/** The name a callee is known by: `invalid`, `reject`, `EscottNotificationError`, `#unknown`, `warn`. */
function calleeName(callee) {
  if (callee.type === 'Identifier') return callee.name
  if (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') {
    if (callee.property.type === 'PrivateName') return `#${callee.property.id.name}`
    if (callee.property.type === 'Identifier') return callee.property.name
  }
  return undefined
}

/** A call of one of StrykerJS's instrumentation helpers (`stryMutAct_9fa48('12')`, `stryCov_9fa48('12')`). */
const isStrykerHelperCall = (node, helper) => node?.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name.startsWith(`${helper}_`)

/**
 * True for `log`, `logger`, `this.#options.logger`, `deps.log`, and `deps.log ?? silentLogger` (a logger or its fallback),
 * also once StrykerJS has placed that expression's own mutants around it
 * (`stryMutAct_x('5') ? deps.log && silentLogger : (stryCov_x('5'), deps.log ?? silentLogger)`): the instrumenter
 * replaces a call's callee before it visits the call's arguments, so the ignorer sees the instrumented callee.
 */
function isLogger(target) {
  if (target.type === 'ParenthesizedExpression') return isLogger(target.expression)
  if (target.type === 'ConditionalExpression' && isStrykerHelperCall(target.test, 'stryMutAct')) return isLogger(target.alternate)
  if (target.type === 'SequenceExpression' && isStrykerHelperCall(target.expressions[0], 'stryCov')) return isLogger(target.expressions.at(-1))
  if (target.type === 'LogicalExpression') return isLogger(target.left) && isLogger(target.right)
  const name = target.type === 'Identifier' ? target.name : target.type === 'MemberExpression' && target.property.type === 'Identifier' ? target.property.name : ''
  return /^(logger|log|silentLogger)$/i.test(name)
}

/** True for `logger.warn(...)`, `this.#options.logger.info(...)`, `log.debug(...)`, `(deps.log ?? silentLogger).error(...)`. */
function isLoggerCall(callee) {
  if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier' || !loggerMethods.has(callee.property.name)) return false
  return isLogger(callee.object)
}

function keyName(key) {
  if (key.type === 'Identifier') return key.name
  if (key.type === 'StringLiteral') return key.value
  return undefined
}

/** Why `path` is a message-only position, or undefined when its mutants count. */
export function messageOnly(path) {
  const self = path.node
  if (self.type === 'FunctionDeclaration' && functions.has(self.id?.name)) return `message text function ${self.id.name}()`
  // `{ detail: … }`, `{ ja, en }`: emptying an object that holds only message text changes only the message.
  if (self.type === 'ObjectExpression' && self.properties.length > 0 && self.properties.every((p) => p.type === 'ObjectProperty' && !p.computed && properties.has(keyName(p.key)))) {
    return 'object of message text only'
  }
  const parent = path.parentPath
  if (!parent) return undefined
  const node = parent.node
  if ((node.type === 'CallExpression' || node.type === 'NewExpression' || node.type === 'OptionalCallExpression') && path.listKey === 'arguments') {
    if (isLoggerCall(node.callee)) return 'log message'
    const positions = argumentPositions.get(calleeName(node.callee))
    if (positions?.includes(path.key)) return `message text of ${calleeName(node.callee)}()`
  }
  if (node.type === 'ObjectProperty' && path.key === 'value' && properties.has(keyName(node.key))) return `message property ${keyName(node.key)}`
  if (node.type === 'ObjectProperty' && path.key === 'value') {
    const call = parent.parentPath?.parentPath?.node
    const callee = call && (call.type === 'CallExpression' || call.type === 'NewExpression') && parent.parentPath.listKey === 'arguments' ? calleeName(call.callee) : undefined
    if (callee && optionProperties.get(callee)?.includes(keyName(node.key))) return `message text ${keyName(node.key)} of ${callee}()`
  }
  if (node.type === 'VariableDeclarator' && path.key === 'init' && node.id.type === 'Identifier' && variables.has(node.id.name)) {
    return `message text (${node.id.name})`
  }
  return undefined
}

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'escott-messages', { shouldIgnore: messageOnly })]
