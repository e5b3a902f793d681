/**
 * The learned event-trigger classifier: a linear model that reads every word of a sentence and says
 * whether it reports something that happens ("died", "charged", "the blaze", "a heist"), whatever the
 * event is about. Its features are the word, a crude stem, suffixes, shape, the part-of-speech tags the
 * `compromise` lexicon lists for the word and its neighbours, and the neighbouring words themselves;
 * the weights are trained by train/event-triggers.ts and read from models/event-triggers/model.json.
 * The trainer and the extractor compute features with this one function, so they cannot drift apart.
 */
import { NOT_TRIGGER_WORDS } from './lang/en/event-kinds.ts';
import { reportingVerbKind } from './lang/en/reporting-verbs.ts';
import { isFunctionWord, lexiconTags } from './lexicon/words.ts';
import { loadModel, sigmoid } from './linear-model.ts';
import type { Sentence, Token } from './segment.ts';

export interface EventTriggerModel {
  /** Feature name → weight of the averaged perceptron. */
  weights: Record<string, number>;
  /** Margin above which a word is a trigger. */
  threshold: number;
  /** Factor on the margin that makes sigmoid(factor × margin) a calibrated confidence (fitted on held-out topics). */
  scale: number;
}

/** Words that can be triggers at all: letters, inner hyphens and apostrophes, nothing else. */
const WORD = /^\p{L}[\p{L}\p{M}'’-]*$/u;

/** A rough English stem, so "charged", "charges" and "charging" share a weight. */
export function stemOf(word: string): string {
  const w = word.toLowerCase();
  if (w.length <= 4) return w;
  if (w.endsWith('ies') || w.endsWith('ied')) return `${w.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed']) {
    if (!w.endsWith(suffix) || w.length - suffix.length < 3) continue;
    const base = w.slice(0, -suffix.length);
    // "shipped" → "ship", "fired" → "fir(e)": one form per verb is enough for a feature.
    return /([bdgklmnprt])\1$/.test(base) ? base.slice(0, -1) : base.replace(/e$/, '');
  }
  if (w.endsWith('es') && /(ch|sh|ss|x|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1).replace(/e$/, '');
  return w.replace(/e$/, '');
}

function shapeOf(text: string): string {
  if (/^\p{Lu}+$/u.test(text)) return text.length > 1 ? 'AA' : 'A';
  if (/^\p{Lu}/u.test(text)) return 'Aa';
  return 'a';
}

const tagsOf = (token: Token | undefined): readonly string[] =>
  token ? (WORD.test(token.text) ? lexiconTags(token.text) : [`punct:${token.text}`]) : ['none'];

/** Whether a token may be a trigger: a content word that is not plain speech ("said" is a claim's cue). */
export function isTriggerCandidate(token: Token): boolean {
  if (!WORD.test(token.text) || token.text.length < 2) return false;
  const lower = token.text.toLowerCase();
  return !NOT_TRIGGER_WORDS.has(lower) && !isFunctionWord(lower) && reportingVerbKind(lower) !== 'STATEMENT';
}

/** The words around token `i` within its sentence, lower-cased, with sentence-edge markers. */
function contextOf(tokens: readonly Token[], i: number, sentence: Sentence) {
  const at = (k: number) =>
    i + k >= sentence.tokenStart && i + k < sentence.tokenEnd ? tokens[i + k] : undefined;
  const before = at(-1);
  const after = at(1);
  return {
    before,
    after,
    prev: before ? before.text.toLowerCase() : '<s>',
    prev2: at(-2)?.text.toLowerCase() ?? '<s>',
    next: after ? after.text.toLowerCase() : '</s>',
    next2: at(2)?.text.toLowerCase() ?? '</s>',
  };
}

/** The features of token `i` of `tokens`, within its sentence. */
export function triggerFeatures(tokens: readonly Token[], i: number, sentence: Sentence): string[] {
  const token = tokens[i] as Token;
  const lower = token.text.toLowerCase();
  const stem = stemOf(lower);
  const { before, after, prev, prev2, next, next2 } = contextOf(tokens, i, sentence);
  const tags = tagsOf(token);
  const shape = i === sentence.tokenStart ? `first-${shapeOf(token.text)}` : shapeOf(token.text);
  const features = [
    'bias',
    `w=${lower}`,
    `stem=${stem}`,
    `s2=${lower.slice(-2)}`,
    `s3=${lower.slice(-3)}`,
    `s4=${lower.slice(-4)}`,
    `shape=${shape}`,
    `p1=${prev}`,
    `p2=${prev2}`,
    `n1=${next}`,
    `n2=${next2}`,
    `p1+stem=${prev}|${stem}`,
    `stem+n1=${stem}|${next}`,
    `len=${Math.min(lower.length, 10)}`,
  ];
  for (const t of tags) features.push(`t=${t}`, `t+s3=${t}|${lower.slice(-3)}`);
  if (!tags.length) features.push('t=unknown');
  for (const t of tagsOf(before)) features.push(`pt=${t}`);
  for (const t of tagsOf(after)) features.push(`nt=${t}`);
  if (lower.includes('-')) features.push('hyphen', `last=${stemOf(lower.slice(lower.lastIndexOf('-') + 1))}`);
  return features;
}

/** The trigger margin of token `i`; a trigger when at least the model's threshold. */
export function triggerMargin(model: EventTriggerModel, features: readonly string[]): number {
  let total = 0;
  for (const f of features) total += model.weights[f] ?? 0;
  return total;
}

let compiled: { weights: Map<string, number>; threshold: number; scale: number } | undefined;
/** The committed model with its weights in a Map: a lookup per feature is the classifier's whole cost. */
function eventTriggerModel() {
  if (compiled) return compiled;
  const model = loadModel<EventTriggerModel>('event-triggers/model.json');
  compiled = { ...model, weights: new Map(Object.entries(model.weights)) };
  return compiled;
}

/**
 * The confidence (0–1) of the learned trigger at token `i`; undefined for words that are no candidate
 * or score under the threshold.
 */
/** The weights of the features a word gives itself, and gives its neighbours, under one model. */
interface WordWeights {
  lower: string;
  stem: string;
  /** bias, w=, stem=, s2=, s3=, s4=: the first features, in order. */
  head: readonly number[];
  /** len=, then t= and t+s3= of each lexicon tag (or t=unknown), then hyphen and last=. */
  length: number;
  tags: readonly number[];
  hyphen: readonly number[];
  /** As the word before or after a candidate: its pt= and nt= weights. */
  asPrevTags: readonly number[];
  asNextTags: readonly number[];
}

/** Word weights by token text, per model, emptied when large: the words of news recur. */
const wordWeights = new WeakMap<Map<string, number>, Map<string, WordWeights>>();
const WORD_WEIGHTS_LIMIT = 100_000;

function weightsOfWord(weights: Map<string, number>, text: string): WordWeights {
  let cache = wordWeights.get(weights);
  if (!cache) {
    cache = new Map();
    wordWeights.set(weights, cache);
  }
  let found = cache.get(text);
  if (found) return found;
  if (cache.size >= WORD_WEIGHTS_LIMIT) cache.clear();
  const w = (feature: string) => weights.get(feature) ?? 0;
  const lower = text.toLowerCase();
  const stem = stemOf(lower);
  const token = { text } as Token;
  const tags = tagsOf(token);
  const tagWeights: number[] = [];
  for (const t of tags) tagWeights.push(w(`t=${t}`), w(`t+s3=${t}|${lower.slice(-3)}`));
  if (!tags.length) tagWeights.push(w('t=unknown'));
  found = {
    lower,
    stem,
    head: [
      w('bias'),
      w(`w=${lower}`),
      w(`stem=${stem}`),
      w(`s2=${lower.slice(-2)}`),
      w(`s3=${lower.slice(-3)}`),
      w(`s4=${lower.slice(-4)}`),
    ],
    length: w(`len=${Math.min(lower.length, 10)}`),
    tags: tagWeights,
    hyphen: lower.includes('-')
      ? [w('hyphen'), w(`last=${stemOf(lower.slice(lower.lastIndexOf('-') + 1))}`)]
      : [],
    asPrevTags: tags.map((t) => w(`pt=${t}`)),
    asNextTags: tags.map((t) => w(`nt=${t}`)),
  };
  cache.set(text, found);
  return found;
}

/**
 * The margin triggerMargin gives triggerFeatures(tokens, i, sentence): the same weights added in the
 * same order, the ones that depend on one word alone looked up once per distinct word.
 */
export function learnedTriggerMargin(
  weights: Map<string, number>,
  tokens: readonly Token[],
  i: number,
  sentence: Sentence,
): number {
  const token = tokens[i] as Token;
  const w = (feature: string) => weights.get(feature) ?? 0;
  const own = weightsOfWord(weights, token.text);
  const { before, after, prev, prev2, next, next2 } = contextOf(tokens, i, sentence);
  const shape = i === sentence.tokenStart ? `first-${shapeOf(token.text)}` : shapeOf(token.text);
  let margin = 0;
  for (const x of own.head) margin += x;
  margin += w(`shape=${shape}`);
  margin += w(`p1=${prev}`);
  margin += w(`p2=${prev2}`);
  margin += w(`n1=${next}`);
  margin += w(`n2=${next2}`);
  margin += w(`p1+stem=${prev}|${own.stem}`);
  margin += w(`stem+n1=${own.stem}|${next}`);
  margin += own.length;
  for (const x of own.tags) margin += x;
  if (before) for (const x of weightsOfWord(weights, before.text).asPrevTags) margin += x;
  else margin += w('pt=none');
  if (after) for (const x of weightsOfWord(weights, after.text).asNextTags) margin += x;
  else margin += w('nt=none');
  for (const x of own.hyphen) margin += x;
  return margin;
}

export function learnedTriggerConfidence(
  tokens: readonly Token[],
  i: number,
  sentence: Sentence,
): number | undefined {
  const token = tokens[i];
  if (!token || !isTriggerCandidate(token)) return undefined;
  const model = eventTriggerModel();
  const margin = learnedTriggerMargin(model.weights, tokens, i, sentence);
  return margin >= model.threshold ? sigmoid(model.scale * margin) : undefined;
}

/** The trigger model as learnedTriggerConfidence reads it. */
export const triggerModelWeights = () => eventTriggerModel().weights;
