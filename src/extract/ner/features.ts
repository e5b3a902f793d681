/**
 * Token features of the named-entity tagger, shared by training and tagging so both see exactly the same
 * thing. Each feature is a 32-bit FNV-1a hash of its template name and values, computed without building
 * strings; the model stores weights only for hashes seen often enough in training.
 *
 * Templates: the word, its lower-case form, shape and short shape, prefixes and suffixes of one to four
 * letters, position (sentence start), the capitalisation of its line (all-caps headlines, bylines and
 * datelines), the words and shapes around it, gazetteer membership of it and its neighbours (countries,
 * demonyms, capitals, cities, regions, known organisations, titles, given names and surnames), and two
 * document-level cues: the word also appears in lower case elsewhere in the text (an ordinary word), or
 * in title case in mid-sentence (a name even where it starts a sentence or sits in an all-caps line).
 */
import { cityIndex, smallCityIndex } from '../lexicon/cities.ts';
import { countryLexicon } from '../lexicon/countries.ts';
import { knownOrganizationIndex } from '../lexicon/organizations.ts';
import type { PhraseIndex } from '../lexicon/phrase-index.ts';
import { regionIndex } from '../lexicon/regions.ts';
import { titleIndex } from '../lexicon/titles.ts';
import { isCommonWord, isGivenName, isKnownSurname } from '../lexicon/words.ts';
import type { Token } from '../segment.ts';

/** A sentence as the tagger sees it: token texts, and which tokens lie on an all-caps line. */
export interface TaggerSentence {
  words: readonly string[];
  /** The token's line has letters and none of them lower case (headline, byline, dateline). */
  capsLine: readonly boolean[];
}

/** Words of the whole text, for the document-level cues. */
export interface DocumentWords {
  lowerSeen: ReadonlySet<string>;
  titleSeenMidSentence: ReadonlySet<string>;
  /**
   * For each capitalised word (title-cased on all-caps lines), how often each context occurs around its
   * occurrences: "<" + the word before, ">" + the word after (lower case). A name's other occurrences say
   * what it is where its own context does not ("Pirelli said" beside "Pirelli Cables Ltd").
   */
  contexts: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mix(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  // A separator, so that ("ab", "c") and ("a", "bc") differ.
  h ^= 0x1f;
  return Math.imul(h, FNV_PRIME) >>> 0;
}

/** Hash of a template name, the start value of its features. */
const template = (name: string) => mix(FNV_OFFSET, name);

const T = {
  bias: template('bias'),
  word: template('w'),
  lower: template('lw'),
  titled: template('tc'),
  shape: template('sh'),
  shortShape: template('ssh'),
  prefix: [1, 2, 3, 4].map((n) => template(`p${n}`)),
  suffix: [1, 2, 3, 4].map((n) => template(`s${n}`)),
  first: template('first'),
  firstShape: template('first|sh'),
  capsLine: template('capsline'),
  capsLineShape: template('capsline|sh'),
  prev: template('lw-1'),
  prev2: template('lw-2'),
  next: template('lw+1'),
  next2: template('lw+2'),
  prevShape: template('sh-1'),
  nextShape: template('sh+1'),
  prevBigram: template('lw-1|lw'),
  nextBigram: template('lw|lw+1'),
  shapeTrigram: template('sh-1|sh|sh+1'),
  gazetteer: template('g'),
  gazetteerPrev: template('g-1'),
  gazetteerNext: template('g+1'),
  docLower: template('doc:lower'),
  docTitle: template('doc:title'),
  docTitleShape: template('doc:title|sh'),
  docContext: template('doc:ctx'),
  runFirst: template('run:first'),
  runLast: template('run:last'),
  runLength: template('run:len'),
};

/** Capitalised words that may join a run of name words, and the small words inside names ("Bank of England"). */
const RUN_JOINERS = new Set(['of', 'de', 'du', 'der', 'von', 'van', 'al', 'el', 'la', 'and', '&']);

/**
 * For each token inside a run of capitalised words (joined by "of", "de", "&"…), the run's first and
 * last words: a run that ends in "Inc", "Party" or "River", or opens with a given name, types all of it.
 */
interface Run {
  first: string;
  last: string;
  length: number;
}

function capitalisedRuns(words: readonly string[], capsLine: readonly boolean[]): (Run | undefined)[] {
  const out: (Run | undefined)[] = words.map(() => undefined);
  const capital = (i: number) => /^\p{Lu}/u.test(words[i] ?? '') && !capsLine[i];
  let i = 0;
  while (i < words.length) {
    if (!capital(i)) {
      i++;
      continue;
    }
    let end = i + 1;
    for (;;) {
      if (capital(end)) end++;
      else if (RUN_JOINERS.has(words[end] ?? '') && capital(end + 1)) end += 2;
      else break;
    }
    if (end - i >= 2) {
      const run = {
        first: (words[i] as string).toLowerCase(),
        last: (words[end - 1] as string).toLowerCase(),
        length: Math.min(end - i, 5),
      };
      for (let k = i; k < end; k++) out[k] = run;
    }
    i = end;
  }
  return out;
}

/** At most this many contexts from other occurrences per token, the most frequent first. */
const MAX_DOCUMENT_CONTEXTS = 12;

const BOUNDARY = '<s>';

export function wordShape(word: string): string {
  let shape = '';
  for (let i = 0; i < word.length && shape.length < 12; i++) {
    const c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) shape += 'X';
    else if (c >= 97 && c <= 122) shape += 'x';
    else if (c >= 48 && c <= 57) shape += 'd';
    else if (c < 128) shape += word[i];
    else {
      const ch = word[i] as string;
      shape += /\p{Lu}/u.test(ch) ? 'X' : /\p{Ll}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
    }
  }
  return shape;
}

