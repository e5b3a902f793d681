/**
 * A first-order linear-chain tagger over hashed features: emission weights per (feature, tag), transition
 * weights per (previous tag, tag), Viterbi decoding restricted to valid IOB2 sequences, and tag marginals
 * from forward-backward over the scores divided by a temperature (calibrated on held-out data), which give
 * each span its confidence. Used both by the trainer (averaged perceptron) and at run time.
 */

export const TAGS = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'] as const;
export type Tag = (typeof TAGS)[number];
export const TAG_COUNT = TAGS.length;
/** Row of the transition table holding the scores of a sentence's first tag. */
export const START = TAG_COUNT;

/** "I-X" may only follow "B-X" or "I-X". */
export function allowed(previous: number, tag: number): boolean {
  const name = TAGS[tag] as Tag;
  if (!name.startsWith('I-')) return true;
  if (previous === START) return false;
  return (TAGS[previous] as Tag).slice(2) === name.slice(2);
}

/**
 * `allowed` as a table, (TAG_COUNT + 1) × TAG_COUNT with the start row last: 1 where the tag may follow
 * the previous one. The decoders read it for every pair of tags of every token.
 */
export const ALLOWED: Uint8Array = (() => {
  const table = new Uint8Array((TAG_COUNT + 1) * TAG_COUNT);
  for (let p = 0; p <= TAG_COUNT; p++)
    for (let t = 0; t < TAG_COUNT; t++) table[p * TAG_COUNT + t] = allowed(p, t) ? 1 : 0;
  return table;
})();

export interface LinearChainWeights {
  /** Feature hash → row in `emissions`. */
  rows: { get(hash: number): number | undefined };
  /** rows × TAG_COUNT. */
  emissions: ArrayLike<number>;
  /** (TAG_COUNT + 1) × TAG_COUNT, the last row for the sentence start. */
  transitions: ArrayLike<number>;
}

/** Emission scores of each token: n × TAG_COUNT. */
export function emissionScores(weights: LinearChainWeights, features: readonly Uint32Array[]): Float64Array {
  const scores = new Float64Array(features.length * TAG_COUNT);
  const { rows, emissions } = weights;
  for (let i = 0; i < features.length; i++) {
    const base = i * TAG_COUNT;
    for (const hash of features[i] as Uint32Array) {
      const row = rows.get(hash);
      if (row === undefined) continue;
      const offset = row * TAG_COUNT;
      for (let t = 0; t < TAG_COUNT; t++)
        scores[base + t] = (scores[base + t] as number) + (emissions[offset + t] as number);
    }
  }
  return scores;
}

/** The best valid tag sequence for the emission scores. */
export function viterbi(scores: Float64Array, n: number, transitions: ArrayLike<number>): number[] {
  if (n === 0) return [];
  const best = new Float64Array(n * TAG_COUNT);
  const back = new Int8Array(n * TAG_COUNT);
  for (let t = 0; t < TAG_COUNT; t++)
    best[t] = ALLOWED[START * TAG_COUNT + t]
      ? (scores[t] as number) + (transitions[START * TAG_COUNT + t] as number)
      : Number.NEGATIVE_INFINITY;
  for (let i = 1; i < n; i++) {
    for (let t = 0; t < TAG_COUNT; t++) {
      let top = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let p = 0; p < TAG_COUNT; p++) {
        if (!ALLOWED[p * TAG_COUNT + t]) continue;
        const s = (best[(i - 1) * TAG_COUNT + p] as number) + (transitions[p * TAG_COUNT + t] as number);
        if (s > top) {
          top = s;
          arg = p;
        }
      }
      best[i * TAG_COUNT + t] = top + (scores[i * TAG_COUNT + t] as number);
      back[i * TAG_COUNT + t] = arg;
    }
  }
  let last = 0;
  for (let t = 1; t < TAG_COUNT; t++)
    if ((best[(n - 1) * TAG_COUNT + t] as number) > (best[(n - 1) * TAG_COUNT + last] as number)) last = t;
  const tags = new Array<number>(n);
  tags[n - 1] = last;
  for (let i = n - 1; i > 0; i--) tags[i - 1] = back[i * TAG_COUNT + (tags[i] as number)] as number;
  return tags;
}

