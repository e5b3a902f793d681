/**
 * Stage 4 — organisations. Three sources, strongest first: acronyms introduced with their expansion
 * ("Northern Water Council (NWC)"), which also teach the acronym for later mentions; the
 * well-known organisations list; and capitalised names ending in an organisation head noun ("Kenyan
 * Foreign Ministry", "Channel News") or starting with one before "of" ("Ministry of Defence"). Unknown
 * all-capital acronyms ("RAF"-like) are taken as organisations too, since in news copy they nearly
 * always are. On top of these, the names the trained tagger reads as organisations ("Airbus", "Kenya
 * Power"), and single names it calls miscellaneous that act as a company does ("Airbus said"). Rules never
 * take what the tagger reads, with confidence, as a person, place or other name, nor words on an all-caps
 * line (datelines and bylines such as "NAIROBI").
 */

import { cityIndex } from './lexicon/cities.ts';
import { countryLexicon } from './lexicon/countries.ts';
import {
  type KnownOrganization,
  knownOrganizationIndex,
  ORGANIZATION_HEADS,
  ORGANIZATION_HEADS_BEFORE_OF,
} from './lexicon/organizations.ts';
import { titleIndex } from './lexicon/titles.ts';
import {
  isCommonWord,
  isFunctionWord,
  isGivenName,
  isKnownSurname,
  isOrganizationWord,
} from './lexicon/words.ts';
import { NO_SPANS, type TaggedSpans } from './ner/spans.ts';
import { capsLineFlags } from './ner/tokenize.ts';
import { bylineNames, datelineTokens, isCapitalised, type Segmented, type Token } from './segment.ts';
import type { Mention, OrganizationFinding } from './types.ts';

const CONNECTORS = new Set(['of', 'for', 'and', 'the', 'on', 'de', '&']);
const NOT_ORGANIZATIONS = new Set(
  'MP MPs PM TV CEO GMT BST AM OK ID DNA HIV GDP VAT UTC EST PST UK US USA UAE EU UN AD BC II III IV'.split(
    ' ',
  ),
);
const ACRONYM = /^[A-Z][A-Z0-9&]{1,6}$/;

const isWordToken = (token: Token | undefined) => !!token && /^\p{L}/u.test(token.text);

function mentionOf(tokens: readonly Token[], tokenStart: number, tokenEnd: number): Mention {
  return {
    start: (tokens[tokenStart] as Token).start,
    end: (tokens[tokenEnd - 1] as Token).end,
    tokenStart,
    tokenEnd,
  };
}

/** Token range of the capitalised run starting at `at` (connectors allowed between capitalised words). */
function capitalisedRunFrom(tokens: readonly Token[], at: number): number {
  let end = at;
  const sentence = tokens[at]?.sentence;
  while (end < tokens.length) {
    const token = tokens[end] as Token;
    if (token.sentence !== sentence) break;
    if (isWordToken(token) && isCapitalised(token.text)) {
      end++;
      continue;
    }
    const next = tokens[end + 1];
    if (CONNECTORS.has(token.text) && end > at && next && isCapitalised(next.text) && isWordToken(next)) {
      end++;
      continue;
    }
    break;
  }
  return end;
}

function countryOfName(words: readonly Token[]): string | undefined {
  const match = countryLexicon().index.matchAt(words, 0);
  return match?.value.code;
}

interface Draft {
  name: string;
  aliases: Set<string>;
  country?: string;
  mentions: Mention[];
}

/** Confidence of each rule: roughly its precision on news copy. */
const RULE_CONFIDENCE = {
  acronymExpansion: 0.9,
  known: 0.95,
  headNoun: 0.8,
  namedGroup: 0.6,
  bareAcronym: 0.6,
  actsAsCompany: 0.6,
} as const;

/** Tagger types that veto an organisation rule on the same tokens. */
const NOT_ORGANIZATION: readonly ('PER' | 'LOC' | 'MISC')[] = ['PER', 'LOC', 'MISC'];

