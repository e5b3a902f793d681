/**
 * `npm run eval`: runs extractArticle on every article with a gold annotation in ../shared/eval (and on
 * curated seeds in seeds/articles + seeds/annotations when both exist) and prints precision, recall and
 * F1 per kind with the matching rules of ../shared/tools/score-extraction.mjs, applied to the annotation
 * directly instead of through a running server.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusTable } from '../../train/corpus-eval.ts';
import { parseArticleText } from '../annotation/article-text.ts';
import { type Annotation, annotationSchema, type EvidenceRef } from '../annotation/format.ts';
import { resolveEvidence } from '../annotation/resolve-evidence.ts';
import { PROJECT_ROOT } from '../config.ts';
import { extractArticle } from '../extract/index.ts';

const KINDS = ['people', 'countries', 'organizations', 'places', 'events', 'claims'] as const;
type Kind = (typeof KINDS)[number];

interface GoldEvent {
  name: string;
  kind: string;
  place?: string | null;
  participants?: string[];
}
interface GoldClaim {
  speaker: string;
  text: string;
}
interface Gold {
  people?: { name: string; aliases?: string[] }[];
  countries?: string[];
  organizations?: string[];
  places?: string[];
  events?: GoldEvent[];
  claims?: GoldClaim[];
  optional?: {
    countries?: string[];
    organizations?: string[];
    places?: string[];
    events?: GoldEvent[];
    claims?: GoldClaim[];
  };
}

interface Named {
  name: string;
  aliases: string[];
}
interface PredictedEvent {
  kind: string;
  place?: Named;
  participants: Named[];
}
interface PredictedClaim {
  text: string;
  quote?: string;
  speaker?: Named;
  evidence: string;
}

// Same normalisation and matching as score-extraction.mjs.
const norm = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const words = (s: string | undefined) =>
  new Set(
    norm(s)
      .split(' ')
      .filter((w) => w.length > 2),
  );
function coverage(gold: string, predicted: string | undefined): number {
  const g = words(gold);
  const p = words(predicted);
  if (!g.size) return 0;
  let found = 0;
  for (const w of g) if (p.has(w)) found++;
  return found / g.size;
}
function namesMatch(goldNames: string[], predictedNames: string[]): boolean {
  const g = goldNames.map(norm).filter(Boolean);
  const p = predictedNames.map(norm).filter(Boolean);
  return g.some((a) =>
    p.some(
      (b) =>
        a === b ||
        (a.length > 3 && b.length > 3 && (` ${b} `.includes(` ${a} `) || ` ${a} `.includes(` ${b} `))),
    ),
  );
}

const score = Object.fromEntries(
  KINDS.map((k) => [k, { right: 0, predicted: 0, found: 0, gold: 0 }]),
) as Record<Kind, { right: number; predicted: number; found: number; gold: number }>;
// `--misses` prints, per article, the gold items not found and the predictions that matched nothing.
const showMisses = process.argv.includes('--misses');
let currentArticle = '';
const brief = (item: unknown) => JSON.stringify(item).slice(0, 240);
function tally<G, P>(
  kind: Kind,
  gold: G[],
  optional: G[],
  predicted: P[],
  same: (g: G, p: P) => boolean,
): void {
  const s = score[kind];
  for (const p of predicted) {
    if (gold.some((g) => same(g, p))) {
      s.right++;
      s.predicted++;
    } else if (!optional.some((g) => same(g, p))) {
      s.predicted++;
      if (showMisses) console.log(`${currentArticle} ${kind} WRONG ${brief(p)}`);
    }
  }
  s.gold += gold.length;
  const found = gold.filter((g) => predicted.some((p) => same(g, p)));
  s.found += found.length;
  if (showMisses)
    for (const g of gold) if (!found.includes(g)) console.log(`${currentArticle} ${kind} MISSED ${brief(g)}`);
}

function scoreArticle(body: string, annotation: Annotation, gold: Gold): void {
  const optional = gold.optional ?? {};
  const byKey = new Map(annotation.entities.map((e) => [e.key, { name: e.name, aliases: e.aliases }]));
  const ofKind = (kind: string) => annotation.entities.filter((e) => e.kind === kind);
  const nameIs = (g: string, p: Named) => namesMatch([g], [p.name, ...p.aliases]);
  tally('people', gold.people ?? [], [], ofKind('PERSON'), (g, p) =>
    namesMatch([g.name, ...(g.aliases ?? [])], [p.name, ...p.aliases]),
  );
  tally(
    'countries',
    gold.countries ?? [],
    optional.countries ?? [],
    ofKind('COUNTRY'),
    (g, p) => p.code === g,
  );
  tally(
    'organizations',
    gold.organizations ?? [],
    optional.organizations ?? [],
    ofKind('ORGANIZATION'),
    nameIs,
  );
  tally('places', gold.places ?? [], optional.places ?? [], ofKind('PLACE'), nameIs);
  const events: PredictedEvent[] = annotation.events.map((e) => ({
    kind: e.kind,
    ...(e.place && byKey.get(e.place) ? { place: byKey.get(e.place) } : {}),
    participants: e.participants.map((p) => byKey.get(p.entity)).filter((n): n is Named => !!n),
  }));
  const sameEvent = (g: GoldEvent, p: PredictedEvent) =>
    g.kind === p.kind &&
    (namesMatch([g.place ?? ''], [p.place?.name ?? '']) ||
      (g.participants ?? []).some((gp) =>
        p.participants.some((pp) => namesMatch([gp], [pp.name, ...pp.aliases])),
      ));
  tally('events', gold.events ?? [], optional.events ?? [], events, sameEvent);
  const evidenceText = (ref: EvidenceRef) => {
    const span = resolveEvidence(body, ref);
    return body.slice(span.start, span.end);
  };
  const claims: PredictedClaim[] = annotation.claims.map((c) => ({
    text: c.text,
    ...(c.quote ? { quote: c.quote } : {}),
    ...(c.speaker && byKey.get(c.speaker) ? { speaker: byKey.get(c.speaker) } : {}),
    evidence: evidenceText(c.evidence),
  }));
  const people = gold.people ?? [];
  const speakerNames = (name: string) => {
    const person = people.find((p) => norm(p.name) === norm(name));
    return person ? [person.name, ...(person.aliases ?? [])] : [name];
  };
  const sameClaim = (g: GoldClaim, p: PredictedClaim) =>
    !!p.speaker &&
    namesMatch(speakerNames(g.speaker), [p.speaker.name, ...p.speaker.aliases]) &&
    Math.max(coverage(g.text, p.text), coverage(g.text, p.quote), coverage(g.text, p.evidence)) >= 0.6;
  tally('claims', gold.claims ?? [], optional.claims ?? [], claims, sameClaim);
}

type SeedAnnotation = Annotation;
/** Converts a curated seed annotation to the gold shape the scorer reads. */
function goldFromSeed(seed: SeedAnnotation): Gold {
  const byKey = new Map(seed.entities.map((e) => [e.key, e]));
  const nameOf = (key?: string) => (key ? (byKey.get(key)?.name ?? '') : '');
  const entities = (kind: string) => seed.entities.filter((e) => e.kind === kind);
  return {
    people: entities('PERSON').map((e) => ({ name: e.name, aliases: e.aliases })),
    countries: entities('COUNTRY').flatMap((e) => (e.code ? [e.code] : [])),
    organizations: entities('ORGANIZATION').map((e) => e.name),
    places: entities('PLACE').map((e) => e.name),
    events: seed.events.map((e) => ({
      name: e.name,
      kind: e.kind,
      place: nameOf(e.place) || null,
      participants: e.participants.map((p) => nameOf(p.entity)),
    })),
    claims: seed.claims.filter((c) => c.speaker).map((c) => ({ speaker: nameOf(c.speaker), text: c.text })),
  };
}

