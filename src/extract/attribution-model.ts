/**
 * The learned part of attribution: which words are cues, where the content of a cue begins and ends,
 * and which entity mention (if any) is its source. Three linear models over token features, trained on
 * annotated political news (train/attribution.ts) and committed as models/attribution/model.json. The
 * feature functions here are shared by the trainer and the extractor, so both see the same view.
 *
 * Cue: each word whose form the cue lexicon knows is classified on its own (form, neighbours, quote
 * context). Content: a ranker over the tokens of the cue's sentence picks the first token, then a
 * second ranker the last one (a boundary model in the manner of a BIO tagger decoded for one span).
 * Source: a ranker over the entity mentions of the sentence plus "nobody", so that a claim can have
 * no known speaker rather than a wrong one. Every decision is linear in the sentence's length.
 */
import type { EntityKind } from '../annotation/format.ts';
import { isCueFunctionWord, PRONOUN_SOURCES } from './lang/en/attribution.ts';
import { bucket, loadModel, scoreOf, sigmoid, type Weights } from './linear-model.ts';
import type { Sentence, Token } from './segment.ts';
import type { QuoteSpan } from './types.ts';

export interface AttributionModel {
  /** Cue lexicon: lower-case form → [times it is (part of) a cue, times it occurs] in the training text. */
  lexicon: Record<string, [number, number]>;
  cue: Weights;
  begin: Weights;
  end: Weights;
  source: Weights;
  /** Whether a content that ends in one quotation goes on in the next one, past its attribution. */
  continuation?: Weights;
  /** Whether the words before a parenthetical attribution (", X said,") open the content after it. */
  wrap?: Weights;
  /** Decision thresholds chosen on the training data (cue margin). */
  cueThreshold: number;
}

export const ATTRIBUTION_MODEL_FILE = 'attribution/model.json';

let model: AttributionModel | undefined;
export function attributionModel(): AttributionModel {
  model ??= loadModel<AttributionModel>(ATTRIBUTION_MODEL_FILE);
  return model;
}

export interface TokenView {
  tokens: readonly Token[];
  /** Whether each token lies inside quotation marks. */
  inQuote: readonly boolean[];
  /** Each token's cue-lexicon prior bucket ('' when the lexicon does not know its form). */
  prior: readonly string[];
  /** Each token's lower-case form and shape, computed once: the rankers read them for every candidate. */
  forms: readonly string[];
  shapes: readonly string[];
}

/** The cached form and shape of token i, as `lower` and `shape` give them ("<none>", "none" outside). */
const formAt = (view: TokenView, i: number) => view.forms[i] ?? '<none>';
const shapeAt = (view: TokenView, i: number) => view.shapes[i] ?? 'none';