class Registry {
  readonly drafts = new Map<string, Draft>();
  readonly claimed: boolean[];
  /** Tokens no rule may read as an organisation: all-caps lines, and names the tagger types otherwise. */
  readonly vetoed: boolean[];

  constructor(
    segmented: Segmented,
    readonly tagged: TaggedSpans,
  ) {
    const size = segmented.tokens.length;
    this.claimed = new Array<boolean>(size).fill(false);
    this.vetoed = capsLineFlags(segmented.body, segmented.tokens);
    // A demonym the tagger calls MISC may still open an organisation's name ("Russian Foreign Ministry").
    const demonym = (k: number) =>
      countryLexicon().index.matchAt(segmented.tokens, k)?.value.form === 'demonym';
    for (let k = 0; k < size; k++)
      if (tagged.says(k, k + 1, NOT_ORGANIZATION, 0.6) && !demonym(k)) this.vetoed[k] = true;
    // A byline names a writer, whatever the tagger makes of the name.
    for (const { start, end } of bylineNames(segmented))
      for (let k = start; k < end; k++) {
        this.vetoed[k] = true;
        this.byline[k] = true;
      }
  }

  /** Tokens of a byline's name: no organisation, not even one the tagger finds. */
  readonly byline: boolean[] = [];

  /** A rule's finding, unless the tagger reads its tokens as something else. */
  allowed(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.vetoed[i]) return false;
    return true;
  }

  /** The rule's confidence, raised to the tagger's where the tagger found the same organisation. */
  confidence(mention: Mention, rule: number): Pick<Mention, 'confidence' | 'method'> {
    const same = this.tagged.exactly(mention.tokenStart, mention.tokenEnd);
    return same?.type === 'ORG'
      ? { method: 'model', confidence: Math.max(rule, same.confidence) }
      : { method: 'rule', confidence: rule };
  }

  free(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.claimed[i]) return false;
    return true;
  }

  add(
    name: string,
    found: Mention,
    extra: { alias?: string; country?: string; confidence?: number; method?: 'model' | 'rule' } = {},
  ): void {
    const mention: Mention = {
      ...found,
      ...(extra.method
        ? { method: extra.method, confidence: extra.confidence ?? 0.5 }
        : this.confidence(found, extra.confidence ?? 0.5)),
    };
    const draft = this.drafts.get(name) ?? { name, aliases: new Set<string>(), mentions: [] };
    if (extra.alias && extra.alias !== name) draft.aliases.add(extra.alias);
    if (extra.country && !draft.country) draft.country = extra.country;
    draft.mentions.push(mention);
    this.drafts.set(name, draft);
    for (let i = mention.tokenStart; i < mention.tokenEnd; i++) this.claimed[i] = true;
  }
}

function initialsMatch(words: readonly string[], acronym: string): boolean {
  const initials = words.filter((w) => !CONNECTORS.has(w)).map((w) => w[0] ?? '');
  const letters = acronym.replace(/[^A-Z]/g, '');
  return (
    initials.join('').toUpperCase() === letters ||
    (letters[0] === initials[0] && letters.length <= initials.length + 1 && letters.length >= 2)
  );
}

/** "Islamic State (IS)": the expansion becomes the name, the acronym an alias found everywhere later. */
function findAcronymExpansions(segmented: Segmented, registry: Registry): Map<string, string> {
  const { tokens } = segmented;
  const acronyms = new Map<string, string>();
  for (let i = 2; i < tokens.length - 2; i++) {
    const open = tokens[i] as Token;
    const acronym = tokens[i + 1] as Token;
    const close = tokens[i + 2] as Token;
    if (open.text !== '(' || close.text !== ')' || !ACRONYM.test(acronym.text)) continue;
    let start = i - 1;
    while (
      start > 0 &&
      (isCapitalised((tokens[start - 1] as Token).text) || CONNECTORS.has((tokens[start - 1] as Token).text))
    ) {
      if ((tokens[start - 1] as Token).sentence !== open.sentence) break;
      start--;
    }
    while (
      start < i &&
      (CONNECTORS.has((tokens[start] as Token).text) || isFunctionWord((tokens[start] as Token).text))
    )
      start++;
    const words = tokens.slice(start, i);
    if (
      !words.length ||
      !initialsMatch(
        words.map((w) => w.text),
        acronym.text,
      )
    )
      continue;
    const known = knownOrganizationIndex().matchAt(tokens, start);
    const name = known && known.tokenEnd === i ? known.value.name : words.map((w) => w.text).join(' ');
    acronyms.set(acronym.text, name);
    const confidence = RULE_CONFIDENCE.acronymExpansion;
    registry.add(name, mentionOf(tokens, start, i), {
      alias: acronym.text,
      country: known?.value.country,
      confidence,
    });
    registry.add(name, mentionOf(tokens, i + 1, i + 2), { alias: acronym.text, confidence });
  }
  return acronyms;
}

