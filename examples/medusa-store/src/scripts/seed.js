// `medusa exec ./src/scripts/seed.js`: a JPY region for Japan with the e-SCOTT providers, a sales channel with its
// publishable key, and a few products. Digital goods (no shipping profile), so checkout needs no shipping method.
const { ContainerRegistrationKeys, Modules } = require('@medusajs/framework/utils')
const { createApiKeysWorkflow, createProductsWorkflow, createRegionsWorkflow, createSalesChannelsWorkflow, linkSalesChannelsToApiKeyWorkflow } = require('@medusajs/medusa/core-flows')

const PRODUCTS = [
  { title: '静岡煎茶 100g', handle: 'sencha', description: 'Shizuoka sencha, first flush.', price: 1980 },
  { title: '宇治抹茶 30g', handle: 'matcha', description: 'Ceremonial-grade Uji matcha.', price: 3240 },
  { title: 'ほうじ茶ギフトセット', handle: 'hojicha-gift', description: 'Roasted green tea gift box.', price: 5400 },
]

async function seed({ container }) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const regions = container.resolve(Modules.REGION)
  const existing = await regions.listRegions({ currency_code: 'jpy' })
  const apiKeys = container.resolve(Modules.API_KEY)
  if (existing.length) {
    const [key] = await apiKeys.listApiKeys({ type: 'publishable' })
    logger.info(`seed: already seeded (region ${existing[0].id})`)
    return { regionId: existing[0].id, publishableKey: key?.token }
  }
  const {
    result: [channel],
  } = await createSalesChannelsWorkflow(container).run({ input: { salesChannelsData: [{ name: '茶舗 Web Store' }] } })
  const {
    result: [key],
  } = await createApiKeysWorkflow(container).run({ input: { api_keys: [{ title: 'Storefront', type: 'publishable', created_by: 'seed' }] } })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } })
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [{ name: '日本 / Japan', currency_code: 'jpy', countries: ['jp'], automatic_taxes: false, payment_providers: ['pp_escott-card_escott', 'pp_escott-cvs_escott'] }],
    },
  })
  await createProductsWorkflow(container).run({
    input: {
      products: PRODUCTS.map((p) => ({
        title: p.title,
        handle: p.handle,
        description: p.description,
        status: 'published',
        options: [{ title: 'Size', values: ['Default'] }],
        variants: [{ title: 'Default', sku: p.handle, manage_inventory: false, options: { Size: 'Default' }, prices: [{ amount: p.price, currency_code: 'jpy' }] }],
        sales_channels: [{ id: channel.id }],
      })),
    },
  })
  logger.info(`seed: region ${region.id}, ${PRODUCTS.length} products, publishable key ${key.token}`)
  return { regionId: region.id, publishableKey: key.token }
}

/** `medusa exec` entry point: also writes the result to $SEED_OUTPUT for the demo script. */
async function run(args) {
  const result = await seed(args)
  if (process.env.SEED_OUTPUT) require('node:fs').writeFileSync(process.env.SEED_OUTPUT, JSON.stringify(result))
  return result
}

module.exports = seed
module.exports.default = run
module.exports.PRODUCTS = PRODUCTS
