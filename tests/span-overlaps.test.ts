import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpanOverlaps } from '../src/extract/span-overlaps.ts';

const overlapsAny = (spans: { start: number; end: number }[], start: number, end: number) =>
  spans.some((s) => s.start < end && s.end > start);

describe('span overlap index', () => {
  it('answers as a scan of every span would, as spans are added and grow', () => {
    const span = fc
      .tuple(fc.nat(60), fc.nat(20))
      .map(([start, length]) => ({ start, end: Math.min(start + length, 64) }));
    const step = fc.oneof(
      fc.record({ add: span }),
      fc.record({ grow: fc.nat(10) }),
      fc.record({ ask: fc.tuple(fc.integer({ min: -2, max: 66 }), fc.integer({ min: -2, max: 70 })) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const index = new SpanOverlaps(64);
        const spans: { start: number; end: number }[] = [];
        for (const s of steps) {
          if ('add' in s) {
            spans.push({ ...s.add });
            index.add(s.add.start, s.add.end);
          } else if ('grow' in s) {
            const last = spans.at(-1);
            if (!last) continue;
            last.end = Math.min(64, last.end + s.grow);
            index.add(last.start, last.end);
          } else {
            const [start, end] = s.ask;
            expect(index.overlaps(start, end)).toBe(overlapsAny(spans, start, end));
          }
        }
      }),
    );
  });
});