const lower = (t: Token | undefined) => (t ? t.text.toLowerCase().replace(/’/g, "'") : '<none>');
const isQuoteMark = (t: Token | undefined) => !!t && /^["“”‘’'`]+$/.test(t.text);
const shape = (t: Token | undefined) =>
  !t
    ? 'none'
    : /^\p{Lu}/u.test(t.text)
      ? 'Cap'
      : /^\p{Ll}/u.test(t.text)
        ? 'low'
        : /^\p{N}/u.test(t.text)
          ? 'num'
          : isQuoteMark(t)
            ? 'quote'
            : t.text;

/** Prior of a form being a cue word, bucketed; undefined for forms the lexicon does not hold. */
export function cuePrior(lexicon: AttributionModel['lexicon'], form: string): string | undefined {
  const entry = lexicon[form];
  if (!entry) return undefined;
  const p = entry[0] / entry[1];
  return p >= 0.5 ? 'hi' : p >= 0.2 ? 'mid' : p >= 0.05 ? 'lo' : 'rare';
}

export function cueFeatures(view: TokenView, i: number, sentence: Sentence, prior: string): string[] {
  const w = formAt(view, i);
  const hasPrev = i > sentence.tokenStart;
  const hasNext = i + 1 < sentence.tokenEnd;
  const prev = hasPrev ? formAt(view, i - 1) : '<none>';
  const next = hasNext ? formAt(view, i + 1) : '<none>';
  const prevShape = hasPrev ? shapeAt(view, i - 1) : 'none';
  const nextShape = hasNext ? shapeAt(view, i + 1) : 'none';
  const f = [
    'bias',
    `p=${prior}`,
    `w=${w}`,
    `w=${w}|n=${next}`,
    `w=${w}|p=${prev}`,
    `p=${prev}`,
    `n=${next}`,
    `ps=${prevShape}`,
    `ns=${nextShape}`,
    `q=${view.inQuote[i] ? 1 : 0}`,
    `w=${w}|q=${view.inQuote[i] ? 1 : 0}`,
    `first=${i === sentence.tokenStart ? 1 : 0}`,
    `w=${w}|ps=${prevShape}`,
  ];
  if (w === ':') {
    // "Name: quote" lines and "… said:" introductions.
    f.push(`colon-at=${bucket(i - sentence.tokenStart)}`, `colon-next=${nextShape}`);
  }
  return f;
}

/** Features of a candidate first content token `b` for the cue [c0, c1]. */
export function beginFeatures(
  view: TokenView,
  b: number,
  c0: number,
  c1: number,
  window: { start: number; end: number },
): string[] {
  const { tokens } = view;
  const side = b > c1 ? 'R' : 'L';
  const dist = side === 'R' ? b - c1 : c0 - b;
  const hasPrev = b > window.start && tokens[b - 1] !== undefined;
  const cue = formAt(view, c1);
  const adjacent = side === 'R' ? dist === 1 : false;
  const f = [
    `s=${side}`,
    `s=${side}|d=${bucket(dist)}`,
    `s=${side}|w=${formAt(view, b)}`,
    `s=${side}|p=${hasPrev ? formAt(view, b - 1) : '<none>'}`,
    `s=${side}|sh=${shapeAt(view, b)}`,
    `s=${side}|ps=${hasPrev ? shapeAt(view, b - 1) : 'none'}`,
    `s=${side}|start=${b === window.start ? 1 : 0}`,
    `s=${side}|adj=${adjacent ? 1 : 0}`,
    `s=${side}|cue=${cue}`,
    `s=${side}|cue=${cue}|adj=${adjacent ? 1 : 0}`,
    `s=${side}|q=${view.inQuote[b] ? 1 : 0}|pq=${hasPrev && view.inQuote[b - 1] ? 1 : 0}`,
    `cp=${formAt(view, c0 - 1)}|s=${side}`,
    `cn=${formAt(view, c1 + 1)}|s=${side}|d=${bucket(dist)}`,
    // Another cue word at or right after the candidate: the content of a chained cue ("seemed to think").
    `s=${side}|bp=${view.prior[b] ?? ''}|np=${view.prior[b + 1] ?? ''}`,
    `s=${side}|pp=${hasPrev ? (view.prior[b - 1] ?? '') : 'none'}|adj=${adjacent ? 1 : 0}`,
  ];
  return f;
}

/** Features of a candidate last content token `e`, given the first one `b`. */
export function endFeatures(
  view: TokenView,
  e: number,
  b: number,
  c0: number,
  c1: number,
  window: { start: number; end: number },
): string[] {
  const { tokens } = view;
  const side = b > c1 ? 'R' : 'L';
  const hasNext = e + 1 < window.end && tokens[e + 1] !== undefined;
  const next = hasNext ? formAt(view, e + 1) : '<none>';
  const next2 = e + 2 < window.end ? formAt(view, e + 2) : '<none>';
  const toCue = side === 'L' ? c0 - e : 0;
  const last = e === window.end - 1;
  return [
    `s=${side}`,
    `s=${side}|len=${bucket(e - b + 1)}`,
    `s=${side}|w=${formAt(view, e)}`,
    `s=${side}|n=${next}`,
    `s=${side}|n2=${next2}`,
    `s=${side}|ns=${hasNext ? shapeAt(view, e + 1) : 'none'}`,
    `s=${side}|last=${last ? 1 : 0}`,
    `s=${side}|last2=${e === window.end - 2 ? 1 : 0}|n=${next}`,
    `s=${side}|tocue=${bucket(toCue)}`,
    `s=${side}|q=${view.inQuote[e] ? 1 : 0}|nq=${hasNext && view.inQuote[e + 1] ? 1 : 0}`,
  ];
}

export interface SourceCandidate {
  kind: EntityKind | 'PRONOUN';
  tokenStart: number;
  tokenEnd: number;
}

/** Features of an entity mention as the source of the cue [c0, c1] with content [b, e]. */
export function sourceFeatures(
  view: TokenView,
  m: SourceCandidate,
  c0: number,
  c1: number,
  content: { b: number; e: number },
  /** All candidates of the cue (m among them): how many stand between m and the cue. */
  others: readonly SourceCandidate[] = [],
): string[] {
  const { tokens } = view;
  const side = m.tokenEnd <= c0 ? 'L' : 'R';
  const dist = side === 'L' ? c0 - m.tokenEnd : m.tokenStart - c1 - 1;
  const after = lower(tokens[m.tokenEnd]);
  const before = lower(tokens[m.tokenStart - 1]);
  const possessor = after === "'s" || after === "'";
  const inContent = m.tokenStart >= content.b && m.tokenEnd <= content.e + 1;
  const cue = lower(tokens[c0]);
  const between = others.filter((o) =>
    side === 'L'
      ? o.tokenStart >= m.tokenEnd && o.tokenEnd <= c0
      : o.tokenStart > c1 && o.tokenEnd <= m.tokenStart,
  ).length;
  const subject = isSubjectOf(view, m, c0);
  return [
    `k=${m.kind}`,
    `k=${m.kind}|s=${side}|d=${bucket(dist)}`,
    `s=${side}|d=${bucket(dist)}`,
    `s=${side}|b=${before}`,
    `s=${side}|a=${after}`,
    `poss=${possessor ? 1 : 0}`,
    `inc=${inContent ? 1 : 0}`,
    `s=${side}|cue=${cue}`,
    `s=${side}|cs=${content.b > c1 ? 'R' : 'L'}`,
    `q=${view.inQuote[m.tokenStart] ? 1 : 0}`,
    `s=${side}|clause=${clauseBetween(tokens, side === 'L' ? m.tokenEnd : c1 + 1, side === 'L' ? c0 : m.tokenStart) ? 1 : 0}`,
    `s=${side}|between=${Math.min(between, 2)}`,
    `k=${m.kind}|s=${side}|between=${Math.min(between, 2)}`,
    `s=${side}|subj=${subject ? 1 : 0}`,
    `k=${m.kind}|subj=${subject ? 1 : 0}|poss=${possessor ? 1 : 0}`,
    `s=${side}|first=${m.tokenStart === 0 ? '<start>' : shapeAt(view, m.tokenStart - 1)}|subj=${subject ? 1 : 0}`,
  ];
}

/** Auxiliaries, modals, negation and adverbs: what may stand between a subject and its verb. */
const VERB_GROUP =
  /^(?:has|have|had|is|are|was|were|be|been|will|would|could|can|should|may|might|must|do|does|did|not|n't|also|still|just|then|now|again|already|always|only|'s|'re|'ve|'d|'ll|\p{Ll}+ly)$/u;

/** Whether the candidate ends where the cue's verb group begins: "X has also said", "X said". */
function isSubjectOf(view: TokenView, m: SourceCandidate, c0: number): boolean {
  if (m.tokenEnd > c0) return false;
  for (let k = m.tokenEnd; k < c0; k++) if (!VERB_GROUP.test(formAt(view, k))) return false;
  return true;
}

const CLAUSE_OPENERS = /^(?:while|but|and|as|although|though|because|when|whereas|which|after|before)$/i;

/** A clause boundary between two tokens ("…, while", "; ", "… and the …"): a speaker seldom crosses one. */
function clauseBetween(tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const w = (tokens[k] as Token).text;
    if (w === ';' || w === ':') return true;
    if (w === ',' && CLAUSE_OPENERS.test(tokens[k + 1]?.text ?? '')) return true;
  }
  return false;
}

