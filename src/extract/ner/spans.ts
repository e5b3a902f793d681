/**
 * Lookups over the tagger's spans that the rule stages share: which span covers a token range, and
 * whether a gazetteer match lies strictly inside a longer name ("America" in "South America",
 * "Singapore" in "Singapore Airlines").
 */
import type { EntitySpan, EntityType } from './tagger.ts';

export class TaggedSpans {
  /** Span index per segmenter token, -1 where none. */
  private readonly byToken: Int32Array;

  constructor(
    readonly spans: readonly EntitySpan[],
    tokenCount: number,
  ) {
    this.byToken = new Int32Array(tokenCount).fill(-1);
    spans.forEach((span, i) => {
      for (let k = span.tokenStart; k < span.tokenEnd; k++) this.byToken[k] = i;
    });
  }

  at(token: number): EntitySpan | undefined {
    const i = this.byToken[token] ?? -1;
    return i < 0 ? undefined : this.spans[i];
  }

  /** The span with exactly this token range, if the tagger found one. */
  exactly(tokenStart: number, tokenEnd: number): EntitySpan | undefined {
    const span = this.at(tokenStart);
    return span && span.tokenStart === tokenStart && span.tokenEnd === tokenEnd ? span : undefined;
  }

  /** A span that covers [tokenStart, tokenEnd) and more: the range is only part of a longer name. */
  longerThan(tokenStart: number, tokenEnd: number): EntitySpan | undefined {
    const span = this.at(tokenStart);
    if (!span || span.tokenEnd < tokenEnd) return undefined;
    return span.tokenStart < tokenStart || span.tokenEnd > tokenEnd ? span : undefined;
  }

  /** True when the tagger, with at least `confidence`, gives some token of the range one of `types`. */
  says(tokenStart: number, tokenEnd: number, types: readonly EntityType[], confidence = 0.5): boolean {
    for (let k = tokenStart; k < tokenEnd; k++) {
      const span = this.at(k);
      if (span && types.includes(span.type) && span.confidence >= confidence) return true;
    }
    return false;
  }
}

export const NO_SPANS = (tokenCount: number) => new TaggedSpans([], tokenCount);
