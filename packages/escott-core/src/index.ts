export { encodeForm, parseResponse, splitCodes, type WireFields } from './wire.js'
export { tokyoDate, tokyoDateTime, tokyoEndOfDayAfter, parseTokyo } from './time.js'
