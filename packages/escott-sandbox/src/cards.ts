/**
 * The sandbox's test cards. Each behaves deterministically; no other card number is ever accepted,
 * so a real card typed by mistake is refused (`C16`) and never stored.
 */

/** How a test card behaves in 3-D Secure. */
export interface TestCard3DS {
  /** `frictionless`: no shopper interaction; `challenge`: a page with approve / fail buttons. */
  flow: 'frictionless' | 'challenge'
  /** SecureResultCode of a frictionless flow, or of pressing "approve" on the challenge page. */
  secureResultCode: '0' | '1' | '2' | '3' | '4' | '8' | '9'
}

/** One entry of the test-card table. */
export interface TestCard {
  cardNo: string
  brand: 'VISA' | 'JCB' | 'Mastercard' | 'AMEX'
  /** CompanyCd the gateway reports for this card. */
  companyCd: string
  /** What it is for, in a few words. */
  description: string
  /** Response codes of an authorisation (`1Auth`, `1Gathering`, `1Check`, `1ReAuth`, checked `4MemAdd`); empty = approved. */
  declineCodes: string[]
  /** Approved only after this many milliseconds (the "slow issuer" card). */
  slowMs?: number
  /** The issuer considers the card expired whatever expiry was typed (`G83`; `C13` on 1TokenSearch; KaiinStatus 1). */
  expired?: boolean
  threeDSecure: TestCard3DS
}

/** Security code of every test card. Any other value sent with a test card gives `G44`. */
export const TEST_SECURITY_CODE = '777'

const frictionless = (secureResultCode: TestCard3DS['secureResultCode'] = '0'): TestCard3DS => ({ flow: 'frictionless', secureResultCode })
const challenge: TestCard3DS = { flow: 'challenge', secureResultCode: '0' }

/** Every test card, in README order. */
export const TEST_CARDS: readonly TestCard[] = [
  {
    cardNo: '4000000000001000',
    brand: 'VISA',
    companyCd: 'V1',
    description: "Approves (the manuals' demo card: 777, 12/2028); 3-D Secure frictionless",
    declineCodes: [],
    threeDSecure: frictionless(),
  },
  { cardNo: '4000000000082000', brand: 'VISA', companyCd: 'V1', description: 'Approves; 3-D Secure challenge (approve / fail buttons)', declineCodes: [], threeDSecure: challenge },
  { cardNo: '3540000000091000', brand: 'JCB', companyCd: 'J1', description: 'Approves (JCB); 3-D Secure frictionless', declineCodes: [], threeDSecure: frictionless() },
  { cardNo: '3540000000072000', brand: 'JCB', companyCd: 'J1', description: 'Approves (JCB); 3-D Secure challenge', declineCodes: [], threeDSecure: challenge },
  { cardNo: '5100000000061000', brand: 'Mastercard', companyCd: 'M1', description: 'Approves (Mastercard); 3-D Secure frictionless', declineCodes: [], threeDSecure: frictionless() },
  { cardNo: '370000000001000', brand: 'AMEX', companyCd: 'A1', description: 'Approves (AMEX, 15 digits, security code 777)', declineCodes: [], threeDSecure: frictionless() },
  { cardNo: '4000000000080012', brand: 'VISA', companyCd: 'V1', description: 'Declined G12 (card not usable)', declineCodes: ['G12'], threeDSecure: frictionless() },
  { cardNo: '4000000000060030', brand: 'VISA', companyCd: 'V1', description: 'Declined G30 (held for review)', declineCodes: ['G30'], threeDSecure: frictionless() },
  { cardNo: '4000000000000044', brand: 'VISA', companyCd: 'V1', description: 'Declined G44 (security code mismatch), whatever code is sent', declineCodes: ['G44'], threeDSecure: frictionless() },
  { cardNo: '4000000000060055', brand: 'VISA', companyCd: 'V1', description: 'Declined G55|G54 (limit exceeded; two codes)', declineCodes: ['G55', 'G54'], threeDSecure: frictionless() },
  { cardNo: '4000000000050056', brand: 'VISA', companyCd: 'V1', description: 'Declined G56 (invalid card)', declineCodes: ['G56'], threeDSecure: frictionless() },
  { cardNo: '4000000000040065', brand: 'VISA', companyCd: 'V1', description: 'Declined G65 (card number error)', declineCodes: ['G65'], threeDSecure: frictionless() },
  {
    cardNo: '4000000000020083',
    brand: 'VISA',
    companyCd: 'V1',
    description: 'Expired card: G83 on authorisation, C13 on 1TokenSearch, KaiinStatus 1',
    declineCodes: ['G83'],
    expired: true,
    threeDSecure: frictionless(),
  },
  { cardNo: '4000000000010092', brand: 'VISA', companyCd: 'V1', description: "Declined G92 (issuer's own reason) after a 3-D Secure challenge", declineCodes: ['G92'], threeDSecure: challenge },
  { cardNo: '3540000000090085', brand: 'JCB', companyCd: 'J1', description: 'Declined G85 (CAFIS proxy error) after a 3-D Secure challenge', declineCodes: ['G85'], threeDSecure: challenge },
  { cardNo: '4000000000053001', brand: 'VISA', companyCd: 'V1', description: '3-D Secure failed without challenge: SecureResultCode 1, U04', declineCodes: [], threeDSecure: frictionless('1') },
  {
    cardNo: '4000000000043002',
    brand: 'VISA',
    companyCd: 'V1',
    description: '3-D Secure: no password registered at issuer, SecureResultCode 2 (OK, may authorise)',
    declineCodes: [],
    threeDSecure: frictionless('2'),
  },
  {
    cardNo: '4000000000033003',
    brand: 'VISA',
    companyCd: 'V1',
    description: '3-D Secure: issuer not enrolled, SecureResultCode 3 (OK, may authorise)',
    declineCodes: [],
    threeDSecure: frictionless('3'),
  },
  { cardNo: '4000000000023004', brand: 'VISA', companyCd: 'V1', description: '3-D Secure attempt, SecureResultCode 4 (OK)', declineCodes: [], threeDSecure: frictionless('4') },
  { cardNo: '4000000000083008', brand: 'VISA', companyCd: 'V1', description: '3-D Secure system maintenance: SecureResultCode 8, U14', declineCodes: [], threeDSecure: frictionless('8') },
  { cardNo: '4000000000073009', brand: 'VISA', companyCd: 'V1', description: '3-D Secure system error: SecureResultCode 9, U95', declineCodes: [], threeDSecure: frictionless('9') },
  { cardNo: '4000000000039000', brand: 'VISA', companyCd: 'V1', description: 'Approves, but slowly (slowCardDelayMs, default 3 s)', declineCodes: [], slowMs: 3000, threeDSecure: frictionless() },
]

const BY_NUMBER = new Map(TEST_CARDS.map((c) => [c.cardNo, c]))

/** The test card with this number, or undefined (the sandbox refuses every other number). */
export function findTestCard(cardNo: string): TestCard | undefined {
  return BY_NUMBER.get(cardNo)
}

/** Result code and McSecCd of a security-code check. */
export function securityCodeCheck(secCd: string | undefined): { ok: boolean; mcSecCd: '0' | '1' | '8' } {
  if (!secCd) return { ok: true, mcSecCd: '8' }
  return secCd === TEST_SECURITY_CODE ? { ok: true, mcSecCd: '0' } : { ok: false, mcSecCd: '1' }
}
