/**
 * Stage 4 — organisations. Three sources, strongest first: acronyms introduced with their expansion
 * ("Northern Water Council (NWC)"), which also teach the acronym for later mentions; the
 * well-known organisations list; and capitalised names ending in an organisation head noun ("Kenyan
 * Foreign Ministry", "Channel News") or starting with one before "of" ("Ministry of Defence"). Unknown
 * all-capital acronyms ("RAF"-like) are taken as organisations too, since in news copy they nearly
 * always are. Rules are used rather than a statistical tagger to stay fast and predictable.
 */
import { countryLexicon } from './lexicon/countries.ts';
import {
  type KnownOrganization,
  knownOrganizationIndex,
  ORGANIZATION_HEADS,
  ORGANIZATION_HEADS_BEFORE_OF,
} from './lexicon/organizations.ts';
import { titleIndex } from './lexicon/titles.ts';
import { isFunctionWord } from './lexicon/words.ts';
import { datelineTokens, isCapitalised, type Segmented, type Token } from './segment.ts';
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

class Registry {
  readonly drafts = new Map<string, Draft>();
  readonly claimed: boolean[];

  constructor(size: number) {
    this.claimed = new Array<boolean>(size).fill(false);
  }

  free(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.claimed[i]) return false;
    return true;
  }

  add(name: string, mention: Mention, extra: { alias?: string; country?: string } = {}): void {
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
    registry.add(name, mentionOf(tokens, start, i), { alias: acronym.text, country: known?.value.country });
    registry.add(name, mentionOf(tokens, i + 1, i + 2), { alias: acronym.text });
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
      registry.add(expansion, mentionOf(tokens, i, i + 1), { alias: token.text });
      continue;
    }
    const match = index.matchAt(tokens, i);
    if (!match || !registry.free(i, match.tokenEnd)) continue;
    const org: KnownOrganization = match.value;
    const surface = tokens
      .slice(i, match.tokenEnd)
      .map((t) => t.text)
      .join(' ');
    const alias = org.memberForms?.includes(surface) ? undefined : surface;
    registry.add(org.name, mentionOf(tokens, i, match.tokenEnd), { alias, country: org.country });
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
    if (range && registry.free(range[0], range[1])) {
      const words = tokens.slice(range[0], range[1]);
      const name = words.map((w) => w.text).join(' ');
      registry.add(name, mentionOf(tokens, range[0], range[1]), { country: countryOfName(words) });
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
    registry.add(words.map((w) => w.text).join(' '), mentionOf(tokens, start, i));
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
    registry.add(token.text, mentionOf(tokens, i, i + 1));
  }
}

/** Every organisation named in the body, with all its mentions; also the tokens they occupy. */
export function findOrganizations(segmented: Segmented): {
  organizations: OrganizationFinding[];
  claimed: boolean[];
} {
  const registry = new Registry(segmented.tokens.length);
  const acronyms = findAcronymExpansions(segmented, registry);
  addKnown(segmented, registry, acronyms);
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
