/**
 * Trains models/attribution/model.json from the PolNeAR train compartment and reports component scores on
 * the dev compartment: the cue lexicon (how often each form is part of a cue), the cue classifier, the
 * content-boundary rankers and the source ranker (see src/extract/attribution-model.ts).
 */
import {
  type AttributionModel,
  beginFeatures,
  continuationFeatures,
  quotePairs,
  wrapFeatures,
  cueFeatures,
  cueForm,
  cuePrior,
  cueWindow,
  endFeatures,
  isCueFunctionWord,
  nullSourceFeatures,
  type SourceCandidate,
  sourceCandidates,
  sourceFeatures,
  type TokenView,
  tokenView,
} from '../src/extract/attribution-model.ts';
import { analyseArticle } from '../src/extract/extract-article.ts';
import type { Sentence, Token } from '../src/extract/segment.ts';
import type { QuoteSpan } from '../src/extract/types.ts';
import { type CorpusDocument, readCorpus } from './corpus.ts';
import { AveragedPerceptron } from './perceptron.ts';
import { seededRandom, shuffle } from './trainer.ts';

interface SpanGold {
  start: number;
  end: number;
  text: string;
}
interface AttributionGold {
  attributions: {
    source: (SpanGold & { kind: string }) | null;
    cue: SpanGold | null;
    content: SpanGold & { segments: [number, number][] };
  }[];
}

