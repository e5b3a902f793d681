import { hash } from 'node:crypto';

/** Word 3-shingles: short enough that a changed word touches only three, long enough to keep order. */
const SHINGLE = 3;
/** 64 min-hashes in 16 bands of 4: texts sharing half their shingles meet in a band 64% of the time, 60% → 89%, 80% → 99.9%. */
export const BANDS = 16;
/** Shingle overlap (Jaccard) from which two bodies are one story: syndicated, trimmed or lightly edited. */
export const NEAR_DUPLICATE_SIMILARITY = 0.6;
const ROWS = 4;
const HASHES = BANDS * ROWS;
const SEEDS = Array.from({ length: HASHES }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);

/**
 * Only a text's first 10 000 words are shingled: far more than a news story has, so every story is
 * fingerprinted whole, while a 1 MB text costs what a long story does instead of seconds of the event
 * loop (a mutation fingerprints on the server's). The characters read are bounded first, for the same reason.
 */
const MAX_WORDS = 10_000;
const MAX_CHARS = MAX_WORDS * 20;

function words(text: string): string[] {
  return (
    text
      .slice(0, MAX_CHARS)
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, MAX_WORDS);
}

/** The set of a text's word shingles, as 32-bit hashes: case, punctuation and whitespace do not count. */
export function shingles(text: string): Set<number> {
  const tokens = words(text);
  const out = new Set<number>();
  const count = Math.max(1, tokens.length - SHINGLE + 1);
  for (let i = 0; i < count; i++) {
    // The first 32 bits of the shingle's MD5: 8 hex digits.
    out.add(Number.parseInt(hash('md5', tokens.slice(i, i + SHINGLE).join(' ')).slice(0, 8), 16));
  }
  return out;
}

/** A 32-bit mix (murmur3's finaliser) of a shingle hash with one seed: one of the 64 permutations. */
function mix(h: number, seed: number): number {
  let x = (h ^ seed) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * The MinHash band keys of a text: 16 numbers; two texts share a key with a probability that rises
 * steeply with the share of shingles they have in common (see BANDS), so a lookup by key finds
 * near-duplicates without comparing against every article.
 */
export function bandKeys(text: string): number[] {
  const mins = new Array<number>(HASHES).fill(0xffffffff);
  for (const h of shingles(text)) {
    for (let i = 0; i < HASHES; i++) {
      const v = mix(h, SEEDS[i] ?? 0);
      if (v < (mins[i] ?? 0)) mins[i] = v;
    }
  }
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let key = 0x811c9dc5 ^ b;
    for (let r = 0; r < ROWS; r++) key = Math.imul(key ^ (mins[b * ROWS + r] ?? 0), 0x01000193) >>> 0;
    keys.push(key);
  }
  return keys;
}

/** Jaccard similarity of two texts' shingle sets: the exact check a band match is confirmed by. */
export function shingleSimilarity(a: string | Set<number>, b: string | Set<number>): number {
  const x = typeof a === 'string' ? shingles(a) : a;
  const y = typeof b === 'string' ? shingles(b) : b;
  let shared = 0;
  for (const s of x) if (y.has(s)) shared++;
  const union = x.size + y.size - shared;
  return union === 0 ? 1 : shared / union;
}