function addKnown(segmented: Segmented, registry: Registry, acronyms: Map<string, string>): void {
  const { tokens } = segmented;
  const index = knownOrganizationIndex();
  for (let i = 0; i < tokens.length; i++) {
    if (registry.claimed[i]) continue;
    const token = tokens[i] as Token;
    const expansion = acronyms.get(token.text);
    if (expansion) {
      registry.add(expansion, mentionOf(tokens, i, i + 1), {
        alias: token.text,
        confidence: RULE_CONFIDENCE.acronymExpansion,
      });
      continue;
    }
    const match = index.matchAt(tokens, i);
    if (!match || !registry.free(i, match.tokenEnd)) continue;
    // No known body inside a longer name the tagger found: "Congress" in "Iraqi National Congress".
    if (registry.tagged.longerThan(i, match.tokenEnd)) continue;
    const org: KnownOrganization = match.value;
    const surface = tokens
      .slice(i, match.tokenEnd)
      .map((t) => t.text)
      .join(' ');
    const alias = org.memberForms?.includes(surface) ? undefined : surface;
    registry.add(org.name, mentionOf(tokens, i, match.tokenEnd), {
      alias,
      country: org.country,
      confidence: RULE_CONFIDENCE.known,
    });
    i = match.tokenEnd - 1;
  }
}

/** Trims a capitalised run to the organisation name inside it, or returns undefined. */
function organizationWithin(
  tokens: readonly Token[],
  start: number,
  end: number,
): [number, number] | undefined {
  let from = start;
  while (from < end && isFunctionWord((tokens[from] as Token).text)) from++;
  // A title inside the run means a person follows ("European Commission President Anna Kowal").
  for (let k = from; k < end; k++) {
    const title = titleIndex().matchAt(tokens, k);
    if (title && k > from) {
      end = k;
      break;
    }
  }
  if (end - from < 2) return undefined;
  const first = (tokens[from] as Token).text;
  const last = (tokens[end - 1] as Token).text;
  if (ORGANIZATION_HEADS.has(last)) return [from, end];
  if (ORGANIZATION_HEADS_BEFORE_OF.has(first) && (tokens[from + 1] as Token).text === 'of')
    return [from, end];
  return undefined;
}

function addHeadNounNames(segmented: Segmented, registry: Registry): void {
  const { tokens } = segmented;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (registry.claimed[i] || !isWordToken(token) || !isCapitalised(token.text)) continue;
    const end = capitalisedRunFrom(tokens, i);
    const range = organizationWithin(tokens, i, end);
    if (range && registry.free(range[0], range[1]) && registry.allowed(range[0], range[1])) {
      const words = tokens.slice(range[0], range[1]);
      const name = words.map((w) => w.text).join(' ');
      registry.add(name, mentionOf(tokens, range[0], range[1]), {
        country: countryOfName(words),
        confidence: RULE_CONFIDENCE.headNoun,
      });
    }
    i = Math.max(i, end - 1);
  }
}

