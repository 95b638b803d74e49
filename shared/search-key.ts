/**
 * Letters that Unicode decomposition does not reduce to a base letter, folded the way a reader of the
 * network's languages types them without the special key: Turkish dotless ı (and İ, which NFKD
 * turns into I + a combining dot), Norwegian and Danish ø, æ, å, German ß, Icelandic ð and þ.
 * Swedish and Finnish ä, ö and å decompose, so NFKD already folds them to a and o.
 */
const LETTERS: Record<string, string> = { ı: 'i', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ð: 'd', þ: 'th', ł: 'l', đ: 'd' };
const LETTER_PATTERN = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

/**
 * The one search key of the hub: what names and texts are stored as for `search`, and what a search
 * term is folded to before it is looked up. Case-insensitive in every locale (Turkish İ/ı and I/i
 * all become i), accent-insensitive (Göteborg, Goteborg), and Norwegian letters fold to what a
 * keyboard without them types (Tromsø → tromso, Bærum → baerum). Whitespace runs become one space.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(LETTER_PATTERN, (letter) => LETTERS[letter])
    .replace(/\s+/g, ' ')
    .trim();
}
