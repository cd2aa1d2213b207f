import type { CodeEntryData } from './types.js'
import { C_CODES } from './catalog-c.js'
import { G_CODES } from './catalog-g.js'
import { K_CODES } from './catalog-k.js'
import { KX_CODES } from './catalog-kx.js'
import { U_CODES } from './catalog-u.js'
import { W_CODES } from './catalog-w.js'

/** Merges the per-family tables; a code defined twice is a programming error. */
function merge(parts: ReadonlyArray<Record<string, CodeEntryData>>): Readonly<Record<string, CodeEntryData>> {
  const out: Record<string, CodeEntryData> = {}
  for (const part of parts) {
    for (const [code, data] of Object.entries(part)) {
      // static data checked at module load: a mistake in this repository, never an error a caller can meet
      if (Object.hasOwn(out, code)) throw new Error(`response code ${code} is defined twice in the catalog`)
      out[code] = Object.freeze({
        ...data,
        shopper: Object.freeze({ ...data.shopper }),
        merchant: Object.freeze({ ...data.merchant }),
        remedy: Object.freeze({ ...data.remedy }),
      })
    }
  }
  return Object.freeze(out)
}

/**
 * The response-code catalog. Built from the code tables of public integrations (the EC-CUBE modules by Sony
 * Payment Services, w2Commerce, the Salesforce Commerce Cloud cartridge), the codes only the WooCommerce plugin lists, and the
 * hosted-page cancellation codes of the WooCommerce/Welcart modules. UnionPay R-codes are left out, and so is K38,
 * which no source defines. Conflicts between sources and the choices made are listed in https://github.com/escott-js/escott/blob/main/docs/response-codes.md
 */
export const CATALOG: Readonly<Record<string, CodeEntryData>> = merge([C_CODES, G_CODES, K_CODES, KX_CODES, U_CODES, W_CODES])
