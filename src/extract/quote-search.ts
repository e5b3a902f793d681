/**
 * Searches over an article's quotations by offset. The quotes of findQuotes lie in order and apart,
 * each starting at or after the end of the one before, so their starts, inner offsets and ends all
 * ascend and a search need only look at the quotes near an offset: per claim the attribution sieves
 * then read a few quotes rather than all of an article's. Quotes given in any other order are read in
 * full, with the same answers.
 */
import type { QuoteSpan } from './types.ts';

type Field = 'start' | 'innerStart' | 'end';

export class QuoteSearch {
  /** Whether the quotes lie in order and apart, so that the searches may skip. */
  readonly inOrder: boolean;

  constructor(
    private readonly quotes: readonly QuoteSpan[],
    private readonly body: string,
  ) {
    this.inOrder = quotes.every(
      (q, k) =>
        q.start <= q.innerStart &&
        q.innerStart <= q.innerEnd &&
        q.innerEnd <= q.end &&
        (k === 0 || q.start >= (quotes[k - 1] as QuoteSpan).end),
    );
  }

  /** Index of the first quote whose `field` is at least `offset` (the quotes in order). */
  private first(field: Field, offset: number): number {
    const { quotes } = this;
    let lo = 0;
    let hi = quotes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((quotes[mid] as QuoteSpan)[field] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * quotes.find(test), reading the quotes only from the first whose `field` is at least `offset` up to
   * the first for which `past` holds. The caller vouches that no quote before that first one, and none
   * from the `past` one on, passes the test.
   */
  find(
    field: Field,
    offset: number,
    past: (q: QuoteSpan) => boolean,
    test: (q: QuoteSpan) => boolean,
  ): QuoteSpan | undefined {
    const { quotes } = this;
    if (!this.inOrder) return quotes.find(test);
    for (let k = this.first(field, offset); k < quotes.length; k++) {
      const q = quotes[k] as QuoteSpan;
      if (past(q)) return undefined;
      if (test(q)) return q;
    }
    return undefined;
  }

  /** The quotes, in order, whose inner words may start in [from, to]: callers test their own condition. */
  startingIn(from: number, to: number): readonly QuoteSpan[] {
    const { quotes } = this;
    if (!this.inOrder) return quotes;
    const out: QuoteSpan[] = [];
    for (let k = this.first('innerStart', from); k < quotes.length; k++) {
      const q = quotes[k] as QuoteSpan;
      if (q.innerStart > to) break;
      out.push(q);
    }
    return out;
  }

  /** The first usable quote that ends by `offset` with only blanks and commas after it up to there. */
  endingBefore(offset: number, usable: (q: QuoteSpan) => boolean): QuoteSpan | undefined {
    const { quotes } = this;
    const fits = (q: QuoteSpan) => q.end <= offset && /^[ \t,]*$/.test(this.body.slice(q.end, offset));
    if (!this.inOrder) return quotes.find((q) => usable(q) && fits(q));
    // The quotes that fit end in the run of blanks and commas before the offset: the last ones that
    // end by it, back to the first that does not fit (an earlier end spans its words too).
    let first = this.first('end', offset + 1);
    while (first > 0 && fits(quotes[first - 1] as QuoteSpan)) first--;
    for (let k = first; k < quotes.length && fits(quotes[k] as QuoteSpan); k++)
      if (usable(quotes[k] as QuoteSpan)) return quotes[k];
    return undefined;
  }

  /** The first quote starting at or after `offset` with only white space before it, if any. */
  rightAfter(offset: number): QuoteSpan | undefined {
    const { quotes } = this;
    const fits = (q: QuoteSpan) => q.start >= offset && /^\s*$/.test(this.body.slice(offset, q.start));
    if (!this.inOrder) return quotes.find(fits);
    // Any later quote has the words before the first one's start between it and the offset too.
    const q = quotes[this.first('start', offset)];
    return q && fits(q) ? q : undefined;
  }
}
