export interface Bounds {
  start: number;
  end: number;
}

// A sentence ends at . ! or ? (with any closing quotes or brackets) followed by white space and a capital,
// a digit or an opening quote; or at a line break, since headlines and captions stand on lines of their own
// without a full stop. Abbreviations such as "Mr." or "U.S." are kept inside.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'gov',
  'sen',
  'rep',
  'st',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'no',
  'vs',
  'u.s',
  'u.k',
  'u.n',
  'e.g',
  'i.e',
]);

function endsWithAbbreviation(text: string, dotAt: number): boolean {
  const before = text.slice(Math.max(0, dotAt - 6), dotAt);
  const word = /([A-Za-z.]+)$/.exec(before)?.[1]?.toLowerCase() ?? '';
  return ABBREVIATIONS.has(word) || /^[a-z]$/.test(word);
}

/** The sentences of `text` as offsets, in order, trimmed of surrounding white space. */
export function sentenceBounds(text: string): Bounds[] {
  const bounds: Bounds[] = [];
  let start = 0;
  const boundary = /([.!?]+["'”’)\]]*)([^\S\n]+)(?=["“‘'(]?[A-Z0-9])|\n\s*/g;
  for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
    const end = match.index + (match[1]?.length ?? 0);
    if (match[1]?.startsWith('.') && endsWithAbbreviation(text, match.index)) continue;
    pushTrimmed(text, bounds, start, end);
    start = match.index + match[0].length;
  }
  pushTrimmed(text, bounds, start, text.length);
  return bounds;
}

function pushTrimmed(text: string, bounds: Bounds[], start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  if (e > s) bounds.push({ start: s, end: e });
}

/**
 * The smallest run of whole sentences that holds `span`; the span itself when it lies between sentences.
 * `sentences` are in order and apart, as sentenceBounds gives them: the ones the span touches are then
 * found by binary search rather than by reading all of them.
 */
export function sentenceAround(sentences: readonly Bounds[], span: Bounds): Bounds {
  let start = span.start;
  let end = span.end;
  // The first sentence that ends after the span starts; from there on, those that start before it ends.
  let lo = 0;
  let hi = sentences.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sentences[mid] as Bounds).end > span.start) hi = mid;
    else lo = mid + 1;
  }
  for (let k = lo; k < sentences.length; k++) {
    const sentence = sentences[k] as Bounds;
    if (sentence.start >= span.end) break;
    start = Math.min(start, sentence.start);
    end = Math.max(end, sentence.end);
  }
  return { start, end };
}