/** Features of "nobody the text names" as the source. */
export function nullSourceFeatures(view: TokenView, c0: number, candidates: number): string[] {
  const { tokens } = view;
  return [
    'null',
    `null|cue=${lower(tokens[c0])}`,
    `null|p=${lower(tokens[c0 - 1])}`,
    `null|n=${Math.min(candidates, 3)}`,
  ];
}

export interface LearnedAttribution {
  /** Cue token range [c0, c1] (inclusive). */
  c0: number;
  c1: number;
  b: number;
  e: number;
  /** Index into the candidates, or -1 for no known source. */
  source: number;
  confidence: number;
}

function argmax(
  from: number,
  to: number,
  score: (k: number) => number,
): { at: number; score: number; z: number } {
  let at = -1;
  let best = Number.NEGATIVE_INFINITY;
  const scores: number[] = [];
  for (let k = from; k < to; k++) {
    const s = score(k);
    scores.push(s);
    if (s > best) {
      best = s;
      at = k;
    }
  }
  // Softmax probability of the winner: how sure the ranker is of its choice.
  let z = 0;
  for (const s of scores) z += Math.exp(Math.max(-30, s - best));
  return { at, score: best, z: 1 / z };
}

/** Weights of the begin features that depend on the candidate token alone, for b past the window start. */
const BEGIN_TOKEN_WEIGHTS = 8;
/** Weights of the end features that depend on the candidate token alone, for e before the window's last two. */
const END_TOKEN_WEIGHTS = 6;
const SIDES = ['L', 'R'] as const;
type Side = (typeof SIDES)[number];