/** "the Kurdish People's Protection group": lower-case "group" after a capitalised name. */
function addNamedGroups(segmented: Segmented, registry: Registry): void {
  const { tokens } = segmented;
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i]?.text !== 'group' || registry.claimed[i - 1]) continue;
    let start = i;
    while (
      start > 0 &&
      isCapitalised((tokens[start - 1] as Token).text) &&
      isWordToken(tokens[start - 1]) &&
      !registry.claimed[start - 1]
    )
      start--;
    if (start === i || tokens[start - 1]?.text.toLowerCase() !== 'the') continue;
    const words = tokens.slice(start, i);
    if (countryLexicon().index.matchAt(words, 0)?.tokenEnd === words.length) continue;
    if (!registry.allowed(start, i)) continue;
    registry.add(words.map((w) => w.text).join(' '), mentionOf(tokens, start, i), {
      confidence: RULE_CONFIDENCE.namedGroup,
    });
  }
}

function countryEndsAt(tokens: readonly Token[], end: number): boolean {
  const countries = countryLexicon().index;
  for (let start = Math.max(0, end - 6); start < end; start++)
    if (countries.matchAt(tokens, start)?.tokenEnd === end) return true;
  return false;
}

function addBareAcronyms(segmented: Segmented, registry: Registry): void {
  const { tokens } = segmented;
  const countries = countryLexicon().index;
  // "LIMA (AP) —": the dateline is a city in capitals, not an acronym.
  const dateline = datelineTokens(segmented);
  for (let i = dateline?.end ?? 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (registry.claimed[i] || !ACRONYM.test(token.text) || NOT_ORGANIZATIONS.has(token.text)) continue;
    // "the Republic of China (ROC)": an acronym in brackets after a country is the country's.
    if (tokens[i - 1]?.text === '(' && countryEndsAt(tokens, i - 1)) continue;
    if (!/[A-Z].*[A-Z]/.test(token.text) || countries.matchAt(tokens, i)) continue;
    if (!registry.allowed(i, i + 1)) continue;
    // An acronym stands alone: capitals beside capitals are a line in capitals ("By JANE DOE").
    const capitalsBeside = (k: number) =>
      tokens[k]?.sentence === token.sentence && /^\p{Lu}{2,}$/u.test(tokens[k]?.text ?? '');
    if (capitalsBeside(i - 1) || capitalsBeside(i + 1)) continue;
    registry.add(token.text, mentionOf(tokens, i, i + 1), { confidence: RULE_CONFIDENCE.bareAcronym });
  }
}

const surfaceOf = (segmented: Segmented, span: { start: number; end: number }) =>
  segmented.body.slice(span.start, span.end).replace(/\s+/g, ' ');

/** Organisations the tagger finds, on tokens no stronger source took. */
function addTagged(segmented: Segmented, registry: Registry): void {
  const { tokens } = segmented;
  for (const span of registry.tagged.spans) {
    if (span.type !== 'ORG' || !registry.free(span.tokenStart, span.tokenEnd)) continue;
    if (registry.byline[span.tokenStart]) continue;
    let from = span.tokenStart;
    // "Russian" + "Foreign Ministry": a government body keeps its country's adjective in its name.
    const before = countryLexicon().index.matchAt(tokens, from - 1);
    if (
      before?.value.form === 'demonym' &&
      before.tokenEnd === from &&
      ORGANIZATION_HEADS.has((tokens[span.tokenEnd - 1] as Token).text) &&
      registry.free(from - 1, from)
    )
      from--;
    const mention = mentionOf(tokens, from, span.tokenEnd);
    registry.add(surfaceOf(segmented, mention), mention, {
      method: 'model',
      confidence: span.confidence,
      ...(from < span.tokenStart ? { country: before?.value.code } : {}),
    });
  }
}

/** Verbs whose subject, when the tagger calls it a miscellaneous name, is a company ("Airbus said"). */
const COMPANY_VERBS =
  /^(?:said|says|announced|announces|reported|reports|posted|posts|plans|planned|expects|expected|agreed|agrees|delivered|delivers|shares|will|would|has|had|is|was)$/;

