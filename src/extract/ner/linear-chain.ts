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

export interface LinearChainWeights {
  /** Feature hash → row in `emissions`. */
  rows: ReadonlyMap<number, number>;
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
    best[t] = allowed(START, t)
      ? (scores[t] as number) + (transitions[START * TAG_COUNT + t] as number)
      : Number.NEGATIVE_INFINITY;
  for (let i = 1; i < n; i++) {
    for (let t = 0; t < TAG_COUNT; t++) {
      let top = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let p = 0; p < TAG_COUNT; p++) {
        if (!allowed(p, t)) continue;
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

function logSumExp(values: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/** P(tag of token i = t) under the scores divided by `temperature`: n × TAG_COUNT. */
export function marginals(
  scores: Float64Array,
  n: number,
  transitions: ArrayLike<number>,
  temperature: number,
): Float64Array {
  const out = new Float64Array(n * TAG_COUNT);
  if (n === 0) return out;
  const k = 1 / temperature;
  const alpha = new Float64Array(n * TAG_COUNT);
  const beta = new Float64Array(n * TAG_COUNT);
  const terms = new Float64Array(TAG_COUNT);
  for (let t = 0; t < TAG_COUNT; t++)
    alpha[t] = allowed(START, t)
      ? k * ((scores[t] as number) + (transitions[START * TAG_COUNT + t] as number))
      : Number.NEGATIVE_INFINITY;
  for (let i = 1; i < n; i++)
    for (let t = 0; t < TAG_COUNT; t++) {
      for (let p = 0; p < TAG_COUNT; p++)
        terms[p] = allowed(p, t)
          ? (alpha[(i - 1) * TAG_COUNT + p] as number) + k * (transitions[p * TAG_COUNT + t] as number)
          : Number.NEGATIVE_INFINITY;
      alpha[i * TAG_COUNT + t] = logSumExp(terms) + k * (scores[i * TAG_COUNT + t] as number);
    }
  for (let i = n - 2; i >= 0; i--)
    for (let p = 0; p < TAG_COUNT; p++) {
      for (let t = 0; t < TAG_COUNT; t++)
        terms[t] = allowed(p, t)
          ? k * ((transitions[p * TAG_COUNT + t] as number) + (scores[(i + 1) * TAG_COUNT + t] as number)) +
            (beta[(i + 1) * TAG_COUNT + t] as number)
          : Number.NEGATIVE_INFINITY;
      beta[i * TAG_COUNT + p] = logSumExp(terms);
    }
  const z = logSumExp(alpha.subarray((n - 1) * TAG_COUNT, n * TAG_COUNT));
  for (let i = 0; i < n * TAG_COUNT; i++) out[i] = Math.exp((alpha[i] as number) + (beta[i] as number) - z);
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