/**
 * The begin and end rankers' scores of content candidates, from weights looked up once per token and
 * side of an article rather than from feature strings rebuilt for every candidate of every cue. Each
 * score adds the same weights in the same order as scoreOf over beginFeatures / endFeatures, so it is
 * the same number; candidates at the window's edges, whose features differ, are scored directly.
 */
/** "q=1|pq=0" and the like, by the two flags: the value part of the begin quote features. */
const QUOTE_PAIRS = [
  ['0|pq=0', '0|pq=1'],
  ['1|pq=0', '1|pq=1'],
] as const;
/** "q=1|nq=0" and the like: the value part of the end quote features. */
const NEXT_QUOTE_PAIRS = [
  ['0|nq=0', '0|nq=1'],
  ['1|nq=0', '1|nq=1'],
] as const;

/** The value `map` holds for `key`, made and kept on first asking. */
function entryOf<K, V>(
  map: { get(key: K): V | undefined; set(key: K, value: V): unknown },
  key: K,
  make: () => V,
): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** Per weights object and feature prefix: the weight of each value, looked up once per process. */
const templateWeights = new WeakMap<Weights, Map<string, Map<string, number>>>();
const TEMPLATE_VALUES_LIMIT = 200_000;

/** `(value) => weights[prefix + value] ?? 0`, remembering the answers. */
function templated(weights: Weights, prefix: string): (value: string) => number {
  const byPrefix = entryOf(templateWeights, weights, () => new Map<string, Map<string, number>>());
  const known = entryOf(byPrefix, prefix, () => new Map<string, number>());
  return (value) => {
    let w = known.get(value);
    if (w === undefined) {
      if (known.size >= TEMPLATE_VALUES_LIMIT) known.clear();
      w = weights[prefix + value] ?? 0;
      known.set(value, w);
    }
    return w;
  };
}

/** The begin features that depend on the candidate token, as weight lookups by value. */
const beginTemplates = (m: AttributionModel, side: Side) => ({
  form: templated(m.begin, `s=${side}|w=`),
  prev: templated(m.begin, `s=${side}|p=`),
  shape: templated(m.begin, `s=${side}|sh=`),
  prevShape: templated(m.begin, `s=${side}|ps=`),
  quote: templated(m.begin, `s=${side}|q=`),
  priors: templated(m.begin, `s=${side}|bp=`),
  prevPrior: templated(m.begin, `s=${side}|pp=`),
});

/** The end features that depend on the candidate token, as weight lookups by value. */
const endTemplates = (m: AttributionModel, side: Side) => ({
  form: templated(m.end, `s=${side}|w=`),
  next: templated(m.end, `s=${side}|n=`),
  next2: templated(m.end, `s=${side}|n2=`),
  nextShape: templated(m.end, `s=${side}|ns=`),
  notLast2Next: templated(m.end, `s=${side}|last2=0|n=`),
  quote: templated(m.end, `s=${side}|q=`),
});

export class BoundaryScorer {
  private readonly beginWeights: Record<Side, Float64Array>;
  private readonly beginDone: Record<Side, Uint8Array>;
  private readonly endWeights: Record<Side, Float64Array>;
  private readonly endDone: Record<Side, Uint8Array>;
  private readonly beginTemplates: Record<Side, ReturnType<typeof beginTemplates>>;
  private readonly endTemplates: Record<Side, ReturnType<typeof endTemplates>>;

