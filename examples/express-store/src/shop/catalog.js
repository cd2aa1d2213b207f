/**
 * The demo catalogue: a small Japanese tea shop. Prices are integer yen, consumption tax included; `taxRate` is the
 * rate included (8 = 軽減税率 for food and drink such as tea, 10 = standard, e.g. teaware). `stock` is the quantity the
 * shop starts with (the live count is in the database, table shop_stock). Replace this list with your products.
 */
export const PRODUCTS = [
  {
    sku: 'SENCHA-100',
    name: '煎茶「さえみどり」100g',
    nameEn: 'Sencha "Saemidori" 100 g',
    price: 1620,
    taxRate: 8,
    stock: 50,
    description: '鹿児島県産。すっきりとした甘みの一番茶。',
    descriptionEn: 'First-flush green tea from Kagoshima, clean and sweet.',
  },
  {
    sku: 'MATCHA-30',
    name: '抹茶「初昔」30g',
    nameEn: 'Matcha "Hatsumukashi" 30 g',
    price: 2700,
    taxRate: 8,
    stock: 30,
    description: '宇治の石臼挽き抹茶。お濃茶にも。',
    descriptionEn: 'Stone-ground matcha from Uji, rich enough for koicha.',
  },
  {
    sku: 'HOJICHA-TB',
    name: 'ほうじ茶ティーバッグ 20包',
    nameEn: 'Hojicha tea bags ×20',
    price: 864,
    taxRate: 8,
    stock: 80,
    description: '香ばしい焙煎の香り。オフィスにも。',
    descriptionEn: 'Roasted green tea with a toasty aroma, handy at the office.',
  },
  {
    sku: 'KYUSU-01',
    name: '常滑焼 急須 300ml',
    nameEn: 'Tokoname teapot 300 ml',
    price: 5500,
    taxRate: 10,
    stock: 10,
    description: '朱泥の急須。茶こし一体型。',
    descriptionEn: 'Red clay (shudei) teapot with a built-in strainer.',
  },
  {
    sku: 'YUNOMI-2',
    name: '湯呑み 2客セット',
    nameEn: 'Pair of teacups',
    price: 3960,
    taxRate: 10,
    stock: 12,
    description: '有田焼の白磁。ご贈答に。',
    descriptionEn: 'White Arita porcelain, a fine gift.',
  },
]

export function findProduct(sku) {
  return PRODUCTS.find((p) => p.sku === sku)
}

/** A product's name and description in the page's language. */
export function productText(p, lang) {
  return lang === 'en' ? { name: p.nameEn ?? p.name, description: p.descriptionEn ?? p.description } : { name: p.name, description: p.description }
}
