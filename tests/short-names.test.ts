import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostIndex } from '../src/extract/short-names.ts';

/** Whether `short` is the first or the last words of the longer `long`. */
const beginsOrEnds = (short: readonly string[], long: readonly string[]) =>
  short.length > 0 &&
  short.length < long.length &&
  (short.every((w, i) => long[i] === w) || short.every((w, i) => long[long.length - short.length + i] === w));

describe('short-form hosts', () => {
  it('offers every longer name a short form begins or ends, in the order of the names', () => {
    const word = fc.constantFrom('anna', 'kowal', 'bank', 'of', 'lindenport', 'peter', 'haller', 'x');
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 5 }), { maxLength: 25 }), (names) => {
        const holders = names.map((words, i) => ({ i, words }));
        const words = new Map(holders.map((h) => [h, h.words]));
        const candidates = hostIndex(holders, words);
        for (const short of holders) {
          const expected = holders.filter((h) => h !== short && beginsOrEnds(short.words, h.words));
          expect(candidates(short.words).filter((h) => h !== short)).toEqual(expected);
        }
      }),
    );
  });
});
