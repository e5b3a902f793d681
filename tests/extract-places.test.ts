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

describe('findPlaces beyond the city gazetteer', () => {
  it('takes the dateline city, regions, seas and venues', () => {
    expect(
      places(
        'NAIROBI (Reuters) - Ships crossed the Caspian Sea to the Gulf of Aden. Talks at the Harambee Palace and in the Middle East went on.',
      ),
    ).toEqual([
      'Nairobi=KE',
      'Caspian Sea=undefined',
      'Gulf of Aden=undefined',
      'Harambee Palace=undefined',
      'Middle East=undefined',
    ]);
  });

  it('takes names shown to be places by the words around them, and their later mentions', () => {
    expect(
      places(
        'A blast hit Kilimani metro station and the district of Westlands. Troops flew to Greek islands such as Kythira. Westlands was quiet.',
      ),
    ).toEqual(['Kilimani=undefined', 'Westlands=undefined', 'Kythira=undefined']);
  });

  it('takes smaller towns only after a preposition, and news spellings without apostrophes', () => {
    expect(places('Talks at Le Chesnay ended. Fighting raged around Svitlovodsk.')).toEqual([
      'Le Chesnay=FR',
      'Svitlovodsk=UA',
    ]);
    expect(places('Le Chesnay ended talks.')).toEqual([]);
  });

  it('does not cut "York" out of "New York"', () => {
    expect(places('Diplomats met in New York.')).toEqual(['New York=US']);
  });
});

describe('findPlaces datelines', () => {
  it('takes every city of a dateline filed from two places', () => {
    expect(places('NAIROBI/KAMPALA (Reuters) - Talks began.')).toEqual(['Nairobi=KE', 'Kampala=UG']);
  });
});
