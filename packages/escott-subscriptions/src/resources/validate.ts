/** zod at the public boundary: a mistake becomes an EscottValidationError naming the field and the fix. */
import { EscottValidationError } from 'escott-core'
import type { z } from 'zod'

export function parse<S extends z.ZodType>(schema: S, input: unknown, operation: string): z.output<S> {
  const r = schema.safeParse(input ?? {})
  if (r.success) return r.data
  // The OperateId slot of EscottValidationError is for gateway operations; ours goes in front of the field.
  throw new EscottValidationError(
    undefined,
    r.error.issues.map((i) => ({
      field: `${operation}: ${i.path.join('.') || '(params)'}`,
      message: i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message,
    })),
  )
}
