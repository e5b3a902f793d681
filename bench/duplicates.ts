/**
 * Near-duplicate detection, scored: invented articles from the corpus generator (templated, so distinct
 * articles look alike: hard negatives) and six kinds of copy of each (blank lines, a wire prefix and
 * footer, a sentence dropped, a sentence reworded, an edit with a new sentence, the first two thirds).
 * Each copy must be matched to its original; no original may be matched to another.
 * Prints precision and recall overall and per kind. `npm run bench:duplicates -- --articles 300`
 */
import { parseArgs } from 'node:util';
import { generateArticle } from '../src/corpus/article.ts';
import { createWorld } from '../src/corpus/world.ts';
import { bandKeys, NEAR_DUPLICATE_SIMILARITY, shingleSimilarity } from '../src/text/minhash.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '300' } } });
const total = Number(values.articles);

const sentences = (body: string) => body.split(/(?<=[.!?"])\s+/);
const COPIES: Record<string, (body: string) => string> = {
  'blank lines': (b) => b.replace(/\. /g, '.\n\n').replace(/ /g, '  '),
  'wire prefix and footer': (b) =>
    `(Wire service) - ${b}\n\nThis story was first published by a partner. Copyright 2026, all rights reserved.`,
  'a sentence dropped': (b) => {
    const s = sentences(b);
    s.splice(Math.floor(s.length / 2), 1);
    return s.join(' ');
  },
  'a sentence reworded': (b) => {
    const s = sentences(b);
    const i = Math.floor(s.length / 3);
    s[i] = `According to officials, ${(s[i] ?? '').toLowerCase().replace(/\bthe\b/g, 'this')}`;
    return s.join(' ');
  },
  'an edit with a new sentence': (b) =>
    `${b.replace(/\barrived\b/, 'came')} Later in the day, officials said further talks would be held next month.`,
  'the first two thirds': (b) => {
    const s = sentences(b);
    return s.slice(0, Math.ceil((s.length * 2) / 3)).join(' ');
  },
};

const world = createWorld(total, 1);
const originals = Array.from({ length: total }, (_, i) => generateArticle(world, 1, i, total).article.body);
const index = new Map<string, number[]>();
const keysOf = originals.map((body) => bandKeys(body));

/** The earlier article a body is a copy of, by the same rule ingestion uses, or undefined. */
function match(body: string, keys: number[], before: number): number | undefined {
  const candidates = new Set<number>();
  keys.forEach((key, band) => {
    for (const id of index.get(`${band}:${key}`) ?? []) if (id < before) candidates.add(id);
  });
  let best: { id: number; similarity: number } | undefined;
  for (const id of candidates) {
    const similarity = shingleSimilarity(originals[id] as string, body);
    if (similarity >= NEAR_DUPLICATE_SIMILARITY && (!best || similarity > best.similarity))
      best = { id, similarity };
  }
  return best?.id;
}

let falsePositives = 0;
originals.forEach((body, id) => {
  const keys = keysOf[id] as number[];
  if (match(body, keys, id) !== undefined) falsePositives++;
  keys.forEach((key, band) => {
    const k = `${band}:${key}`;
    index.set(k, [...(index.get(k) ?? []), id]);
  });
});

let truePositives = 0;
let positives = 0;
const rows: string[] = [];
for (const [kind, copy] of Object.entries(COPIES)) {
  let found = 0;
  let wrong = 0;
  originals.forEach((body, id) => {
    const variant = copy(body);
    const got = match(variant, bandKeys(variant), total);
    if (got === id) found++;
    else if (got !== undefined) wrong++;
  });
  positives += total;
  truePositives += found;
  falsePositives += wrong;
  rows.push(`| ${kind} | ${total} | ${found} | ${wrong} | ${((found / total) * 100).toFixed(1)}% |`);
}
console.log(
  `near-duplicate detection over ${total} invented articles (threshold ${NEAR_DUPLICATE_SIMILARITY}):\n`,
);
console.log('| copy | pairs | found | matched wrongly | recall |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
const precision = truePositives / (truePositives + falsePositives);
console.log(
  `\nprecision ${(precision * 100).toFixed(1)}% (${falsePositives} false matches, ${total} distinct originals compared), recall ${((truePositives / positives) * 100).toFixed(1)}% (${truePositives}/${positives})`,
);
