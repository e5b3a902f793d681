import { describe, expect, it } from 'vitest';
import { findPlaces } from '../src/extract/places.ts';
import { segment } from '../src/extract/segment.ts';

const places = (body: string) => {
  const segmented = segment(body);
  return findPlaces(segmented, new Array(segmented.tokens.length).fill(false)).map(
    (p) => `${p.name}=${p.country}`,
  );
};

describe('findPlaces', () => {
  it('finds cities with their country, the most populous of a shared name', () => {
    expect(places('Talks in Mombasa moved to Paris.')).toEqual(['Mombasa=KE', 'Paris=FR']);
  });

  it('finds a capital after a preposition and news spellings of Arabic names', () => {
    expect(places('Jets flew from Moscow to Raqqa.')).toEqual(['Moscow=RU', 'Raqqa=SY']);
  });

  it('skips a city name that starts a longer name', () => {
    expect(places('The London Stock Exchange fell.')).toEqual([]);
  });
});
