/**
 * A longest-match dictionary over tokens, shared by the gazetteers. Phrases are tokenised with the same
 * rules as the body, indexed by their first token, so a lookup costs one Map access per body token.
 */
import type { Token } from '../segment.ts';

const PHRASE_TOKEN =
  /(?:\p{Lu}\.){2,}|\p{L}[\p{L}\p{M}\p{N}]*(?:[-'’]\p{L}[\p{L}\p{M}\p{N}]*)*|\p{N}+|['’]s|\S/gu;

/** Tokens as the segmenter cuts them: "People's" is "People" and "'s". */
export function phraseTokens(phrase: string): string[] {
  return [...phrase.matchAll(PHRASE_TOKEN)].flatMap((m) => {
    const possessive = /^(.+?)(['’]s)$/.exec(m[0]);
    return possessive?.[1] && possessive[2] ? [possessive[1], possessive[2]] : [m[0]];
  });
}

export interface PhraseMatch<T> {
  value: T;
  tokenStart: number;
  tokenEnd: number;
}

export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, { words: string[]; value: T }[]>();

  constructor(private readonly caseSensitive = true) {}

  private fold(text: string): string {
    return this.caseSensitive ? text : text.toLowerCase();
  }

  add(phrase: string, value: T): void {
    const words = phraseTokens(phrase).map((w) => this.fold(w));
    const first = words[0];
    if (!first) return;
    const entries = this.byFirst.get(first) ?? [];
    if (entries.some((e) => e.words.join(' ') === words.join(' '))) return;
    entries.push({ words, value });
    entries.sort((a, b) => b.words.length - a.words.length);
    this.byFirst.set(first, entries);
  }

  has(phrase: string): boolean {
    const words = phraseTokens(phrase).map((w) => this.fold(w));
    return (this.byFirst.get(words[0] ?? '') ?? []).some((e) => e.words.join(' ') === words.join(' '));
  }

  /** Whether some phrase starts with this word: most words start none, and need no `matchAt`. */
  startsPhrase(word: string): boolean {
    return this.byFirst.has(this.fold(word));
  }

  /** The longest phrase starting at token `at`, if any. */
  matchAt(tokens: readonly Token[], at: number): PhraseMatch<T> | undefined {
    const first = tokens[at];
    if (!first) return undefined;
    for (const entry of this.byFirst.get(this.fold(first.text)) ?? []) {
      const end = at + entry.words.length;
      if (end > tokens.length) continue;
      let same = true;
      for (let k = 1; k < entry.words.length && same; k++) {
        same = this.fold((tokens[at + k] as Token).text) === entry.words[k];
      }
      if (same) return { value: entry.value, tokenStart: at, tokenEnd: end };
    }
    return undefined;
  }

  /** Every non-overlapping longest match, left to right. */
  matchAll(tokens: readonly Token[]): PhraseMatch<T>[] {
    const matches: PhraseMatch<T>[] = [];
    for (let at = 0; at < tokens.length; at++) {
      const match = this.matchAt(tokens, at);
      if (match) {
        matches.push(match);
        at = match.tokenEnd - 1;
      }
    }
    return matches;
  }
}
