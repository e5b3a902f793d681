/**
 * The form names are compared in: lower case, accents and punctuation removed, spaces collapsed.
 * "Jean-Luc Dufresne" and "jean luc dufresne" are the same name; lookups, merges and filters all use this.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A URL- and key-safe slug: "Jean-Luc Dufresne" → "jean-luc-dufresne". Letters of other scripts stay
 * (recomposed), so an Arabic or Greek headline gets a slug of its own words rather than a placeholder.
 */
export function slugify(text: string): string {
  return (
    [...normaliseName(text).normalize('NFC').replace(/ +/g, '-')].slice(0, 80).join('').replace(/-+$/, '') ||
    'item'
  );
}
