/**
 * Stage 3 — country mentions. Matches the `world-countries` gazetteer (names, alt spellings, demonyms,
 * capitals, seats of government) over the tokens. A capital counts as its country only when it is used
 * as an actor or modifier ("a Moscow ally", "Washington said"); after a locative preposition ("in
 * Moscow") it is a place and the places stage takes it.
 */
import { countryLexicon } from './lexicon/countries.ts';
import { NO_SPANS, type TaggedSpans } from './ner/spans.ts';
import { isCapitalised, type Segmented } from './segment.ts';
import type { CountryMention } from './types.ts';

export const LOCATIVE_PREPOSITIONS = new Set([
  'in',
  'at',
  'to',
  'from',
  'near',
  'into',
  'outside',
  'across',
  'via',
  'visit',
  'visited',
  'visiting',
  'of',
]);

/** A country-gazetteer match the tagger does not confirm is still nearly always right. */
const GAZETTEER_CONFIDENCE = 0.9;

/** Every mention of a country, left to right. */
export function findCountryMentions(
  segmented: Segmented,
  tagged: TaggedSpans = NO_SPANS(segmented.tokens.length),
): CountryMention[] {
  const { tokens } = segmented;
  const { index } = countryLexicon();
  const mentions: CountryMention[] = [];
  for (const match of index.matchAll(tokens)) {
    const first = tokens[match.tokenStart];
    const last = tokens[match.tokenEnd - 1];
    if (!first || !last) continue;
    const { code, form } = match.value;
    if (tagged.longerThan(match.tokenStart, match.tokenEnd)) continue;
    const same = tagged.exactly(match.tokenStart, match.tokenEnd);
    if (same?.type === 'PER' && same.confidence >= 0.5) continue;
    if (form === 'capital') {
      const before = tokens[match.tokenStart - 1]?.text.toLowerCase() ?? '';
      const after = tokens[match.tokenEnd];
      const partOfLongerName = after && isCapitalised(after.text) && after.sentence === last.sentence;
      if (LOCATIVE_PREPOSITIONS.has(before) || partOfLongerName) continue;
    }
    mentions.push({
      code,
      form,
      start: first.start,
      end: last.end,
      tokenStart: match.tokenStart,
      tokenEnd: match.tokenEnd,
      method: same ? 'model' : 'rule',
      confidence: same ? Math.max(same.confidence, GAZETTEER_CONFIDENCE) : GAZETTEER_CONFIDENCE,
    });
  }
  return mentions;
}
