/**
 * The part of escott-core's `Escott` client this package calls, written structurally so that a test double (or
 * another copy of escott-core) fits. A real `new Escott({...})` satisfies it.
 */

/** A stored card reference. */
export interface MemberRefLike {
  kaiinId: string
  kaiinPass: string
}

/** Fields every escott-core result carries. */
export interface BaseResultLike {
  operation: string
  transactionId: string
  merchantFree1?: string | undefined
  responseCodes?: string[]
}

export interface CardTransactionLike extends BaseResultLike {
  status: 'authorized' | 'captured'
  processId: string
  processPass: string
  approveNo?: string | undefined
  companyCd?: string | undefined
  amount: number
  payType: string
}

export interface ProcessRefLike {
  processId: string
  processPass: string
  member?: MemberRefLike
  merchantFree1?: string
}

export interface ProcessResultLike extends BaseResultLike {
  processId: string
  processPass: string
}

export interface RetrieveResultLike extends ProcessResultLike {
  amount?: number | undefined
  salesDate?: string | undefined
}

export interface ThreeDSecureRequestLike {
  action: string
  fields: { MerchantId: string; EncryptValue: string }
  operation: string
  procNo: string
  merchantFree1: string
}

export interface ThreeDSecureResultLike extends BaseResultLike {
  passed: boolean
  secureResultCode?: string | undefined
  procNo?: string | undefined
  threeDSecure?: unknown
  processId?: string | undefined
  processPass?: string | undefined
  approveNo?: string | undefined
  companyCd?: string | undefined
  kaiinId?: string | undefined
  error?: unknown
}

export interface CvsPaymentLike extends BaseResultLike {
  processId: string
  processPass: string
  kessaiNumber: string
  paymentPageUrl: string
  paymentPageUrlForMail?: string
  payLimit: Date
  amount: number
}

export interface CvsInfoLike extends BaseResultLike {
  processId: string
  amount?: number | undefined
  paid: boolean
  paidAt?: Date | undefined
  cvsCd?: string | undefined
}

/** The verified notification fields this package reads. */
export interface CvsNotificationLike {
  paid: boolean
  amount: number
  recvNum: string
  cvsCd?: string | undefined
  cvsName?: { ja: string; en: string } | string | undefined
  nyukinDate?: string | undefined
  paidAt?: Date | undefined
  processId: string
  transactionId?: string | undefined
  merchantFree1?: string | undefined
}

export interface VerifyNotificationOptionsLike {
  remoteAddress: string | undefined
  allowedIps?: readonly string[]
  expectedAmount?: number
}

export interface MemberInfoLike extends BaseResultLike {
  kaiinId: string
  maskedCardNo?: string | undefined
  cardExp?: string | undefined
  status?: string
}

/** What escott-express needs from an `Escott` client. */
export interface EscottLike {
  card: {
    authorize(params: {
      amount: number
      token?: string
      member?: MemberRefLike
      payType?: string
      brand?: any
      capture?: boolean
      merchantFree1?: string
      threeDSecure?: any
    }): Promise<CardTransactionLike>
    capture(params: ProcessRefLike): Promise<ProcessResultLike>
    cancel(params: ProcessRefLike): Promise<ProcessResultLike>
    changeAmount(params: ProcessRefLike & { amount: number }): Promise<ProcessResultLike>
    reauthorize(params: ProcessRefLike & { amount: number }): Promise<ProcessResultLike>
    retrieve(params: ProcessRefLike): Promise<RetrieveResultLike>
  }
  members: {
    create(params: MemberRefLike & { token: string; merchantFree1?: string }): Promise<BaseResultLike>
    update(params: MemberRefLike & { token?: string; merchantFree1?: string }): Promise<BaseResultLike>
    retrieve(params: MemberRefLike): Promise<MemberInfoLike>
    invalidate(params: MemberRefLike): Promise<BaseResultLike>
    delete(params: MemberRefLike): Promise<BaseResultLike>
  }
  tokens: {
    scriptUrl(): string
  }
  threeDSecure: {
    createRequest(params: {
      token?: string
      member?: MemberRefLike
      amount?: number
      cardholderName: string
      email: string
      redirectUrl: string
      postUrl?: string
      merchantFree1?: string
      flow?: 'authenticate' | 'merged'
      capture?: boolean
      payType?: string
      registerMember?: 'create' | 'update'
    }): ThreeDSecureRequestLike
    parseResult(encryptValue: string): ThreeDSecureResultLike
  }
  cvs: {
    create(params: {
      amount: number
      payLimit: number | Date
      nameKanji: string
      nameKana: string
      telNo: string
      productName: string
      merchantFree1?: string
    }): Promise<CvsPaymentLike>
    update(params: { processId: string; processPass: string; merchantFree1?: string; amount?: number; payLimit?: number | Date }): Promise<
      BaseResultLike & { processId?: string; kessaiNumber?: string; paymentPageUrl?: string; payLimit?: Date | undefined }
    >
    cancel(params: { processId: string; processPass: string; merchantFree1?: string }): Promise<BaseResultLike>
    retrieve(params: { processId: string; processPass: string; merchantFree1?: string }): Promise<CvsInfoLike>
    verifyNotification(body: string | URLSearchParams | Record<string, string>, options: VerifyNotificationOptionsLike): CvsNotificationLike
  }
}