  constructor(
    private readonly view: TokenView,
    private readonly m: AttributionModel,
  ) {
    const n = view.tokens.length;
    const table = (width: number) => ({ L: new Float64Array(n * width), R: new Float64Array(n * width) });
    this.beginWeights = table(BEGIN_TOKEN_WEIGHTS);
    this.beginDone = { L: new Uint8Array(n), R: new Uint8Array(n) };
    this.endWeights = table(END_TOKEN_WEIGHTS);
    this.endDone = { L: new Uint8Array(n), R: new Uint8Array(n) };
    this.beginTemplates = { L: beginTemplates(m, 'L'), R: beginTemplates(m, 'R') };
    this.endTemplates = { L: endTemplates(m, 'L'), R: endTemplates(m, 'R') };
  }

  private beginRow(side: Side, b: number): Float64Array {
    const { view } = this;
    const table = this.beginWeights[side];
    if (this.beginDone[side][b]) return table;
    const w = this.beginTemplates[side];
    const at = b * BEGIN_TOKEN_WEIGHTS;
    const prev = b - 1;
    const prevPrior = view.prior[prev] ?? '';
    table[at] = w.form(formAt(view, b));
    table[at + 1] = w.prev(formAt(view, prev));
    table[at + 2] = w.shape(shapeAt(view, b));
    table[at + 3] = w.prevShape(shapeAt(view, prev));
    table[at + 4] = w.quote(QUOTE_PAIRS[view.inQuote[b] ? 1 : 0][view.inQuote[prev] ? 1 : 0]);
    table[at + 5] = w.priors(`${view.prior[b] ?? ''}|np=${view.prior[b + 1] ?? ''}`);
    table[at + 6] = w.prevPrior(`${prevPrior}|adj=0`);
    table[at + 7] = w.prevPrior(`${prevPrior}|adj=1`);
    this.beginDone[side][b] = 1;
    return table;
  }

  private endRow(side: Side, e: number): Float64Array {
    const { view } = this;
    const table = this.endWeights[side];
    if (this.endDone[side][e]) return table;
    const w = this.endTemplates[side];
    const at = e * END_TOKEN_WEIGHTS;
    const next = formAt(view, e + 1);
    table[at] = w.form(formAt(view, e));
    table[at + 1] = w.next(next);
    table[at + 2] = w.next2(formAt(view, e + 2));
    table[at + 3] = w.nextShape(shapeAt(view, e + 1));
    table[at + 4] = w.notLast2Next(next);
    table[at + 5] = w.quote(NEXT_QUOTE_PAIRS[view.inQuote[e] ? 1 : 0][view.inQuote[e + 1] ? 1 : 0]);
    this.endDone[side][e] = 1;
    return table;
  }

  /** Scores of the candidate first content tokens b of the cue [c0, c1]: scoreOf over beginFeatures. */
  beginScores(c0: number, c1: number, window: { start: number; end: number }): (b: number) => number {
    const { view, m } = this;
    const weights = m.begin;
    const w = (feature: string) => weights[feature] ?? 0;
    const cue = formAt(view, c1);
    const before = formAt(view, c0 - 1);
    const after = formAt(view, c1 + 1);
    // Per side: the weights that depend on the cue only, and on the cue and the distance bucket.
    const perSide = SIDES.map((side) => ({
      side: w(`s=${side}`),
      start: w(`s=${side}|start=0`),
      adj: [w(`s=${side}|adj=0`), w(`s=${side}|adj=1`)],
      cue: w(`s=${side}|cue=${cue}`),
      cueAdj: [w(`s=${side}|cue=${cue}|adj=0`), w(`s=${side}|cue=${cue}|adj=1`)],
      before: w(`cp=${before}|s=${side}`),
      distance: new Map<string, [number, number]>(),
    }));
    return (b) => {
      if (b <= window.start || b >= view.tokens.length)
        return scoreOf(weights, beginFeatures(view, b, c0, c1, window));
      const side: Side = b > c1 ? 'R' : 'L';
      const cached = perSide[side === 'L' ? 0 : 1] as (typeof perSide)[number];
      const dist = side === 'R' ? b - c1 : c0 - b;
      const adjacent = side === 'R' && dist === 1 ? 1 : 0;
      const d = bucket(dist);
      let byDistance = cached.distance.get(d);
      if (!byDistance) {
        byDistance = [w(`s=${side}|d=${d}`), w(`cn=${after}|s=${side}|d=${d}`)];
        cached.distance.set(d, byDistance);
      }
      const table = this.beginRow(side, b);
      const at = b * BEGIN_TOKEN_WEIGHTS;
      // The same weights, added in the same order, as scoreOf over beginFeatures.
      let total = 0;
      total += cached.side;
      total += byDistance[0];
      total += table[at] as number;
      total += table[at + 1] as number;
      total += table[at + 2] as number;
      total += table[at + 3] as number;
      total += cached.start;
      total += cached.adj[adjacent] as number;
      total += cached.cue;
      total += cached.cueAdj[adjacent] as number;
      total += table[at + 4] as number;
      total += cached.before;
      total += byDistance[1];
      total += table[at + 5] as number;
      total += table[at + 6 + adjacent] as number;
      return total;
    };
  }

