import { EscottError, isEscottError, isEscottValidationError } from 'escott-core'
import { expect, it } from 'vitest'
import { EscottBillingError, isEscottBillingError } from '../src/index.js'

it('EscottBillingError declares its own literal name (typed) and is an EscottError', () => {
  const err = new EscottBillingError('INVALID_STATE', 'not now', '今はできません')
  const name: 'EscottBillingError' = err.name // does not compile while EscottError#name is escott-core's closed list
  expect(name).toBe('EscottBillingError')
  expect(err).toBeInstanceOf(EscottError)
  expect(isEscottError(err)).toBe(true)
  expect(isEscottValidationError(err)).toBe(false)
  expect(isEscottBillingError(err)).toBe(true)
  expect(isEscottBillingError(Object.assign(new Error('x'), { name: 'EscottBillingError' }))).toBe(true) // another copy
  expect(isEscottBillingError(new EscottError({ message: 'x' }))).toBe(false)
  expect(JSON.parse(JSON.stringify(err)).name).toBe('EscottBillingError')
})
