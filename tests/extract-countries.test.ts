import { describe, expect, it } from 'vitest';
import { findCountryMentions } from '../src/extract/countries.ts';
import { segment } from '../src/extract/segment.ts';

const codes = (body: string) =>
  findCountryMentions(segment(body)).map((m) => `${body.slice(m.start, m.end)}=${m.code}`);

describe('findCountryMentions', () => {
  it('recognises names, short forms, demonyms and dotted abbreviations from the gazetteer', () => {
    expect(codes('Kenyan troops left Britain for the U.S. and the Netherlands.')).toEqual([
      'Kenyan=KE',
      'Britain=GB',
      'U.S.=US',
      'Netherlands=NL',
    ]);
  });

  it('takes capitals and seats of government as metonyms, but not after "in"', () => {
    expect(codes("A Moscow ally said the Kremlin agreed, and Washington's envoy stayed in Paris.")).toEqual([
      'Moscow=RU',
      'Kremlin=RU',
      'Washington=US',
    ]);
  });
});