/** P(tag of token i = t) under the scores divided by `temperature`: n × TAG_COUNT. */
export function marginals(
  scores: Float64Array,
  n: number,
  transitions: ArrayLike<number>,
  temperature: number,
): Float64Array {
  // Forward-backward in probability space, each step rescaled to sum 1 so nothing under- or overflows.
  const out = new Float64Array(n * TAG_COUNT);
  if (n === 0) return out;
  const k = 1 / temperature;
  const move = new Float64Array((TAG_COUNT + 1) * TAG_COUNT);
  for (let p = 0; p <= TAG_COUNT; p++)
    for (let t = 0; t < TAG_COUNT; t++)
      move[p * TAG_COUNT + t] = ALLOWED[p * TAG_COUNT + t]
        ? Math.exp(k * (transitions[p * TAG_COUNT + t] as number))
        : 0;
  const emit = new Float64Array(n * TAG_COUNT);
  for (let i = 0; i < n; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < TAG_COUNT; t++) max = Math.max(max, scores[i * TAG_COUNT + t] as number);
    for (let t = 0; t < TAG_COUNT; t++)
      emit[i * TAG_COUNT + t] = Math.exp(k * ((scores[i * TAG_COUNT + t] as number) - max));
  }
  const alpha = new Float64Array(n * TAG_COUNT);
  const beta = new Float64Array(n * TAG_COUNT);
  const normalise = (a: Float64Array, at: number) => {
    let sum = 0;
    for (let t = 0; t < TAG_COUNT; t++) sum += a[at + t] as number;
    if (sum > 0) for (let t = 0; t < TAG_COUNT; t++) a[at + t] = (a[at + t] as number) / sum;
  };
  for (let t = 0; t < TAG_COUNT; t++)
    alpha[t] = (move[START * TAG_COUNT + t] as number) * (emit[t] as number);
  normalise(alpha, 0);
  for (let i = 1; i < n; i++) {
    for (let t = 0; t < TAG_COUNT; t++) {
      let sum = 0;
      for (let p = 0; p < TAG_COUNT; p++)
        sum += (alpha[(i - 1) * TAG_COUNT + p] as number) * (move[p * TAG_COUNT + t] as number);
      alpha[i * TAG_COUNT + t] = sum * (emit[i * TAG_COUNT + t] as number);
    }
    normalise(alpha, i * TAG_COUNT);
  }
  for (let t = 0; t < TAG_COUNT; t++) beta[(n - 1) * TAG_COUNT + t] = 1;
  for (let i = n - 2; i >= 0; i--) {
    for (let p = 0; p < TAG_COUNT; p++) {
      let sum = 0;
      for (let t = 0; t < TAG_COUNT; t++)
        sum +=
          (move[p * TAG_COUNT + t] as number) *
          (emit[(i + 1) * TAG_COUNT + t] as number) *
          (beta[(i + 1) * TAG_COUNT + t] as number);
      beta[i * TAG_COUNT + p] = sum;
    }
    normalise(beta, i * TAG_COUNT);
  }
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < TAG_COUNT; t++) {
      const v = (alpha[i * TAG_COUNT + t] as number) * (beta[i * TAG_COUNT + t] as number);
      out[i * TAG_COUNT + t] = v;
      sum += v;
    }
    if (sum > 0)
      for (let t = 0; t < TAG_COUNT; t++) out[i * TAG_COUNT + t] = (out[i * TAG_COUNT + t] as number) / sum;
  }
  return out;
}

export interface TaggedSpan {
  type: 'PER' | 'ORG' | 'LOC' | 'MISC';
  /** Token range [tokenStart, tokenEnd) within the sentence. */
  tokenStart: number;
  tokenEnd: number;
  /** The least probability, over the span's tokens, of the tag the decoder chose. */
  confidence: number;
}

/** The IOB2 chunks of a tag sequence, with their confidence from the marginals. */
export function spansOf(tags: readonly number[], probabilities: Float64Array): TaggedSpan[] {
  const spans: TaggedSpan[] = [];
  let current: TaggedSpan | undefined;
  tags.forEach((tag, i) => {
    const name = TAGS[tag] as Tag;
    const p = probabilities[i * TAG_COUNT + tag] as number;
    if (name.startsWith('I-') && current) {
      current.tokenEnd = i + 1;
      current.confidence = Math.min(current.confidence, p);
      return;
    }
    if (current) spans.push(current);
    current = name.startsWith('B-')
      ? { type: name.slice(2) as TaggedSpan['type'], tokenStart: i, tokenEnd: i + 1, confidence: p }
      : undefined;
  });
  if (current) spans.push(current);
  return spans;
}
