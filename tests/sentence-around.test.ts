import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bounds, sentenceAround, sentenceBounds } from '../src/text/sentences.ts';

/** sentenceAround as a scan of every sentence. */
function scanned(sentences: readonly Bounds[], span: Bounds): Bounds {
  let { start, end } = span;
  for (const s of sentences)
    if (s.end > span.start && s.start < span.end) {
      start = Math.min(start, s.start);
      end = Math.max(end, s.end);
    }
  return { start, end };
}

describe('the sentences around a span', () => {
  it('are those a scan of every sentence finds', () => {
    const piece = fc.constantFrom(
      'Anna said',
      ' ',
      '. ',
      'Mr. Kowal',
      '\n',
      'it rained',
      '? ',
      'The 3 ',
      '"We',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.nat(200), fc.nat(40), (pieces, at, length) => {
        const text = pieces.join('');
        const sentences = sentenceBounds(text);
        const start = Math.min(at, text.length);
        const span = { start, end: Math.min(start + length, text.length) };
        expect(sentenceAround(sentences, span)).toEqual(scanned(sentences, span));
      }),
    );
  });
});
