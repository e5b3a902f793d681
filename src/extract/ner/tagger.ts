/**
 * Stage 2 — named entities from the trained tagger. Cuts the body into the corpus's tokens, groups them
 * by the segmenter's sentences, scores every token with the model and decodes the best IOB2 sequence.
 * Each span keeps its exact offsets, the segmenter tokens it covers (the other stages work on those) and
 * a confidence: the least marginal probability of its tags. Linear in the body's length.
 */
import type { Segmented } from '../segment.ts';
import { emissionScores, marginals, spansOf, TAGS, type TaggedSpan, viterbi } from './linear-chain.ts';
import { nerModel } from './model.ts';
import { documentFeatures, taggerSentences } from './sentences.ts';
import { type NerToken, nerTokens } from './tokenize.ts';

export type EntityType = TaggedSpan['type'];

const OUTSIDE = TAGS.indexOf('O');

export interface EntitySpan {
  type: EntityType;
  start: number;
  end: number;
  /** Segmenter token range [tokenStart, tokenEnd) the span covers. */
  tokenStart: number;
  tokenEnd: number;
  confidence: number;
}

/** The tagger's tokens grouped by the segmenter's sentences. */
function sentencesOf(segmented: Segmented): NerToken[][] {
  const { tokens } = segmented;
  const groups: NerToken[][] = segmented.sentences.map(() => []);
  let k = 0;
  for (const token of nerTokens(segmented.body)) {
    while (k < tokens.length - 1 && (tokens[k]?.end ?? 0) <= token.start) k++;
    const sentence = tokens[k]?.sentence ?? 0;
    groups[sentence]?.push(token);
  }
  return groups.filter((g) => g.length);
}

/** Every named-entity span the model finds in the body, left to right. */
export function tagEntities(segmented: Segmented): EntitySpan[] {
  const { weights, temperature } = nerModel();
  const sentences = sentencesOf(segmented);
  const features = documentFeatures(
    taggerSentences(
      segmented.body,
      sentences.map((tokens) => ({ tokens })),
    ),
  );
  const found: EntitySpan[] = [];
  const { tokens } = segmented;
  let k = 0;
  sentences.forEach((sentence, s) => {
    const sentenceFeatures = features[s] ?? [];
    const n = sentence.length;
    const scores = emissionScores(weights, sentenceFeatures);
    const tags = viterbi(scores, n, weights.transitions);
    // Marginals give spans their confidence; a sentence without a span needs none.
    if (tags.every((tag) => tag === OUTSIDE)) return;
    const probabilities = marginals(scores, n, weights.transitions, temperature);
    for (const span of spansOf(tags, probabilities)) {
      const start = (sentence[span.tokenStart] as NerToken).start;
      const end = (sentence[span.tokenEnd - 1] as NerToken).end;
      while (k < tokens.length && (tokens[k]?.end ?? 0) <= start) k++;
      let last = k;
      while (last < tokens.length && (tokens[last]?.start ?? 0) < end) last++;
      if (last === k) continue;
      found.push({ type: span.type, start, end, tokenStart: k, tokenEnd: last, confidence: span.confidence });
    }
  });
  return found;
}