/** "Xxxxx" → "Xx", "XX-dd" → "X-d": the shape with runs collapsed. */
export function shortShape(shape: string): string {
  let out = '';
  for (const ch of shape) if (out.at(-1) !== ch) out += ch;
  return out;
}

const isAllCaps = (word: string) => /\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word);
const titleCase = (word: string) => (word.length > 1 ? word[0] + word.slice(1).toLowerCase() : word);
const isTitleCase = (word: string) => /^\p{Lu}\p{Ll}/u.test(word);

/** The words the document uses, for the document-level cues. */
export function documentWords(sentences: readonly TaggerSentence[]): DocumentWords {
  const lowerSeen = new Set<string>();
  const titleSeenMidSentence = new Set<string>();
  const contexts = new Map<string, Map<string, number>>();
  for (const sentence of sentences) {
    sentence.words.forEach((word, i) => {
      if (/^\p{Ll}/u.test(word)) lowerSeen.add(word);
      else if (i > 0 && !sentence.capsLine[i] && isTitleCase(word)) titleSeenMidSentence.add(word);
      if (!/^\p{Lu}/u.test(word)) return;
      const key = contextKey(word, sentence.capsLine[i] ?? false);
      let counts = contexts.get(key);
      if (!counts) {
        counts = new Map();
        contexts.set(key, counts);
      }
      for (const context of ownContexts(sentence.words, i))
        counts.set(context, (counts.get(context) ?? 0) + 1);
    });
  }
  return { lowerSeen, titleSeenMidSentence, contexts };
}

const contextKey = (word: string, capsLine: boolean) =>
  capsLine && isAllCaps(word) ? titleCase(word) : word;

/** The contexts of token i: the word before and the word after, lower case. */
function ownContexts(words: readonly string[], i: number): string[] {
  return [`<${words[i - 1]?.toLowerCase() ?? BOUNDARY}`, `>${words[i + 1]?.toLowerCase() ?? BOUNDARY}`];
}

