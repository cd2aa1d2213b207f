/**
 * Product pictures of the demo catalogue: small SVG illustrations (no binary files in the starter kit, no photo
 * rights to clear). Replace them with your own photos: put files under a static folder and point `image` in
 * catalog.js at them (README.md, "Before going live").
 */

const frame = (bg, inner) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 200" role="img"><rect width="320" height="200" fill="${bg}"/>${inner}</svg>`

const leaf = (x, y, r, c) =>
  `<path transform="translate(${x} ${y}) rotate(${r})" d="M0 0c12-14 34-14 46 0c-12 14-34 14-46 0z" fill="${c}"/><path transform="translate(${x} ${y}) rotate(${r})" d="M2 0h42" stroke="#fff" stroke-opacity=".5" stroke-width="1.5"/>`

/** SVG source by SKU. */
export const PRODUCT_IMAGES = {
  // a tea pouch with a label and two leaves
  'SENCHA-100': frame(
    '#eaf3e3',
    `<path d="M120 40h80l8 130h-96z" fill="#4d7c3a"/><path d="M120 40h80l2 16h-84z" fill="#3b6330"/><rect x="132" y="80" width="56" height="62" rx="4" fill="#f7f3e8"/>
<text x="160" y="108" font-size="20" text-anchor="middle" fill="#3b6330" font-family="serif">煎茶</text><text x="160" y="130" font-size="11" text-anchor="middle" fill="#6b6b6b" font-family="sans-serif">100g</text>
${leaf(214, 150, -20, '#6aa84f')}${leaf(70, 160, -35, '#7fbf5f')}`,
  ),
  // a matcha tin and a bowl of whisked matcha
  'MATCHA-30': frame(
    '#e6f0da',
    `<rect x="70" y="58" width="78" height="104" rx="6" fill="#2f5d34"/><rect x="66" y="50" width="86" height="16" rx="4" fill="#1f3f24"/><rect x="80" y="90" width="58" height="40" fill="#d9c27a"/>
<text x="109" y="117" font-size="18" text-anchor="middle" fill="#2f5d34" font-family="serif">抹茶</text>
<path d="M176 118h100c0 30-22 48-50 48s-50-18-50-48z" fill="#3d3d3d"/><ellipse cx="226" cy="118" rx="50" ry="10" fill="#8cc152"/><ellipse cx="226" cy="117" rx="34" ry="6" fill="#a5d36b"/>`,
  ),
  // a box of roasted tea bags
  'HOJICHA-TB': frame(
    '#f3ebe1',
    `<rect x="64" y="70" width="120" height="90" rx="4" fill="#8b5a2b"/><rect x="64" y="70" width="120" height="22" fill="#6e4522"/><text x="124" y="130" font-size="18" text-anchor="middle" fill="#f7f3e8" font-family="serif">ほうじ茶</text>
<path d="M206 70h56v62l-28 16l-28-16z" fill="#f7f3e8" stroke="#c9b8a3"/><path d="M234 70v-26" stroke="#8b5a2b" stroke-width="2"/><rect x="224" y="30" width="20" height="16" fill="#c0392b"/><circle cx="234" cy="104" r="14" fill="#a0703f"/>`,
  ),
  // a red-clay kyusu with its side handle
  'KYUSU-01': frame(
    '#f5e9e2',
    `<ellipse cx="160" cy="122" rx="64" ry="46" fill="#b5533c"/><ellipse cx="160" cy="84" rx="40" ry="9" fill="#9c4330"/><circle cx="160" cy="72" r="8" fill="#9c4330"/>
<path d="M96 118c-22-6-34-20-40-34l10-4c8 12 18 22 34 26z" fill="#b5533c"/><path d="M218 108l64-20l4 10l-62 26z" fill="#9c4330"/><path d="M120 160h80" stroke="#7d3526" stroke-width="4"/>`,
  ),
  // two white porcelain cups with an indigo band
  'YUNOMI-2': frame(
    '#e8eef5',
    `<path d="M74 70h70l-8 90h-54z" fill="#fbfbfb" stroke="#c9d3de"/><path d="M77 100h64l-2 14h-60z" fill="#2c4f8c"/>
<path d="M176 70h70l-8 90h-54z" fill="#fbfbfb" stroke="#c9d3de"/><path d="M179 100h64l-2 14h-60z" fill="#2c4f8c"/>
<ellipse cx="109" cy="70" rx="35" ry="6" fill="#eef2f6" stroke="#c9d3de"/><ellipse cx="211" cy="70" rx="35" ry="6" fill="#eef2f6" stroke="#c9d3de"/>`,
  ),
}

/** The picture's URL of a product (served by routes/shop.js). */
export const imageUrl = (sku) => `/images/${encodeURIComponent(sku)}.svg`
