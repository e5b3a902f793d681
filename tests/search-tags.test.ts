import { describe, expect, it } from 'vitest';
import { searchQueryTags, searchTextTags, searchWordTags } from '../src/server/search-tags.ts';
import { textWordForms } from '../src/store/search-words.ts';

const ids = (tags: { id?: string | number }[]) => new Set(tags.map((tag) => tag.id).filter(Boolean));
const meets = (query: string, text: string) => {
  const written = ids(searchTextTags([text]));
  return [...ids(searchQueryTags(query))].some((id) => written.has(id));
};

describe('search cache tags', () => {
  it('ties a search to text the index would match it in', () => {
    expect(meets('Bergström', 'Anna Bergstrom said')).toBe(true);
    expect(meets('bergstrom', 'Anna Bergström said')).toBe(true);
    expect(meets('Łódź', 'the mayor of Lodz')).toBe(true);
    // The last word is a prefix: "Ber" finds Bergström.
    expect(meets('Ber', 'Anna Bergström said')).toBe(true);
    expect(meets('anna berg', 'Anna Bergström said')).toBe(true);
    // Decomposed text splits at its marks in the index: both readings are tagged.
    expect(meets('Bergström', 'Anna Bergstro\u0308m said')).toBe(true);
  });

  it('leaves a search alone when the text holds none of its words', () => {
    expect(meets('Bergström', 'the minister said on Tuesday')).toBe(false);
    expect(meets('Kowalski Warsaw', 'the minister said on Tuesday')).toBe(false);
  });

  it('tags lost text as its words, as the change log folds them', () => {
    const lost = ids(searchWordTags(textWordForms('Anna Bergström')));
    expect([...ids(searchQueryTags('bergstrom'))].some((id) => lost.has(id))).toBe(true);
  });

  it('always carries the tag that drops every search', () => {
    expect(searchQueryTags('anything')).toContainEqual({ typename: 'search' });
  });
});