/** Most frequent first, then in string order: the order the document contexts are taken in. */
const byCount = (a: [string, number], b: [string, number]) =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Each word's contexts in that order, sorted once per document rather than once per occurrence. */
const sortedContexts = new WeakMap<ReadonlyMap<string, number>, [string, number][]>();

/** Contexts of the word's other occurrences in the document, most frequent first. */
function otherContexts(
  document: DocumentWords,
  words: readonly string[],
  i: number,
  capsLine: boolean,
): string[] {
  const counts = document.contexts.get(contextKey(words[i] as string, capsLine));
  if (!counts || counts.size <= 2) return [];
  let sorted = sortedContexts.get(counts);
  if (!sorted) {
    sorted = [...counts].sort(byCount);
    sortedContexts.set(counts, sorted);
  }
  // This occurrence's own contexts count once less. Whatever else makes the cut is among the first
  // entries of the sorted list, the own ones aside, so only those and the own ones are ranked again.
  const own = new Set(ownContexts(words, i));
  const others: [string, number][] = [];
  for (let k = 0; k < sorted.length && k < MAX_DOCUMENT_CONTEXTS + own.size; k++) {
    const entry = sorted[k] as [string, number];
    if (!own.has(entry[0])) others.push(entry);
  }
  for (const context of own) {
    const n = counts.get(context);
    if (n !== undefined && n > 1) others.push([context, n - 1]);
  }
  others.sort(byCount);
  return others.slice(0, MAX_DOCUMENT_CONTEXTS).map(([context]) => context);
}

interface Gazetteer {
  name: string;
  index: () => PhraseIndex<unknown>;
  label?: (value: unknown) => string;
}

const GAZETTEERS: Gazetteer[] = [
  {
    name: 'country',
    index: () => countryLexicon().index,
    label: (value) => (value as { form: string }).form,
  },
  { name: 'city', index: cityIndex },
  { name: 'town', index: smallCityIndex },
  { name: 'region', index: regionIndex },
  { name: 'org', index: knownOrganizationIndex },
  { name: 'title', index: titleIndex },
];

/**
 * Which gazetteers have a phrase starting with the word, a bit each: one lookup per distinct word
 * instead of one per gazetteer and token.
 */
const PHRASE_STARTS = new Map<string, number>();

function phraseStarts(word: string): number {
  let mask = PHRASE_STARTS.get(word);
  if (mask === undefined) {
    mask = 0;
    GAZETTEERS.forEach((gazetteer, g) => {
      if (gazetteer.index().startsPhrase(word)) mask = (mask as number) | (1 << g);
    });
    if (PHRASE_STARTS.size >= WORD_CACHE_LIMIT) PHRASE_STARTS.clear();
    PHRASE_STARTS.set(word, mask);
  }
  return mask;
}

/** Gazetteer labels per token ("country:name:B", "city:I", "given"…), from longest-match lookups. */
function gazetteerLabels(lookupWords: readonly string[]): string[][] {
  const labels: string[][] = lookupWords.map(() => []);
  const tokens = lookupWords.map((text, index) => ({ text, start: 0, end: 0, index, sentence: 0 }) as Token);
  const starts = lookupWords.map(phraseStarts);
  for (const [g, gazetteer] of GAZETTEERS.entries()) {
    const bit = 1 << g;
    const index = gazetteer.index();
    for (let i = 0; i < tokens.length; i++) {
      if (!((starts[i] as number) & bit)) continue;
      const match = index.matchAt(tokens, i);
      if (!match) continue;
      const name = gazetteer.label ? `${gazetteer.name}:${gazetteer.label(match.value)}` : gazetteer.name;
      for (let k = match.tokenStart; k < match.tokenEnd; k++)
        labels[k]?.push(`${name}:${k === match.tokenStart ? 'B' : 'I'}`);
      i = match.tokenEnd - 1;
    }
  }
  lookupWords.forEach((word, i) => {
    const list = labels[i] as string[];
    for (const label of wordLabels(word)) list.push(label);
  });
  return labels;
}

