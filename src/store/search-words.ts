/**
 * Words as the search index may hold them (db/0002_search.sql: lower case, diacritics removed), for the
 * change log and the response cache to tell which cached searches a write reaches. Every spelling the
 * index could use is kept, so that a word the index would match always has a form in common with the
 * search, at the price of a few answers dropped for nothing.
 */

/** Runs of letters and digits: the words of src/store/search.ts. */
const WORD = /[\p{L}\p{N}]+/gu;
/** Letters that FTS5 folds to a plain letter but Unicode does not decompose. */
const FOLDS: Record<string, string> = { ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ı: 'i' };

/** The spellings the index may hold a word under. */
export function wordForms(word: string): string[] {
  const lower = word.toLowerCase();
  const bare = lower.normalize('NFD').replace(/\p{M}/gu, '');
  const folded = bare.replace(/[øłđħı]/g, (letter) => FOLDS[letter] ?? letter);
  return [...new Set([lower, bare, folded])];
}

/** The words of a query, as typed. */
export const queryWords = (query: string): string[] => query.match(WORD) ?? [];

/** Every form of every word of indexed text. */
export function textWordForms(text: string, into = new Set<string>()): Set<string> {
  // Text stored decomposed splits at its marks where composed text does not: take both words.
  for (const word of [...(text.match(WORD) ?? []), ...(text.normalize('NFC').match(WORD) ?? [])]) {
    for (const form of wordForms(word)) into.add(form);
  }
  return into;
}
