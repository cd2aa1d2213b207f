import { EscottError, isEscottError, isEscottValidationError } from 'escott-core'
import { describe, expect, it } from 'vitest'
import { EscottFlowError, isEscottFlowError } from '../src/index.js'

describe('EscottFlowError', () => {
  it('declares its own literal name as a class field (typed, not patched at run time)', () => {
    const err = new EscottFlowError('RECOVERY_CASE_NOT_FOUND')
    const name: 'EscottFlowError' = err.name // does not compile while EscottError#name is escott-core's closed list
    expect(name).toBe('EscottFlowError')
    expect(err).toBeInstanceOf(EscottError)
    expect(isEscottError(err)).toBe(true)
    expect(isEscottValidationError(err)).toBe(false)
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({ name: 'EscottFlowError', code: 'RECOVERY_CASE_NOT_FOUND' })
  })

  it('is recognised by name when it comes from another copy of the package', () => {
    const foreign = Object.assign(new Error('x'), { name: 'EscottFlowError', code: 'JOURNAL_UNAVAILABLE' })
    expect(isEscottFlowError(foreign)).toBe(true)
    expect(isEscottFlowError(foreign, 'JOURNAL_UNAVAILABLE')).toBe(true)
    expect(isEscottFlowError(foreign, 'RECOVERY_CASE_NOT_FOUND')).toBe(false)
    expect(isEscottFlowError(Object.assign(new Error('x'), { name: 'EscottFlowErrorish' }))).toBe(false)
  })
})