  /** Scores of the candidate last content tokens e, given the first one b: scoreOf over endFeatures. */
  endScores(
    b: number,
    c0: number,
    c1: number,
    window: { start: number; end: number },
  ): (e: number) => number {
    const { view, m } = this;
    const weights = m.end;
    const w = (feature: string) => weights[feature] ?? 0;
    const side: Side = b > c1 ? 'R' : 'L';
    const sideWeight = w(`s=${side}`);
    const notLast = w(`s=${side}|last=0`);
    const lengths = new Map<string, number>();
    const toCues = new Map<string, number>();
    const table = this.endWeights[side];
    return (e) => {
      if (e + 2 >= window.end || e + 2 >= view.tokens.length)
        return scoreOf(weights, endFeatures(view, e, b, c0, c1, window));
      this.endRow(side, e);
      const at = e * END_TOKEN_WEIGHTS;
      const length = bucket(e - b + 1);
      let lengthWeight = lengths.get(length);
      if (lengthWeight === undefined) {
        lengthWeight = w(`s=${side}|len=${length}`);
        lengths.set(length, lengthWeight);
      }
      const toCue = bucket(side === 'L' ? c0 - e : 0);
      let toCueWeight = toCues.get(toCue);
      if (toCueWeight === undefined) {
        toCueWeight = w(`s=${side}|tocue=${toCue}`);
        toCues.set(toCue, toCueWeight);
      }
      // The same weights, added in the same order, as scoreOf over endFeatures.
      let total = 0;
      total += sideWeight;
      total += lengthWeight;
      total += table[at] as number;
      total += table[at + 1] as number;
      total += table[at + 2] as number;
      total += table[at + 3] as number;
      total += notLast;
      total += table[at + 4] as number;
      total += toCueWeight;
      total += table[at + 5] as number;
      return total;
    };
  }
}

/** One scorer per token view and model: the view is an article's, so its tables serve all its cues. */
const scorers = new WeakMap<TokenView, WeakMap<AttributionModel, BoundaryScorer>>();

export function boundaryScorer(view: TokenView, m: AttributionModel): BoundaryScorer {
  const byModel = entryOf(scorers, view, () => new WeakMap<AttributionModel, BoundaryScorer>());
  return entryOf(byModel, m, () => new BoundaryScorer(view, m));
}

/** Content boundaries and source for one cue, decoded greedily: begin, then end, then source. */
export function decodeAttribution(
  view: TokenView,
  c0: number,
  c1: number,
  window: { start: number; end: number },
  candidates: readonly SourceCandidate[],
  m: AttributionModel,
  /** Tokens known to be the attribution itself (subject and cue), which the content cannot hold. */
  blocked: { start: number; end: number } = { start: c0, end: c1 + 1 },
): (Omit<LearnedAttribution, 'confidence'> & { contentP: number; sourceP: number }) | undefined {
  const from = Math.min(blocked.start, c0);
  const to = Math.max(blocked.end, c1 + 1);
  const scorer = boundaryScorer(view, m);
  const beginScore = scorer.beginScores(c0, c1, window);
  const begin = argmax(window.start, window.end, (k) =>
    k >= from && k < to ? Number.NEGATIVE_INFINITY : beginScore(k),
  );
  if (begin.at < 0 || begin.score === Number.NEGATIVE_INFINITY) return undefined;
  const b = begin.at;
  const endLimit = b < from ? from : window.end;
  const end = argmax(b, endLimit, scorer.endScores(b, c0, c1, window));
  if (end.at < 0) return undefined;
  const content = { b, e: end.at };
  const usable = candidates.filter((c) => !(c.tokenStart >= b && c.tokenEnd <= end.at + 1));
  const nullScore = scoreOf(m.source, nullSourceFeatures(view, c0, usable.length));
  let best = -1;
  let bestScore = nullScore;
  let z = 0;
  const scores = usable.map((c) => scoreOf(m.source, sourceFeatures(view, c, c0, c1, content, usable)));
  for (let k = 0; k < scores.length; k++)
    if ((scores[k] as number) > bestScore) {
      bestScore = scores[k] as number;
      best = k;
    }
  for (const s of [nullScore, ...scores]) z += Math.exp(Math.max(-30, s - bestScore));
  const source = best < 0 ? -1 : candidates.indexOf(usable[best] as SourceCandidate);
  return { c0, c1, b, e: end.at, source, contentP: begin.z * end.z, sourceP: 1 / z };
}

