import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/extract/index.ts';
import { evalArticle, fixture } from './helpers-extract.ts';

function claims(input: Parameters<typeof extractArticle>[0]) {
  const annotation = extractArticle(input);
  const name = (key?: string) => annotation.entities.find((e) => e.key === key)?.name;
  return annotation.claims.map((c) => ({ ...c, who: name(c.speaker) }));
}

describe('findClaims', () => {
  it('credits quotations before and after the attribution, and unattributed quote paragraphs', () => {
    const found = claims(fixture('invented-ankor-talks.txt'));
    expect(found.map((c) => [c.who, c.kind, c.quote ? 'quote' : 'reported'])).toEqual([
      ['Joseph Mwangi', 'STATEMENT', 'reported'],
      ['Joseph Mwangi', 'STATEMENT', 'quote'],
      ['Joseph Mwangi', 'STATEMENT', 'quote'],
      ['Lucia Bernardi', 'APPEAL', 'reported'],
      ['Lucia Bernardi', 'STATEMENT', 'quote'],
      ['Kenyan Foreign Ministry', 'STATEMENT', 'reported'],
    ]);
    expect(found[2]?.text).toBe('This is not our war');
  });

  it('follows "the statement said" and "adding that" back to the organisation that spoke', () => {
    const found = claims(evalArticle('08_lavrov_kerry_cessation_of_hostilities.txt'));
    expect(new Set(found.map((c) => c.who))).toEqual(new Set(['Russian Foreign Ministry']));
    expect(found.map((c) => c.verb)).toEqual(['said', 'said', 'adding', 'said']);
  });

  it('takes the kind from the verb and what the claim is about from its entities', () => {
    const found = claims(evalArticle('05_uk_mps_vote_syria_air_strikes.txt'));
    const conceded = found.find((c) => c.verb === 'conceded');
    expect(conceded?.kind).toBe('ACKNOWLEDGEMENT');
    expect(found.every((c) => c.who)).toBe(true);
    const hammond = found.find((c) => c.text.startsWith('I cannot believe'));
    expect(hammond?.about).toContain('raqqa');
  });

  it('uses one evidence span that is the claim text', () => {
    const input = evalArticle('01_g20_tusk_russia_refugees.txt');
    for (const claim of extractArticle(input).claims) {
      const span = claim.evidence as { start: number; end: number };
      expect(input.body.slice(span.start, span.end)).toBe(claim.text);
    }
  });
});
