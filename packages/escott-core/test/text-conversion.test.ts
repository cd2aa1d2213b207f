import { describe, expect, it } from 'vitest'
import { isEscottValidationError, isFullWidth, isHalfWidthKatakana, toFullWidth, toFullWidthKatakana, toHalfWidthAscii, toHalfWidthKatakana, toHalfWidthPhone } from '../src/index.js'

// The character-set conversions applied to text fields before they are sent, as mb_convert_kana applies them in the
// gateway's own modules.

describe('full width (2Add NameKanji, ShouhinName, Free1–Free16, Comment)', () => {
  it('turns every printable ASCII character into its full-width form, the space into an ideographic space, and " \' \\ ~ as E2 maps them', () => {
    expect(toFullWidth('Order #12: "A" & \'B\' \\ ~ ok')).toBe('Ｏｒｄｅｒ　＃１２：　＂Ａ＂　＆　＇Ｂ＇　＼　～　ｏｋ')
    expect(toFullWidth('!}')).toBe('！｝')
  })

  it('merges half-width katakana with its voiced marks, keeps a lone mark visible, and leaves kanji and kana alone', () => {
    expect(toFullWidth('ｶﾞｷﾞﾊﾟ')).toBe('ガギパ')
    expect(toFullWidth('ﾞ')).toBe('゛')
    expect(toFullWidth('ﾟ')).toBe('゜')
    expect(toFullWidth('山田　ひろし')).toBe('山田　ひろし')
  })

  it('for NameKana, turns hiragana into katakana as well', () => {
    expect(toFullWidthKatakana('やまだ ﾀﾛｳ')).toBe('ヤマダ　タロウ')
    expect(toFullWidthKatakana('ゔぁゖ')).toBe('ヴァヶ')
  })
})

describe('half-width katakana (KanaSei, KanaMei)', () => {
  it('turns hiragana and full-width katakana into half-width katakana, voiced marks split off', () => {
    expect(toHalfWidthKatakana('やまだ')).toBe('ﾔﾏﾀﾞ')
    expect(toHalfWidthKatakana('ガーデン')).toBe('ｶﾞｰﾃﾞﾝ')
  })

  it('gives the nearest plain kana for small or rare katakana without a half-width form, and converts lone voiced marks', () => {
    expect(toHalfWidthKatakana('ヵヶヮヰヱ')).toBe('ｶｹﾜｲｴ')
    expect(toHalfWidthKatakana('゛゜')).toBe('ﾞﾟ')
  })

  it('turns full-width letters and digits into ASCII on the way', () => {
    expect(toHalfWidthKatakana('ＡＢ１')).toBe('AB1')
  })
})

describe('half-width ASCII and phone numbers (TelNo, Free18, Free19)', () => {
  it('turns full-width ASCII into ASCII and the ideographic space into a space', () => {
    expect(toHalfWidthAscii('０３－１２３４　ＡＢ')).toBe('03-1234 AB')
  })

  it('turns every dash a Japanese IME produces between digits into a hyphen', () => {
    expect(toHalfWidthPhone('０３ー１２３４ー５６７８')).toBe('03-1234-5678')
    expect(toHalfWidthPhone('03‐1234–5678—9―0−1')).toBe('03-1234-5678-9-0-1')
  })
})

describe('the character checks', () => {
  it('full width means no ASCII, no control character and no half-width katakana', () => {
    expect(isFullWidth('山田　太郎')).toBe(true)
    expect(isFullWidth('山田 太郎')).toBe(false)
    expect(isFullWidth('ﾀﾛｳ')).toBe(false)
    expect(isFullWidth(42 as never)).toBe(false)
  })

  it('half-width katakana means every character, from the first to the last', () => {
    expect(isHalfWidthKatakana('ﾔﾏﾀﾞ')).toBe(true)
    expect(isHalfWidthKatakana('ﾔﾏﾀﾞa')).toBe(false)
    expect(isHalfWidthKatakana('aﾔﾏﾀﾞ')).toBe(false)
    expect(isHalfWidthKatakana('')).toBe(false)
    expect(isHalfWidthKatakana(['ﾔ'] as never)).toBe(false)
  })
})

describe('input that is not text', () => {
  it.each([
    ['toFullWidth', toFullWidth],
    ['toFullWidthKatakana', toFullWidthKatakana],
    ['toHalfWidthKatakana', toHalfWidthKatakana],
    ['toHalfWidthAscii', toHalfWidthAscii],
    ['toHalfWidthPhone', toHalfWidthPhone],
  ])('%s refuses it with an EscottValidationError naming the value', (_name, convert) => {
    let error: unknown
    try {
      convert(12345 as never)
    } catch (e) {
      error = e
    }
    expect(isEscottValidationError(error)).toBe(true)
    expect((error as { field: string }).field).toBe('value')
  })
})
