/**
 * A seeded pseudo-random source: the same seed gives the same sequence on every machine and Node version,
 * which Math.random cannot promise. mulberry32: 32 bits of state, fast, good enough for test data.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A source for one part of the corpus (article 17, event 3), independent of how much others drew. */
  static of(...parts: (number | string)[]): Random {
    return new Random(hashParts(parts));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/** FNV-1a over the parts' text: a stable 32-bit seed from a tuple. */
function hashParts(parts: readonly (number | string)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Ranks 0..size-1 drawn with probability proportional to 1 / (rank + 1)^exponent: a few entities are in
 * most of the news, most are in a little of it, as with real coverage.
 */
export class Zipf {
  private readonly cumulative: Float64Array;

  constructor(size: number, exponent: number) {
    this.cumulative = new Float64Array(size);
    let total = 0;
    for (let rank = 0; rank < size; rank++) {
      total += 1 / (rank + 1) ** exponent;
      this.cumulative[rank] = total;
    }
    for (let rank = 0; rank < size; rank++) this.cumulative[rank] = (this.cumulative[rank] ?? 0) / total;
  }

  draw(random: Random): number {
    const target = random.next();
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.cumulative[mid] ?? 1) < target) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
