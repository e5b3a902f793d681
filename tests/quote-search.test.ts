import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuoteSearch } from '../src/extract/quote-search.ts';
import type { QuoteSpan } from '../src/extract/types.ts';

/** A body of blanks, commas and words, with quotes in order and apart, as findQuotes gives them. */
const article = fc
  .record({
    body: fc.string({ unit: fc.constantFrom(' ', ',', 'a', 'b', '\t', '.'), minLength: 1, maxLength: 80 }),
    cuts: fc.uniqueArray(fc.nat(80), { maxLength: 24 }),
  })
  .map(({ body, cuts }) => {
    const points = cuts.filter((c) => c <= body.length).sort((a, b) => a - b);
    const quotes: QuoteSpan[] = [];
    for (let k = 0; k + 1 < points.length; k += 2) {
      const start = points[k] as number;
      const end = points[k + 1] as number;
      const innerStart = Math.min(start + 1, end);
      quotes.push({ start, end, innerStart, innerEnd: Math.max(innerStart, end - 1), open: false });
    }
    return { body, quotes };
  });

describe('quote search', () => {
  it('finds what reading every quote in order finds', () => {
    fc.assert(
      fc.property(
        article,
        fc.nat(85),
        fc.nat(20),
        fc.func(fc.boolean()),
        ({ body, quotes }, at, length, used) => {
          const search = new QuoteSearch(quotes, body);
          expect(search.inOrder).toBe(true);
          const usable = (q: QuoteSpan) => used(quotes.indexOf(q));
          expect(search.endingBefore(at, usable)).toBe(
            quotes.find((q) => usable(q) && q.end <= at && /^[ \t,]*$/.test(body.slice(q.end, at))),
          );
          expect(search.rightAfter(at)).toBe(
            quotes.find((q) => q.start >= at && /^\s*$/.test(body.slice(at, q.start))),
          );
          const inside = (q: QuoteSpan) => q.innerStart >= at && q.innerEnd <= at + length;
          expect(search.startingIn(at, at + length).filter(inside)).toEqual(quotes.filter(inside));
          const endsIn = (q: QuoteSpan) =>
            q.end >= at && q.end <= at + length && /a/.test(body.slice(q.end, at + length));
          expect(search.find('end', at, (q) => q.end > at + length, endsIn)).toBe(quotes.find(endsIn));
        },
      ),
    );
  });

  it('reads quotes given out of order in full', () => {
    const quotes: QuoteSpan[] = [
      { start: 10, end: 14, innerStart: 11, innerEnd: 13, open: false },
      { start: 0, end: 4, innerStart: 1, innerEnd: 3, open: false },
    ];
    const search = new QuoteSearch(quotes, '"ab"      "ab"  ');
    expect(search.inOrder).toBe(false);
    expect(search.rightAfter(0)).toBe(quotes[1]);
    expect(search.endingBefore(16, () => true)).toBe(quotes[0]);
  });
});
