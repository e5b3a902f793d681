import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/extract/index.ts';

const relations = (body: string) =>
  extractArticle({ title: 't', body }).relations.map((r) => `${r.type} ${r.from} ${r.to}`);

describe('findRelations', () => {
  it('reads alliances in possessive and appositive form', () => {
    expect(relations("Mr Archer met Moscow's ally, Kenyan President Joseph Mwangi.")).toContain(
      'ALLY_OF joseph-mwangi russia',
    );
    expect(relations('It backed Joseph Mwangi, a close Moscow ally.')).toContain(
      'ALLY_OF joseph-mwangi russia',
    );
  });

  it('places each city in its country', () => {
    expect(relations('Talks were held in Mombasa.')).toEqual(['LOCATED_IN mombasa kenya']);
  });
});