/** Cue probability of token i, or undefined when the lexicon does not know its form. */
export function cueScore(
  view: TokenView,
  i: number,
  sentence: Sentence,
  m: AttributionModel,
): number | undefined {
  // The view was built with this model's lexicon (tokenView), so its priors are the model's.
  const prior = view.prior[i];
  if (!prior) return undefined;
  return sigmoid(scoreOf(m.cue, cueFeatures(view, i, sentence, prior)) - m.cueThreshold);
}

export const cueForm = lower;
export { isCueFunctionWord, PRONOUN_SOURCES };

/** Whether each token lies inside a quotation: one pass over the sorted quote spans. */
export function tokenView(
  tokens: readonly Token[],
  quotes: readonly { innerStart: number; innerEnd: number }[],
  lexicon: AttributionModel['lexicon'],
): TokenView {
  const forms = tokens.map(lower);
  const shapes = tokens.map(shape);
  const prior = forms.map((form) => cuePrior(lexicon, form) ?? '');
  const inQuote = new Array<boolean>(tokens.length).fill(false);
  let q = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    while (q < quotes.length && (quotes[q] as { innerEnd: number }).innerEnd <= t.start) q++;
    const quote = quotes[q];
    inQuote[i] = !!quote && quote.innerStart <= t.start && t.end <= quote.innerEnd;
  }
  return { tokens, inQuote, prior, forms, shapes };
}

/** The tokens a cue's content may span: its sentence, and the next one after "… said:". */
export function cueWindow(sentences: readonly Sentence[], tokens: readonly Token[], sentence: Sentence) {
  const next = sentences[sentence.index + 1];
  const endsInColon = tokens[sentence.tokenEnd - 1]?.text === ':';
  return { start: sentence.tokenStart, end: endsInColon && next ? next.tokenEnd : sentence.tokenEnd };
}

/** Entity mentions of the window that may be a source, pronouns marked apart. */
export function sourceCandidates(
  mentions: readonly { kind: EntityKind; tokenStart: number; tokenEnd: number; key: string }[],
  tokens: readonly Token[],
  window: { start: number; end: number },
): (SourceCandidate & { key: string })[] {
  const out: (SourceCandidate & { key: string })[] = [];
  for (const m of mentions) {
    if (m.tokenStart < window.start || m.tokenEnd > window.end || m.kind === 'PLACE') continue;
    const pronoun = m.tokenEnd - m.tokenStart === 1 && PRONOUN_SOURCES.has(lower(tokens[m.tokenStart]));
    out.push({
      kind: pronoun ? 'PRONOUN' : m.kind,
      tokenStart: m.tokenStart,
      tokenEnd: m.tokenEnd,
      key: m.key,
    });
  }
  return out;
}

/** Tokens lying wholly inside the offsets [from, to), by binary search over the sorted tokens. */
export function tokensBetween(tokens: readonly Token[], from: number, to: number): Token[] {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as Token).start < from) lo = mid + 1;
    else hi = mid;
  }
  const out: Token[] = [];
  for (let i = lo; i < tokens.length && (tokens[i] as Token).end <= to; i++) out.push(tokens[i] as Token);
  return out;
}

/** Longest run of gap words a continuation may step over: an attribution, not a new sentence of prose. */
export const CONTINUATION_MAX_GAP = 24;

/**
 * Features of "the quotation `next` goes on with the content that ends in the quotation `quote`", as in
 * "'…,' she said. '…'", where news style splits one attribution's words around its cue. The words
 * between the two are read as a pattern: cue words, pronouns, names and punctuation.
 */