// Folders of NN_slug.txt + .gold.json given on the command line replace the default development set.
const folderArgs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const evalDirs = folderArgs.length ? folderArgs : [join(PROJECT_ROOT, '..', 'shared', 'eval')];
let articles = 0;
let invalid = 0;
const run = (text: string, publishedAt: string | undefined, gold: Gold) => {
  const { title, body } = parseArticleText(text);
  currentArticle = title.slice(0, 24);
  const annotation = extractArticle({ title, body, ...(publishedAt ? { publishedAt } : {}) });
  if (!annotationSchema.safeParse(annotation).success) invalid++;
  scoreArticle(body, annotation, gold);
  articles++;
};
for (const evalDir of evalDirs.filter((dir) => existsSync(dir))) {
  for (const file of readdirSync(evalDir)
    .filter((f) => f.endsWith('.gold.json'))
    .sort()) {
    const base = join(evalDir, file.replace('.gold.json', ''));
    const meta = existsSync(`${base}.meta.json`) ? JSON.parse(readFileSync(`${base}.meta.json`, 'utf8')) : {};
    run(
      readFileSync(`${base}.txt`, 'utf8'),
      meta.publishedAt,
      JSON.parse(readFileSync(join(evalDir, file), 'utf8')),
    );
  }
}
const seedArticles = join(PROJECT_ROOT, 'seeds', 'articles');
const seedAnnotations = join(PROJECT_ROOT, 'seeds', 'annotations');
if (!folderArgs.length && existsSync(seedArticles) && existsSync(seedAnnotations)) {
  for (const file of readdirSync(seedArticles).filter((f) => f.endsWith('.txt'))) {
    const annotationFile = join(seedAnnotations, file.replace(/\.txt$/, '.json'));
    if (!existsSync(annotationFile)) continue;
    const seed = annotationSchema.parse(JSON.parse(readFileSync(annotationFile, 'utf8')));
    run(readFileSync(join(seedArticles, file), 'utf8'), seed.article.publishedAt, goldFromSeed(seed));
  }
}

const totals = { right: 0, predicted: 0, found: 0, gold: 0 };
const line = (label: string, s: typeof totals) => {
  const precision = s.predicted ? s.right / s.predicted : 0;
  const recall = s.gold ? s.found / s.gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  console.log(
    `${label.padEnd(14)} P=${precision.toFixed(2)} R=${recall.toFixed(2)} F1=${f1.toFixed(2)} (right ${s.right}, predicted ${s.predicted}, found ${s.found}, gold ${s.gold})`,
  );
};
for (const kind of KINDS) {
  line(kind, score[kind]);
  for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += score[kind][k];
}
line('total', totals);
console.log(
  `${articles} articles${invalid ? `, ${invalid} failed schema validation` : ', all valid against annotationSchema'}`,
);

// Beside the gold sets, the corpus figures of every development split, through the served graph
// (skipped with --gold-only, or when folders are given).
if (!folderArgs.length && !process.argv.includes('--gold-only')) {
  const corpora = join(PROJECT_ROOT, '..', 'shared', 'corpora');
  console.log(
    '\ncorpus figures: development splits, served graph, scored by ../shared/tools/score-corpus.mjs',
  );
  for (const row of await corpusTable(corpora, (message) => console.error(`  ${message}`))) console.log(row);
}
