import { describe, expect, it } from 'vitest';
import { bandKeys, shingleSimilarity, shingles } from '../src/text/minhash.ts';

// Fingerprints read a bounded prefix (10 000 words), so a 1 MB text costs what a long story does: the
// mutation fingerprints on the server's event loop. Every story shorter than that is fingerprinted whole.

const sentence = (i: number) => `Officials counted ${i} ships at the northern quay on day ${i % 97}. `;

describe('near-duplicate fingerprints', () => {
  it('cover a whole story, and only the first 10 000 words of a longer text', () => {
    const story = Array.from({ length: 300 }, (_, i) => sentence(i)).join('');
    expect(shingles(`${story} The harbour closed.`).size).toBeGreaterThan(shingles(story).size);
    const long = Array.from({ length: 2_000 }, (_, i) => sentence(i)).join('');
    expect(long.split(' ').length).toBeGreaterThan(10_000);
    const longer = `${long} And then something else entirely happened.`;
    expect(shingles(longer)).toEqual(shingles(long));
    expect(bandKeys(longer)).toEqual(bandKeys(long));
    expect(shingles(long).size).toBeLessThanOrEqual(10_000);
  });

  it('compare a precomputed shingle set as the text it came from', () => {
    const a = Array.from({ length: 50 }, (_, i) => sentence(i)).join('');
    const b = `${a} One more line.`;
    expect(shingleSimilarity(a, shingles(b))).toBe(shingleSimilarity(a, b));
    expect(shingleSimilarity(a, b)).toBeGreaterThan(0.9);
  });
});