/** The lexicon's labels of a capitalised word ("given", "surname", "common"), looked up once per word. */
const WORD_LABELS = new Map<string, readonly string[]>();
const NO_LABELS: readonly string[] = [];

function wordLabels(word: string): readonly string[] {
  let labels = WORD_LABELS.get(word);
  if (labels) return labels;
  if (!/^\p{Lu}/u.test(word)) labels = NO_LABELS;
  else {
    const found: string[] = [];
    if (isGivenName(word)) found.push('given');
    if (isKnownSurname(word)) found.push('surname');
    if (isCommonWord(word)) found.push('common');
    labels = found.length ? found : NO_LABELS;
  }
  if (WORD_LABELS.size >= WORD_CACHE_LIMIT) WORD_LABELS.clear();
  WORD_LABELS.set(word, labels);
  return labels;
}

/**
 * Everything the features take from one word alone, hashed once per distinct word: its own templates,
 * and the hashes it gives its neighbours' context templates.
 */
interface WordHashes {
  lower: string;
  shape: string;
  short: string;
  allCaps: boolean;
  upperInitial: boolean;
  word: number;
  lowerHash: number;
  shapeHash: number;
  shortHash: number;
  /** Prefix and suffix hashes, interleaved as the features list them: p1, s1, p2, s2… */
  affixes: number[];
  /** This word as a neighbour: lw-1, lw-2, lw+1, lw+2, sh-1, sh+1. */
  asPrev: number;
  asPrev2: number;
  asNext: number;
  asNext2: number;
  asPrevShape: number;
  asNextShape: number;
  /** Starts of the bigrams where this word comes first: lw-1|lw (as the previous word), lw|lw+1. */
  prevBigramHead: number;
  nextBigramHead: number;
  firstShape: number;
  capsLineShape: number;
  docTitleShape: number;
  /** T.titled of the word's title-case form; computed for all-caps words only. */
  titled: number;
}

function wordHashes(word: string): WordHashes {
  const low = word.toLowerCase();
  const shape = wordShape(word);
  const short = shortShape(shape);
  const affixes: number[] = [];
  for (let k = 1; k <= 4 && k <= low.length; k++) {
    affixes.push(mix(T.prefix[k - 1] as number, low.slice(0, k)));
    affixes.push(mix(T.suffix[k - 1] as number, low.slice(-k)));
  }
  const allCaps = isAllCaps(word);
  return {
    lower: low,
    shape,
    short,
    allCaps,
    upperInitial: /^\p{Lu}/u.test(word),
    word: mix(T.word, word),
    lowerHash: mix(T.lower, low),
    shapeHash: mix(T.shape, shape),
    shortHash: mix(T.shortShape, short),
    affixes,
    asPrev: mix(T.prev, low),
    asPrev2: mix(T.prev2, low),
    asNext: mix(T.next, low),
    asNext2: mix(T.next2, low),
    asPrevShape: mix(T.prevShape, shape),
    asNextShape: mix(T.nextShape, shape),
    prevBigramHead: mix(T.prevBigram, low),
    nextBigramHead: mix(T.nextBigram, low),
    firstShape: mix(T.firstShape, short),
    capsLineShape: mix(T.capsLineShape, short),
    docTitleShape: mix(T.docTitleShape, short),
    titled: allCaps ? mix(T.titled, titleCase(word)) : 0,
  };
}

/** The hashes a sentence boundary gives its neighbours' context templates. */
const BOUNDARY_HASHES = {
  lower: BOUNDARY,
  short: shortShape(BOUNDARY),
  asPrev: mix(T.prev, BOUNDARY),
  asPrev2: mix(T.prev2, BOUNDARY),
  asNext: mix(T.next, BOUNDARY),
  asNext2: mix(T.next2, BOUNDARY),
  asPrevShape: mix(T.prevShape, BOUNDARY),
  asNextShape: mix(T.nextShape, BOUNDARY),
  prevBigramHead: mix(T.prevBigram, BOUNDARY),
};