/** The verb follows, or follows a second name joined by "and" ("Airbus and Boeing said"). */
function actsAsCompany(tokens: readonly Token[], after: number): boolean {
  const next = tokens[after]?.text ?? '';
  if (COMPANY_VERBS.test(next)) return true;
  return (
    next === 'and' &&
    /^\p{Lu}\p{Ll}+$/u.test(tokens[after + 1]?.text ?? '') &&
    COMPANY_VERBS.test(tokens[after + 2]?.text ?? '')
  );
}

/**
 * "Airbus said …", "Boeing posted …": a lone capitalised name that the tagger calls MISC (or leaves
 * untagged while the lexicon lists it as a company), acting as the subject of a company verb, when
 * nothing marks it as a person's name (no
 * given name or surname in the lexicon, no person the tagger found bears it) nor as a place.
 */
function addActingAsCompany(segmented: Segmented, registry: Registry): void {
  const { tokens } = segmented;
  const personWords = new Set<string>();
  for (const span of registry.tagged.spans)
    if (span.type === 'PER')
      for (let k = span.tokenStart; k < span.tokenEnd; k++) personWords.add((tokens[k] as Token).text);
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i] as Token;
    if (!/^\p{Lu}\p{Ll}+$/u.test(word.text) || !actsAsCompany(tokens, i + 1)) continue;
    const span = registry.tagged.at(i);
    if (span && (span.type !== 'MISC' || span.tokenEnd - span.tokenStart !== 1)) continue;
    // Untagged, only a name the lexicon knows as a company's; never the end of a longer name ("Mr Archer").
    if (!span && !isOrganizationWord(word.text)) continue;
    if (/^\p{Lu}/u.test(tokens[i - 1]?.text ?? '') && tokens[i - 1]?.sentence === word.sentence) continue;
    if (personWords.has(word.text) || isGivenName(word.text) || isKnownSurname(word.text)) continue;
    if ((isCommonWord(word.text) && !isOrganizationWord(word.text)) || isFunctionWord(word.text)) continue;
    if (countryLexicon().index.matchAt(tokens, i) || cityIndex().matchAt(tokens, i)) continue;
    if (!registry.free(i, i + 1) || (registry.vetoed[i] && !span)) continue;
    registry.add(word.text, mentionOf(tokens, i, i + 1), {
      method: 'rule',
      confidence: RULE_CONFIDENCE.actsAsCompany * (span?.confidence ?? 1),
    });
  }
}

/** Later mentions of the organisations found, wherever their name recurs on free tokens. */
function addRepeats(segmented: Segmented, registry: Registry): void {
  const { tokens } = segmented;
  const single = new Map<string, Draft>();
  for (const draft of registry.drafts.values())
    for (const m of draft.mentions)
      if (m.tokenEnd - m.tokenStart === 1) single.set((tokens[m.tokenStart] as Token).text, draft);
  if (!single.size) return;
  for (let i = 0; i < tokens.length; i++) {
    const draft = single.get((tokens[i] as Token).text);
    if (!draft || registry.claimed[i] || !registry.allowed(i, i + 1)) continue;
    registry.add(draft.name, mentionOf(tokens, i, i + 1), { method: 'rule', confidence: 0.6 });
  }
}

/** Every organisation named in the body, with all its mentions; also the tokens they occupy. */
export function findOrganizations(
  segmented: Segmented,
  tagged: TaggedSpans = NO_SPANS(segmented.tokens.length),
): {
  organizations: OrganizationFinding[];
  claimed: boolean[];
} {
  const registry = new Registry(segmented, tagged);
  const acronyms = findAcronymExpansions(segmented, registry);
  addKnown(segmented, registry, acronyms);
  addTagged(segmented, registry);
  addActingAsCompany(segmented, registry);
  addRepeats(segmented, registry);
  addHeadNounNames(segmented, registry);
  addNamedGroups(segmented, registry);
  addBareAcronyms(segmented, registry);
  const organizations = [...registry.drafts.values()].map((d) => ({
    name: d.name,
    aliases: [...d.aliases],
    ...(d.country ? { country: d.country } : {}),
    mentions: d.mentions.sort((a, b) => a.start - b.start),
  }));
  return { organizations, claimed: registry.claimed };
}
