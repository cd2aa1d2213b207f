/** The factory that turns a gateway refusal into the right `EscottError` subclass. Internal: not exported. */
import type { CodeCategory, CodeEntry } from '../codes/types.js'
import type { OperateId } from '../operations.js'
import {
  EscottCardDeclinedError,
  EscottCvsError,
  EscottGatewayError,
  EscottInvalidRequestError,
  EscottMemberError,
  EscottMerchantConfigurationError,
  EscottThreeDSecureError,
  EscottTokenError,
  EscottTransactionStateError,
  type EscottError,
  type EscottErrorOptions,
} from './escott-error.js'

const CLASS_BY_CATEGORY: Record<CodeCategory, new (o: EscottErrorOptions) => EscottError> = {
  declined: EscottCardDeclinedError,
  invalid_request: EscottInvalidRequestError,
  merchant_configuration: EscottMerchantConfigurationError,
  three_d_secure: EscottThreeDSecureError,
  token: EscottTokenError,
  member: EscottMemberError,
  transaction_state: EscottTransactionStateError,
  cvs: EscottCvsError,
  system: EscottGatewayError,
}

/** Builds the right `EscottError` subclass for a gateway refusal from its catalog entries. */
export function errorFromEntries(
  entries: CodeEntry[],
  context: { operation: OperateId; merchantFree1?: string | undefined; processId?: string | undefined; raw?: Record<string, string> },
): EscottError {
  const first = entries[0]
  const category = first?.category ?? 'system'
  const Ctor = CLASS_BY_CATEGORY[category]
  const summary = entries.map((e) => `${e.code} ${e.merchant.en}`).join(' / ')
  return new Ctor({
    message: `${context.operation} refused by e-SCOTT: ${summary}`,
    operation: context.operation,
    codes: entries.map((e) => e.code),
    entries,
    category,
    // Several codes: retry only if every one of them is temporary.
    retryable: entries.length > 0 && entries.every((e) => e.retryable),
    merchantFree1: context.merchantFree1,
    processId: context.processId,
    raw: context.raw,
  })
}