/** Word hashes of the words seen so far, shared by all documents; emptied when it grows large. */
const WORD_CACHE = new Map<string, WordHashes>();
const WORD_CACHE_LIMIT = 200_000;

function cachedWordHashes(word: string): WordHashes {
  let hashes = WORD_CACHE.get(word);
  if (!hashes) {
    if (WORD_CACHE.size >= WORD_CACHE_LIMIT) WORD_CACHE.clear();
    hashes = wordHashes(word);
    WORD_CACHE.set(word, hashes);
  }
  return hashes;
}

/** Hash of template `base` with one label, per label: gazetteer labels are few and recur. */
function labelHasher(base: number): (label: string) => number {
  const cache = new Map<string, number>();
  return (label) => {
    let hash = cache.get(label);
    if (hash === undefined) {
      hash = mix(base, label);
      cache.set(label, hash);
    }
    return hash;
  };
}
const gazetteerHash = labelHasher(T.gazetteer);
const gazetteerPrevHash = labelHasher(T.gazetteerPrev);
const gazetteerNextHash = labelHasher(T.gazetteerNext);

/**
 * Feature hashes of every token of `sentence`; `features[i]` lists token i's. Neighbours outside the
 * sentence read as a boundary marker.
 */
export function sentenceFeatures(sentence: TaggerSentence, document: DocumentWords): Uint32Array[] {
  const { words, capsLine } = sentence;
  const n = words.length;
  const hashes = words.map(cachedWordHashes);
  // All-caps lines are looked up in title case, so "NAIROBI" meets the gazetteer's "Nairobi".
  const lookup = words.map((w, i) => (capsLine[i] && (hashes[i] as WordHashes).allCaps ? titleCase(w) : w));
  const gazetteer = gazetteerLabels(lookup);
  const runs = capitalisedRuns(words, capsLine);
  const out: Uint32Array[] = [];
  const at = (i: number) => (i < 0 || i >= n ? BOUNDARY_HASHES : (hashes[i] as WordHashes));
  const f: number[] = [];
  for (let i = 0; i < n; i++) {
    const word = words[i] as string;
    const h = hashes[i] as WordHashes;
    const low = h.lower;
    const short = h.short;
    const before = at(i - 1);
    const after = at(i + 1);
    f.length = 0;
    f.push(
      T.bias,
      h.word,
      h.lowerHash,
      h.shapeHash,
      h.shortHash,
      before.asPrev,
      at(i - 2).asPrev2,
      after.asNext,
      at(i + 2).asNext2,
      before.asPrevShape,
      after.asNextShape,
      mix(before.prevBigramHead, low),
      mix(h.nextBigramHead, after.lower),
      mix(mix(mix(T.shapeTrigram, before.short), short), after.short),
    );
    for (const affix of h.affixes) f.push(affix);
    if (i === 0) f.push(T.first, h.firstShape);
    if (capsLine[i]) {
      f.push(T.capsLine, h.capsLineShape);
      if (h.allCaps) f.push(h.titled);
    }
    const run = runs[i];
    if (run)
      f.push(mix(T.runFirst, run.first), mix(T.runLast, run.last), mix(T.runLength, String(run.length)));
    for (const label of gazetteer[i] as string[]) f.push(gazetteerHash(label));
    for (const label of gazetteer[i - 1] ?? []) f.push(gazetteerPrevHash(label));
    for (const label of gazetteer[i + 1] ?? []) f.push(gazetteerNextHash(label));
    if (h.upperInitial) {
      if (document.lowerSeen.has(low)) f.push(T.docLower);
      const titled = h.allCaps ? (lookup[i] as string) : word;
      if (document.titleSeenMidSentence.has(titled)) f.push(T.docTitle, h.docTitleShape);
      for (const context of otherContexts(document, words, i, capsLine[i] ?? false))
        f.push(mix(T.docContext, context));
    }
    out.push(new Uint32Array(f));
  }
  return out;
}
