/**
 * Stage 1 — segmentation. Splits the body into tokens, sentences and paragraphs while keeping UTF-16
 * offsets, because every later stage must point back into the body. It is a small hand-written regex
 * tokenizer rather than `compromise`: measured on the eval articles, compromise's full parse costs about
 * 20 ms an article (≈50 articles/s on its own), while this stage takes well under 1 ms and only needs to
 * know word boundaries, abbreviations and paragraph breaks.
 */

export interface Token {
  text: string;
  start: number;
  end: number;
  index: number;
  sentence: number;
}

export interface Sentence {
  index: number;
  paragraph: number;
  start: number;
  end: number;
  /** Token index range [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
}

export interface Paragraph {
  index: number;
  start: number;
  end: number;
}

export interface Segmented {
  body: string;
  tokens: Token[];
  sentences: Sentence[];
  paragraphs: Paragraph[];
}

// Dotted acronyms first (U.S., U.N.), then words with inner hyphens or apostrophes (al-Hashimi, won't),
// numbers with ranges (11-12), runs of quote marks ('' closes a quote in some wire copy), any other mark.
const TOKEN =
  /(?:\p{Lu}\.){2,}|\p{L}[\p{L}\p{M}\p{N}]*(?:[-'’]\p{L}[\p{L}\p{M}\p{N}]*)*|\p{N}+(?:[.,:]\p{N}+)*(?:-\p{N}+)?|["“”‘’'`]+|\S/gu;
const POSSESSIVE = /^(.+?)(['’]s)$/;

/** Words after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set(
  (
    'Mr Mrs Ms Dr St Gen Col Lt Sgt Capt Maj Gov Sen Rep Prof Jr Sr Rev Jan Feb Mar Apr Jun Jul Aug Sep Sept ' +
    'Oct Nov Dec No vs Co Corp Inc Ltd Adm Brig Cmdr Pres Ft Mt'
  ).split(' '),
);

/** An abbreviation, also in a line of capitals ("ST. LOUIS", "GEN. LEBED"). */
function isAbbreviation(word: string): boolean {
  if (ABBREVIATIONS.has(word)) return true;
  return /^\p{Lu}{2,4}$/u.test(word) && ABBREVIATIONS.has(word[0] + word.slice(1).toLowerCase());
}

const isQuoteMark = (text: string) => /^["“”‘’'`]+$/.test(text);
const PARAGRAPH_BREAK = /\n\s*\n/g;

function paragraphsOf(body: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let start = 0;
  const push = (end: number) => {
    const text = body.slice(start, end);
    const lead = text.length - text.trimStart().length;
    const trail = text.length - text.trimEnd().length;
    if (text.trim()) paragraphs.push({ index: paragraphs.length, start: start + lead, end: end - trail });
  };
  for (const match of body.matchAll(PARAGRAPH_BREAK)) {
    push(match.index);
    start = match.index + match[0].length;
  }
  push(body.length);
  return paragraphs;
}

function rawTokens(body: string): Omit<Token, 'index' | 'sentence'>[] {
  const tokens: Omit<Token, 'index' | 'sentence'>[] = [];
  for (const match of body.matchAll(TOKEN)) {
    const text = match[0];
    const start = match.index;
    const possessive = POSSESSIVE.exec(text);
    if (possessive?.[1] && possessive[2]) {
      const base = possessive[1];
      tokens.push({ text: base, start, end: start + base.length });
      tokens.push({ text: possessive[2], start: start + base.length, end: start + text.length });
    } else {
      tokens.push({ text, start, end: start + text.length });
    }
  }
  return tokens;
}

function endsSentence(tokens: Omit<Token, 'index' | 'sentence'>[], at: number): boolean {
  const token = tokens[at];
  if (!token || !/^[.!?]$/.test(token.text)) return false;
  const previous = tokens[at - 1];
  if (token.text === '.' && previous && previous.end === token.start) {
    if (isAbbreviation(previous.text) || /^\p{Lu}$/u.test(previous.text)) return false;
  }
  let next = at + 1;
  while (tokens[next] && isQuoteMark(tokens[next]?.text ?? '')) next++;
  const following = tokens[next];
  return !following || /^[\p{Lu}\p{N}"“‘']/u.test(following.text);
}

/** Tokens, sentences and paragraphs of `body`; sentences never cross a paragraph break. */
export function segment(body: string): Segmented {
  const paragraphs = paragraphsOf(body);
  const raw = rawTokens(body);
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  let paragraph = 0;
  let sentenceStart = 0;
  const closeSentence = (tokenEnd: number) => {
    if (tokenEnd <= sentenceStart) return;
    const first = tokens[sentenceStart];
    const last = tokens[tokenEnd - 1];
    if (!first || !last) return;
    const index = sentences.length;
    for (let i = sentenceStart; i < tokenEnd; i++) (tokens[i] as Token).sentence = index;
    sentences.push({
      index,
      paragraph,
      start: first.start,
      end: last.end,
      tokenStart: sentenceStart,
      tokenEnd,
    });
    sentenceStart = tokenEnd;
  };
  for (let i = 0; i < raw.length; i++) {
    const token = raw[i] as Omit<Token, 'index' | 'sentence'>;
    const current = paragraphs[paragraph];
    if (current && token.start >= current.end) {
      closeSentence(tokens.length);
      while (paragraphs[paragraph] && token.start >= (paragraphs[paragraph] as Paragraph).end) paragraph++;
    }
    tokens.push({
      text: token.text,
      start: token.start,
      end: token.end,
      index: i,
      sentence: sentences.length,
    });
    if (endsSentence(raw, i)) {
      let end = i + 1;
      while (raw[end] && isQuoteMark(raw[end]?.text ?? '') && raw[end]?.start === raw[end - 1]?.end) {
        const quote = raw[end] as Omit<Token, 'index' | 'sentence'>;
        tokens.push({
          text: quote.text,
          start: quote.start,
          end: quote.end,
          index: end,
          sentence: sentences.length,
        });
        end++;
      }
      i = end - 1;
      closeSentence(tokens.length);
    }
  }
  closeSentence(tokens.length);
  return { body, tokens, sentences, paragraphs };
}

/** The sentence index of each token is set by `segment`; this finds the sentence holding an offset. */
export function sentenceAt(segmented: Segmented, offset: number): Sentence | undefined {
  return segmented.sentences.find((s) => offset >= s.start && offset < s.end);
}

export const isCapitalised = (text: string) => /^\p{Lu}/u.test(text);

/** "LIMA (AP) —", "KABUL/ISLAMABAD (Reuters) -", "HANOI, Jan. 6 (Xinhua) --", "Quito (AFP) -": the city an article was filed from. */
const DATELINE = /^([A-Z][A-Za-z.'’ /-]*?[A-Za-z])(?=,|\s*\(|\s+[-–—])/;

/** Token range of the dateline's place name at the start of the body, if there is one. */
export function datelineTokens(segmented: Segmented): { start: number; end: number } | undefined {
  const match = DATELINE.exec(segmented.body);
  if (!match?.[1] || match[1].length > 30) return undefined;
  const end = segmented.tokens.findIndex((t) => t.start >= (match[1] as string).length);
  return end > 0 ? { start: 0, end } : undefined;
}

/**
 * Token ranges of the names on bylines: lines of "By" and two to four name words ("By JANE DOE"),
 * nothing else on the line. The name is the writer's.
 */
export function bylineNames(segmented: Segmented): { start: number; end: number }[] {
  const { body, tokens } = segmented;
  const found: { start: number; end: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const by = tokens[i] as Token;
    if (by.text !== 'By' || (by.start > 0 && body[by.start - 1] !== '\n')) continue;
    let end = i + 1;
    while (end - i <= 4 && /^\p{Lu}[\p{L}'’.-]*$/u.test(tokens[end]?.text ?? '')) {
      if (body.slice(by.end, (tokens[end] as Token).start).includes('\n')) break;
      end++;
    }
    if (end - i < 3) continue;
    const last = tokens[end - 1] as Token;
    const lineEnd = body.indexOf('\n', last.end);
    if (body.slice(last.end, lineEnd < 0 ? body.length : lineEnd).trim() === '')
      found.push({ start: i + 1, end });
  }
  return found;
}