export function continuationFeatures(
  view: TokenView,
  lexicon: AttributionModel['lexicon'],
  body: string,
  quote: { innerStart: number; innerEnd: number; end: number },
  next: { start: number; innerStart: number; innerEnd: number; end: number },
): string[] {
  const gap = tokensBetween(view.tokens, quote.end, next.start);
  const last = body.slice(quote.innerStart, quote.innerEnd).trimEnd().slice(-1);
  const closingPunct = /^[,.?!:;—–-]$/.test(last) ? last : 'w';
  const pattern = gap
    .map((t) => {
      const w = lower(t);
      if (PRONOUN_SOURCES.has(w)) return 'PRO';
      const prior = cuePrior(lexicon, w);
      if (prior === 'hi' || prior === 'mid') return 'CUE';
      if (/^\p{Lu}/u.test(t.text)) return 'Cap';
      if (/^\p{L}/u.test(t.text)) return 'w';
      return t.text;
    })
    .join(' ')
    .replace(/Cap(?: Cap)+/g, 'Cap+')
    .replace(/w(?: w)+/g, 'w+');
  const hasCue = gap.some((t) => {
    const prior = cuePrior(lexicon, lower(t));
    return prior === 'hi' || prior === 'mid';
  });
  const endsSentence = gap.some((t) => /^[.?!]$/.test(t.text));
  const after = tokensBetween(view.tokens, next.end, next.end + 40).slice(0, 3);
  const ownCue = after.some((t) => cuePrior(lexicon, lower(t)) === 'hi');
  const firstNext = tokensBetween(view.tokens, next.innerStart, next.innerEnd)[0];
  const f = [
    'bias',
    `gap=${bucket(gap.length)}`,
    `pat=${pattern.length > 60 ? 'long' : pattern}`,
    `cue=${hasCue ? 1 : 0}`,
    `cue=${hasCue ? 1 : 0}|end=${endsSentence ? 1 : 0}`,
    `close=${closingPunct}`,
    `close=${closingPunct}|end=${endsSentence ? 1 : 0}`,
    `own=${ownCue ? 1 : 0}`,
    `own=${ownCue ? 1 : 0}|cue=${hasCue ? 1 : 0}`,
    `next=${shape(firstNext)}`,
    `nlen=${bucket(Math.min(40, tokensBetween(view.tokens, next.innerStart, next.innerEnd).length))}`,
  ];
  for (const t of gap) f.push(`g=${lower(t)}`);
  return f;
}

/** Each quotation and the next one of its paragraph, when only a short attribution-sized gap parts them. */
export function quotePairs(
  paragraphs: readonly { start: number; end: number }[],
  quotes: readonly QuoteSpan[],
  tokens: readonly Token[],
): [QuoteSpan, QuoteSpan][] {
  const out: [QuoteSpan, QuoteSpan][] = [];
  for (let k = 0; k + 1 < quotes.length; k++) {
    const quote = quotes[k] as QuoteSpan;
    const next = quotes[k + 1] as QuoteSpan;
    if (!paragraphs.some((p) => p.start <= quote.start && next.end <= p.end)) continue;
    const gap = tokensBetween(tokens, quote.end, next.start).length;
    if (gap >= 1 && gap <= CONTINUATION_MAX_GAP) out.push([quote, next]);
  }
  return out;
}

/**
 * Features of "the words from `start` to the comma at `comma` open the content that follows the cue
 * [c0, c1]", as in "Acts of protest, Mr X said, are acts of patriotism": an attribution set off by
 * commas inside the sentence it reports.
 */
export function wrapFeatures(
  view: TokenView,
  start: number,
  comma: number,
  c0: number,
  c1: number,
): string[] {
  const { tokens } = view;
  let cue = false;
  let quote = false;
  for (let k = start; k < comma; k++) {
    if (view.prior[k] === 'hi') cue = true;
    if (isQuoteMark(tokens[k])) quote = true;
  }
  const first = tokens[start];
  return [
    'bias',
    `len=${bucket(comma - start)}`,
    `first=${lower(first)}`,
    `fs=${shape(first)}`,
    `cue=${lower(tokens[c0])}`,
    `lcue=${cue ? 1 : 0}`,
    `lq=${quote ? 1 : 0}|fq=${view.inQuote[start] ? 1 : 0}`,
    `last=${lower(tokens[comma - 1])}`,
    `subj=${bucket(c0 - comma - 1)}`,
    `after=${lower(tokens[c1 + 2])}`,
    `as=${shape(tokens[c1 + 2])}`,
  ];
}