export const ATTRIBUTION_TRAINING = { train: 'polnear-train', dev: 'polnear-dev', seed: 11, epochs: 6 };
const MIN_CUE_COUNT = 2;
const MIN_CUE_SHARE = 0.02;
const TRIM = /^[\s"“”‘’'.,;:—–…-]+$/;

interface Prepared {
  view: TokenView;
  sentences: readonly Sentence[];
  mentions: ReturnType<typeof analyseArticle>['table']['mentions'];
  body: string;
  /** Consecutive quotations of a paragraph, the first inside a gold content: does the second go on with it? */
  continuations: { quote: QuoteSpan; next: QuoteSpan; goesOn: boolean }[];
  /** Attributions set off by commas (", X said,"): do the words before them open the content? */
  wraps: { start: number; comma: number; c0: number; c1: number; opens: boolean }[];
  /** Token indexes that are part of a gold cue's meaningful words. */
  cueTokens: Set<number>;
  examples: {
    c0: number;
    c1: number;
    window: { start: number; end: number };
    b: number;
    e: number;
    sourceStart?: number;
    sourceEnd?: number;
  }[];
}

function tokensIn(tokens: readonly Token[], start: number, end: number): number[] {
  const out: number[] = [];
  for (const t of tokens) if (t.start >= start && t.end <= end) out.push(t.index);
  return out;
}

function prepare(doc: CorpusDocument<AttributionGold>): Prepared {
  const { segmented, quotes, table } = analyseArticle(doc.body);
  const { tokens, sentences } = segmented;
  const view = tokenView(tokens, quotes, {});
  const cueTokens = new Set<number>();
  const examples: Prepared['examples'] = [];
  const wraps: Prepared['wraps'] = [];
  for (const a of doc.gold.attributions) {
    if (!a.cue) continue;
    const inCue = tokensIn(tokens, a.cue.start, a.cue.end);
    if (!inCue.length) continue;
    const meaningful = inCue.filter((i) => !isCueFunctionWord(cueForm(tokens[i])));
    for (const i of meaningful.length ? meaningful : inCue) cueTokens.add(i);
    const c0 = inCue[0] as number;
    const c1 = inCue.at(-1) as number;
    const sentence = sentences[(tokens[c0] as Token).sentence] as Sentence;
    const window = cueWindow(sentences, tokens, sentence);
    const content = tokensIn(tokens, a.content.start, a.content.end).filter(
      (i) => !TRIM.test((tokens[i] as Token).text),
    );
    if (a.source && tokens[c1 + 1]?.text === ',') {
      const s0 = tokensIn(tokens, a.source.start, a.source.end)[0];
      if (s0 !== undefined && s0 - 1 > window.start && tokens[s0 - 1]?.text === ',' && s0 < c0) {
        const leftEnd = (tokens[s0 - 1] as Token).start;
        const leftStart = (tokens[window.start] as Token).start;
        const opens = a.content.segments.some(([s, e]) => s < leftEnd && e > leftStart);
        wraps.push({ start: window.start, comma: s0 - 1, c0, c1, opens });
      }
    }
    const b = content[0];
    const e = content.filter((i) => i < window.end).at(-1);
    if (b === undefined || e === undefined || b < window.start || b >= window.end) continue;
    if (b >= c0 && b <= c1) continue;
    if (b < c0 && e >= c0) continue;
    examples.push({
      c0,
      c1,
      window,
      b,
      e,
      ...(a.source ? { sourceStart: a.source.start, sourceEnd: a.source.end } : {}),
    });
  }
  const continuations = quotePairs(segmented.paragraphs, quotes, tokens).flatMap(([quote, next]) => {
    const owner = contentOf(doc.gold.attributions, quote);
    if (!owner) return [];
    const goesOn = owner.content.segments.some(([s, e]) => s < next.innerEnd && e > next.innerStart);
    return [{ quote, next, goesOn }];
  });
  return { view, body: doc.body, continuations, wraps, sentences, mentions: table.mentions, cueTokens, examples };
}

/** The gold attribution whose content covers most of the quotation's words, if it covers half. */
function contentOf(attributions: AttributionGold['attributions'], quote: QuoteSpan) {
  let best: AttributionGold['attributions'][number] | undefined;
  let most = 0;
  for (const a of attributions) {
    let n = 0;
    for (const [s, e] of a.content.segments) n += Math.max(0, Math.min(e, quote.innerEnd) - Math.max(s, quote.innerStart));
    if (n > most) [most, best] = [n, a];
  }
  return most * 2 >= quote.innerEnd - quote.innerStart ? best : undefined;
}

function buildLexicon(docs: Prepared[]): AttributionModel['lexicon'] {
  const counts = new Map<string, [number, number]>();
  for (const d of docs)
    d.view.tokens.forEach((t, i) => {
      const form = cueForm(t);
      const entry = counts.get(form) ?? [0, 0];
      entry[1]++;
      if (d.cueTokens.has(i)) entry[0]++;
      counts.set(form, entry);
    });
  const lexicon: AttributionModel['lexicon'] = {};
  for (const [form, [cue, all]] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    if (cue >= MIN_CUE_COUNT && cue / all >= MIN_CUE_SHARE) lexicon[form] = [cue, all];
  return lexicon;
}

function goldSource(
  candidates: readonly (SourceCandidate & { key: string })[],
  tokens: readonly Token[],
  ex: Prepared['examples'][number],
): number {
  if (ex.sourceStart === undefined || ex.sourceEnd === undefined) return -1;
  return candidates.findIndex((c) => {
    const start = (tokens[c.tokenStart] as Token).start;
    const end = (tokens[c.tokenEnd - 1] as Token).end;
    return start < (ex.sourceEnd as number) && end > (ex.sourceStart as number);
  });
}

export interface AttributionScores {
  cue: { p: number; r: number; f: number };
  /** Given the gold cue: first content token right, last right too, source right (incl. nobody). */
  beginAccuracy: number;
  spanAccuracy: number;
  sourceAccuracy: number;
  /** Quotation pairs: does the second go on with the first one's content (P/R/F of "goes on")? */
  continuation: { p: number; r: number; f: number; pairs: number };
  /** Commas-enclosed attributions: do the words before them open the content (P/R/F of "opens")? */
  wrap: { p: number; r: number; f: number; cases: number };
}

function evaluate(model: AttributionModel, docs: Prepared[]): AttributionScores {
  let tp = 0;
  let pred = 0;
  let gold = 0;
  let n = 0;
  let begin = 0;
  let span = 0;
  let source = 0;
  const score = (w: Record<string, number>, f: string[]) => f.reduce((s, x) => s + (w[x] ?? 0), 0);
  for (const d of docs) {
    const { tokens } = d.view;
    for (const s of d.sentences)
      for (let i = s.tokenStart; i < s.tokenEnd; i++) {
        const prior = cuePrior(model.lexicon, cueForm(tokens[i]));
        const isCue = d.cueTokens.has(i);
        if (isCue) gold++;
        if (!prior) continue;
        if (score(model.cue, cueFeatures(d.view, i, s, prior)) > model.cueThreshold) {
          pred++;
          if (isCue) tp++;
        }
      }
    for (const ex of d.examples) {
      n++;
      let b = -1;
      let best = Number.NEGATIVE_INFINITY;
      for (let k = ex.window.start; k < ex.window.end; k++) {
        if (k >= ex.c0 && k <= ex.c1) continue;
        const sc = score(model.begin, beginFeatures(d.view, k, ex.c0, ex.c1, ex.window));
        if (sc > best) [best, b] = [sc, k];
      }
      if (b !== ex.b) continue;
      begin++;
      let e = -1;
      best = Number.NEGATIVE_INFINITY;
      for (let k = b; k < (b < ex.c0 ? ex.c0 : ex.window.end); k++) {
        const sc = score(model.end, endFeatures(d.view, k, b, ex.c0, ex.c1, ex.window));
        if (sc > best) [best, e] = [sc, k];
      }
      if (e === ex.e) span++;
      const candidates = sourceCandidates(d.mentions, tokens, ex.window).filter(
        (c) => !(c.tokenStart >= ex.b && c.tokenEnd <= ex.e + 1),
      );
      const want = goldSource(candidates, tokens, ex);
      let got = -1;
      best = score(model.source, nullSourceFeatures(d.view, ex.c0, candidates.length));
      candidates.forEach((c, k) => {
        const sc = score(model.source, sourceFeatures(d.view, c, ex.c0, ex.c1, { b: ex.b, e: ex.e }, candidates));
        if (sc > best) [best, got] = [sc, k];
      });
      if (got === want) source++;
    }
  }
  const on = { tp: 0, pred: 0, gold: 0, pairs: 0 };
  for (const d of docs)
    for (const c of d.continuations) {
      on.pairs++;
      const says = score(model.continuation ?? {}, continuationFeatures(d.view, model.lexicon, d.body, c.quote, c.next)) > 0;
      if (says) on.pred++;
      if (c.goesOn) on.gold++;
      if (says && c.goesOn) on.tp++;
    }
  const wr = { tp: 0, pred: 0, gold: 0, n: 0 };
  for (const d of docs)
    for (const w of d.wraps) {
      wr.n++;
      const says = score(model.wrap ?? {}, wrapFeatures(d.view, w.start, w.comma, w.c0, w.c1)) > 0;
      if (says) wr.pred++;
      if (w.opens) wr.gold++;
      if (says && w.opens) wr.tp++;
    }
  const wp = wr.pred ? wr.tp / wr.pred : 0;
  const wrr = wr.gold ? wr.tp / wr.gold : 0;
  const cp = on.pred ? on.tp / on.pred : 0;
  const cr = on.gold ? on.tp / on.gold : 0;
  const p = pred ? tp / pred : 0;
  const r = gold ? tp / gold : 0;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    cue: { p: round(p), r: round(r), f: round(p + r ? (2 * p * r) / (p + r) : 0) },
    beginAccuracy: round(begin / Math.max(1, n)),
    spanAccuracy: round(span / Math.max(1, n)),
    sourceAccuracy: round(source / Math.max(1, begin)),
    continuation: { p: round(cp), r: round(cr), f: round(cp + cr ? (2 * cp * cr) / (cp + cr) : 0), pairs: on.pairs },
    wrap: { p: round(wp), r: round(wrr), f: round(wp + wrr ? (2 * wp * wrr) / (wp + wrr) : 0), cases: wr.n },
  };
}

export function trainAttribution(log: (line: string) => void = console.log) {
  const { seed, epochs } = ATTRIBUTION_TRAINING;
  const trainDocs = readCorpus<AttributionGold>(ATTRIBUTION_TRAINING.train);
  const devDocs = readCorpus<AttributionGold>(ATTRIBUTION_TRAINING.dev);
  log(`attribution: preparing ${trainDocs.length} training and ${devDocs.length} dev articles`);
  const train = trainDocs.map(prepare);
  const dev = devDocs.map(prepare);
  const lexicon = buildLexicon(train);
  // The views see the cue lexicon's priors, as the extractor's do.
  for (const d of [...train, ...dev]) d.view = { ...d.view, prior: d.view.forms.map((form) => cuePrior(lexicon, form) ?? '') };
  const cue = new AveragedPerceptron();
  const begin = new AveragedPerceptron();
  const end = new AveragedPerceptron();
  const source = new AveragedPerceptron();
  const continuation = new AveragedPerceptron();
  const wrap = new AveragedPerceptron();
  const random = seededRandom(seed);
  type Item =
    | { d: Prepared; kind: 'cue'; s: Sentence }
    | { d: Prepared; kind: 'span'; x: number }
    | { d: Prepared; kind: 'continuation'; x: number }
    | { d: Prepared; kind: 'wrap'; x: number };
  const items: Item[] = [];
  for (const d of train) {
    for (const s of d.sentences) items.push({ d, kind: 'cue', s });
    for (let x = 0; x < d.examples.length; x++) items.push({ d, kind: 'span', x });
    for (let x = 0; x < d.continuations.length; x++) items.push({ d, kind: 'continuation', x });
    for (let x = 0; x < d.wraps.length; x++) items.push({ d, kind: 'wrap', x });
  }
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const item of shuffle(items, random)) {
      const { d } = item;
      const { tokens } = d.view;
      if (item.kind === 'cue') {
        for (let i = item.s.tokenStart; i < item.s.tokenEnd; i++) {
          const prior = cuePrior(lexicon, cueForm(tokens[i]));
          if (prior) cue.learnBinary(cueFeatures(d.view, i, item.s, prior), d.cueTokens.has(i) ? 1 : -1);
        }
        continue;
      }
      if (item.kind === 'wrap') {
        const w = d.wraps[item.x] as Prepared['wraps'][number];
        wrap.learnBinary(wrapFeatures(d.view, w.start, w.comma, w.c0, w.c1), w.opens ? 1 : -1);
        continue;
      }
      if (item.kind === 'continuation') {
        const c = d.continuations[item.x] as Prepared['continuations'][number];
        continuation.learnBinary(continuationFeatures(d.view, lexicon, d.body, c.quote, c.next), c.goesOn ? 1 : -1);
        continue;
      }
      const ex = d.examples[item.x] as Prepared['examples'][number];
      const beginCandidates: string[][] = [];
      const beginAt: number[] = [];
      for (let k = ex.window.start; k < ex.window.end; k++) {
        if (k >= ex.c0 && k <= ex.c1) continue;
        beginAt.push(k);
        beginCandidates.push(beginFeatures(d.view, k, ex.c0, ex.c1, ex.window));
      }
      begin.learnRanking(beginCandidates, beginAt.indexOf(ex.b));
      const endCandidates: string[][] = [];
      for (let k = ex.b; k < (ex.b < ex.c0 ? ex.c0 : ex.window.end); k++)
        endCandidates.push(endFeatures(d.view, k, ex.b, ex.c0, ex.c1, ex.window));
      end.learnRanking(endCandidates, ex.e - ex.b);
      const candidates = sourceCandidates(d.mentions, tokens, ex.window).filter(
        (c) => !(c.tokenStart >= ex.b && c.tokenEnd <= ex.e + 1),
      );
      const want = goldSource(candidates, tokens, ex);
      const features = [
        nullSourceFeatures(d.view, ex.c0, candidates.length),
        ...candidates.map((c) => sourceFeatures(d.view, c, ex.c0, ex.c1, { b: ex.b, e: ex.e }, candidates)),
      ];
      source.learnRanking(features, want + 1);
    }
    log(`attribution: epoch ${epoch + 1}/${epochs} done`);
  }
  const model: AttributionModel = {
    lexicon,
    cue: cue.averaged(),
    begin: begin.averaged(),
    end: end.averaged(),
    source: source.averaged(),
    continuation: continuation.averaged(),
    wrap: wrap.averaged(),
    cueThreshold: 0,
  };
  const devScores = evaluate(model, dev);
  log(`attribution: dev ${JSON.stringify(devScores)}`);
  const manifest = {
    model: 'attribution',
    description:
      'cue lexicon and cue classifier, content begin/end rankers, source ranker (averaged perceptrons)',
    data: {
      train: `${ATTRIBUTION_TRAINING.train} (${train.length} articles, ${train.reduce((s, d) => s + d.examples.length, 0)} usable attributions)`,
      dev: `${ATTRIBUTION_TRAINING.dev} (${dev.length} articles)`,
    },
    seed,
    epochs,
    features: {
      cue: 'form, neighbours, shapes, inside quotation, lexicon prior bucket',
      begin: 'side of the cue, distance, token and previous token, shapes, quotation, cue form',
      end: 'side, length, token and next two tokens, sentence end, distance to the cue, quotation',
      source:
        'entity kind or pronoun, side and distance, neighbouring words, possessive, inside content, candidates between it and the cue, whether it is the subject of the cue\'s verb group',
      continuation:
        'words between two quotations as a pattern (cue, pronoun, name, punctuation), their count, the first quotation\'s last mark, a cue of its own after the second',
      wrap: 'for ", X said," inside a sentence: length, first and last words before it, cue or quotation there, subject length, the word after',
    },
    sizes: {
      lexicon: Object.keys(lexicon).length,
      cue: Object.keys(model.cue).length,
      begin: Object.keys(model.begin).length,
      end: Object.keys(model.end).length,
      source: Object.keys(model.source).length,
      continuation: Object.keys(model.continuation ?? {}).length,
      wrap: Object.keys(model.wrap ?? {}).length,
    },
    devScores,
  };
  return { model, manifest };
}
