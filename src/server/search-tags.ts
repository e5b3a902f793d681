/**
 * Cache tags that tie a cached search to the words it looked for, so that a write drops it only when text
 * it adds or takes away holds one of them (words folded as src/store/search-words.ts does). A search's
 * last word matches as a prefix of two letters or more (src/store/search.ts): it is tagged by its first
 * three letters, which every word it matches starts with.
 */
import { queryWords, textWordForms, wordForms } from '../store/search-words.ts';
import type { CacheTag } from './cache-tags.ts';

/** The tag type every search answer carries: dropping it drops them all. */
export const SEARCH_TAG = 'search';

const PREFIX_LENGTHS = [2, 3];
const LONGEST_PREFIX = 3;

const term = (form: string): CacheTag => ({ typename: SEARCH_TAG, id: `term:${form}` });
const prefix = (form: string): CacheTag => ({ typename: SEARCH_TAG, id: `prefix:${form}` });

/** The tags of a cached answer to `search(query: ...)`. */
export function searchQueryTags(query: string): CacheTag[] {
  const words = queryWords(query);
  const tags = new Map<string, CacheTag>([[SEARCH_TAG, { typename: SEARCH_TAG }]]);
  words.forEach((word, i) => {
    for (const form of wordForms(word)) {
      const last = i === words.length - 1 && form.length >= 2;
      const tag = last ? prefix(form.slice(0, LONGEST_PREFIX)) : term(form);
      tags.set(tag.id as string, tag);
    }
  });
  return [...tags.values()];
}

/** The tags text added to or taken from the index drops: each word's, and the prefixes that match it. */
export function searchWordTags(forms: Iterable<string>): CacheTag[] {
  const ids = new Set<string>();
  for (const form of forms) {
    ids.add(`term:${form}`);
    for (const length of PREFIX_LENGTHS)
      if (form.length >= length) ids.add(`prefix:${form.slice(0, length)}`);
  }
  return [...ids].map((id) => ({ typename: SEARCH_TAG, id }));
}

/** The tags of new indexed text. */
export function searchTextTags(texts: readonly string[]): CacheTag[] {
  const forms = new Set<string>();
  for (const text of texts) textWordForms(text, forms);
  return searchWordTags(forms);
}
