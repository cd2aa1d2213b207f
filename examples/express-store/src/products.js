/** The demo catalogue: a small Japanese tea shop. Prices are integer yen, tax included. */
export const PRODUCTS = [
  { sku: 'SENCHA-100', name: '煎茶「さえみどり」100g', nameEn: 'Sencha "Saemidori" 100 g', price: 1620, description: '鹿児島県産。すっきりとした甘みの一番茶。' },
  { sku: 'MATCHA-30', name: '抹茶「初昔」30g', nameEn: 'Matcha "Hatsumukashi" 30 g', price: 2700, description: '宇治の石臼挽き抹茶。お濃茶にも。' },
  { sku: 'HOJICHA-TB', name: 'ほうじ茶ティーバッグ 20包', nameEn: 'Hojicha tea bags ×20', price: 864, description: '香ばしい焙煎の香り。オフィスにも。' },
  { sku: 'KYUSU-01', name: '常滑焼 急須 300ml', nameEn: 'Tokoname teapot 300 ml', price: 5500, description: '朱泥の急須。茶こし一体型。' },
  { sku: 'YUNOMI-2', name: '湯呑み 2客セット', nameEn: 'Pair of teacups', price: 3960, description: '有田焼の白磁。ご贈答に。' },
]

export function findProduct(sku) {
  return PRODUCTS.find((p) => p.sku === sku)
}
