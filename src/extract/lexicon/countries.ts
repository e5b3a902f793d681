/**
 * Country gazetteer built from the `world-countries` package (ODbL): common and official names, English
 * alternative spellings, demonyms (which English also uses as adjectives: "Russian president") and
 * capitals (for metonyms: "Moscow's ally"). A handful of seats of government ("the Kremlin") are added
 * as general knowledge because no package lists them.
 */
import worldCountriesModule, { type Country } from 'world-countries';
import { PhraseIndex } from './phrase-index.ts';

export type CountryForm = 'name' | 'demonym' | 'capital' | 'seat';

export interface CountryEntry {
  code: string;
  form: CountryForm;
}

export interface CountryInfo {
  code: string;
  name: string;
  capital?: string;
}

/** Abbreviations that news copy uses for countries; other two-letter alt spellings are ISO codes. */
const ABBREVIATIONS = new Set(['US', 'USA', 'UK', 'UAE', 'DRC', 'PRC', 'DPRK', 'ROK']);

const EXTRA_NAMES: Record<string, string[]> = {
  GB: ['Britain'],
  US: ['America', 'United States of America'],
  CN: ["People's Republic of China"],
  KP: ['North Korea'],
  KR: ['South Korea'],
  CD: ['DR Congo', 'Democratic Republic of Congo'],
  CI: ['Ivory Coast'],
  MM: ['Burma'],
  CZ: ['Czech Republic'],
  TR: ['Turkey', 'Turkiye'],
  MK: ['Macedonia'],
};

/** Names that English-language news used in 2015–2016 where the gazetteer has a newer one. */
const NEWS_NAMES: Record<string, string> = { TR: 'Turkey', MK: 'Macedonia' };

/** Buildings and streets that stand for a government in news copy. */
const SEATS_OF_GOVERNMENT: Record<string, string[]> = {
  RU: ['Kremlin'],
  US: ['White House', 'Pentagon', 'Capitol Hill'],
  GB: ['Downing Street', 'Whitehall'],
  FR: ['Elysee', 'Élysée', 'Elysee Palace', 'Élysée Palace', "Quai d'Orsay"],
  CN: ['Zhongnanhai'],
};

// The package's types describe an ES default export while Node loads its CommonJS build: accept both.
const worldCountries: Country[] = Array.isArray(worldCountriesModule)
  ? worldCountriesModule
  : (worldCountriesModule as unknown as { default: Country[] }).default;

const dotted = (abbreviation: string) => `${abbreviation.split('').join('.')}.`;
const stripDiacritics = (text: string) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

function usableAltSpelling(alt: string): boolean {
  if (ABBREVIATIONS.has(alt)) return true;
  return /\p{Ll}/u.test(alt) && alt.length >= 4 && !alt.includes(',') && !alt.includes('(');
}

// Demonyms shared by several countries go to the largest sovereign one (e.g. "Korean" → the Republic).
const rank = (c: Country) => (c.independent ? 1e9 : 0) + (c.area ?? 0);

interface CountryLexicon {
  index: PhraseIndex<CountryEntry>;
  byCode: Map<string, CountryInfo>;
}

function build(): CountryLexicon {
  const index = new PhraseIndex<CountryEntry>();
  const byCode = new Map<string, CountryInfo>();
  const sorted = [...worldCountries].sort((a, b) => rank(b) - rank(a));
  const add = (phrase: string, entry: CountryEntry) => {
    index.add(phrase, entry);
    const plain = stripDiacritics(phrase);
    if (plain !== phrase) index.add(plain, entry);
  };
  for (const country of sorted) {
    const code = country.cca2;
    const capital = country.capital?.[0]?.replace(/,? D\.C\.$/, '');
    byCode.set(code, {
      code,
      name: NEWS_NAMES[code] ?? country.name.common,
      ...(capital ? { capital } : {}),
    });
    for (const name of [country.name.common, country.name.official, ...(EXTRA_NAMES[code] ?? [])]) {
      add(name, { code, form: 'name' });
    }
    for (const alt of country.altSpellings) {
      if (!usableAltSpelling(alt)) continue;
      add(alt, { code, form: 'name' });
      if (ABBREVIATIONS.has(alt)) add(dotted(alt), { code, form: 'name' });
    }
    const demonyms = country.demonyms?.eng;
    if (demonyms)
      for (const demonym of new Set([demonyms.m, demonyms.f])) add(demonym, { code, form: 'demonym' });
    if (capital && country.independent) add(capital, { code, form: 'capital' });
    for (const seat of SEATS_OF_GOVERNMENT[code] ?? []) add(seat, { code, form: 'seat' });
  }
  return { index, byCode };
}

let lexicon: CountryLexicon | undefined;

/** The country gazetteer, built once per process. */
export function countryLexicon(): CountryLexicon {
  lexicon ??= build();
  return lexicon;
}

/** "Russia", "the United States": the form that reads naturally after "of". */
export function countryNameWithArticle(name: string): string {
  return /^(United|Republic|Kingdom|Netherlands|Philippines|Bahamas|Gambia|Czech|Central African|Dominican Republic)|(Islands|Emirates|States)$/.test(
    name,
  )
    ? `the ${name}`
    : name;
}
