import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { namesArticle, repeatedSentenceArticle } from '../bench/hostile-articles.ts';
import { parseArticleText } from '../src/annotation/article-text.ts';
import type { FoundMention } from '../src/annotation/format.ts';
import { extractArticle } from '../src/extract/index.ts';
import {
  ALLOWED,
  allowed,
  marginals,
  spansOf,
  TAG_COUNT,
  TAGS,
  viterbi,
} from '../src/extract/ner/linear-chain.ts';
import { NER_MODEL_DIR } from '../src/extract/ner/model.ts';
import { decodeWeights, encodeWeights, FeatureTable } from '../src/extract/ner/model-file.ts';
import { documentFeatures, taggerSentences } from '../src/extract/ner/sentences.ts';
import { tagEntities } from '../src/extract/ner/tagger.ts';
import { nerTokens } from '../src/extract/ner/tokenize.ts';
import { segment } from '../src/extract/segment.ts';
import { ingestArticle } from '../src/ingest/ingest-article.ts';
import { cleanupTempDirs, PROJECT_ROOT, type TestApp, testApp } from './helpers.ts';

const CORPORA = join(PROJECT_ROOT, '..', 'shared', 'corpora');

/** Entities of one kind in an invented article, by name. */
function names(body: string, kind: string): string[] {
  return extractArticle({ title: 't', body })
    .entities.filter((e) => e.kind === kind && e.mentions.length)
    .map((e) => e.name);
}

describe('tagger tokens', () => {
  it('cuts text the way the training corpus does', () => {
    const text = "Germany's U.S.-led talks didn't end; C$15.5 on 1996-08-28 --";
    expect(nerTokens(text).map((t) => t.text)).toEqual([
      'Germany',
      "'s",
      'U.S.-led',
      'talks',
      'did',
      "n't",
      'end',
      ';',
      'C$',
      '15.5',
      'on',
      '1996-08-28',
      '--',
    ]);
  });

  // The corpus is not part of the project; where it is present, the tokenizer must reproduce its spans.
  it.runIf(existsSync(join(CORPORA, 'conll2003-dev')))('reproduces the token spans of the corpus', () => {
    const dir = join(CORPORA, 'conll2003-dev');
    let total = 0;
    let same = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.tokens.json'))) {
      const { body } = parseArticleText(
        readFileSync(join(dir, file.replace('.tokens.json', '.txt')), 'utf8'),
      );
      const spans = new Set(nerTokens(body).map((t) => `${t.start}:${t.end}`));
      const sentences = JSON.parse(readFileSync(join(dir, file), 'utf8')).sentences as [number, number][][];
      for (const sentence of sentences)
        for (const [start, end] of sentence) {
          total++;
          if (spans.has(`${start}:${end}`)) same++;
        }
    }
    expect(total).toBeGreaterThan(40_000);
    expect(same / total).toBeGreaterThan(0.995);
  });
});

describe('linear-chain decoding', () => {
  it('reads the same tag transitions from its table as the IOB2 rule gives', () => {
    expect(ALLOWED.length).toBe((TAG_COUNT + 1) * TAG_COUNT);
    for (let p = 0; p <= TAG_COUNT; p++)
      for (let t = 0; t < TAG_COUNT; t++) {
        const tag = TAGS[t] as string;
        const previous = p === TAG_COUNT ? 'START' : (TAGS[p] as string);
        // I-X continues B-X or I-X and nothing else; every other tag may follow anything.
        const expected =
          !tag.startsWith('I-') || (previous !== 'START' && previous.slice(2) === tag.slice(2));
        expect(ALLOWED[p * TAG_COUNT + t] === 1, `${previous} → ${tag}`).toBe(expected);
        expect(ALLOWED[p * TAG_COUNT + t] === 1).toBe(allowed(p, t));
      }
  });

  it('never decodes an I- tag that does not continue its type', () => {
    const n = 3;
    const scores = new Float64Array(n * TAG_COUNT);
    // Emissions favour I-PER everywhere, an invalid start.
    for (let i = 0; i < n; i++) scores[i * TAG_COUNT + TAGS.indexOf('I-PER')] = 10;
    const transitions = new Float64Array((TAG_COUNT + 1) * TAG_COUNT);
    const tags = viterbi(scores, n, transitions);
    tags.forEach((t, i) => {
      expect(allowed(i ? (tags[i - 1] as number) : TAG_COUNT, t)).toBe(true);
    });
    const p = marginals(scores, n, transitions, 1);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let t = 0; t < TAG_COUNT; t++) sum += p[i * TAG_COUNT + t] as number;
      expect(sum).toBeCloseTo(1, 6);
    }
    expect(p[TAGS.indexOf('I-PER')]).toBe(0);
    for (const span of spansOf(tags, p)) expect(span.confidence).toBeGreaterThan(0);
  });

  it('keeps weights through the file format and finds every feature row', () => {
    const hashes = Uint32Array.from([3, 17, 4_000_000_000, 12]);
    const emissions = Float32Array.from({ length: hashes.length * TAG_COUNT }, (_, i) => (i % 7) - 3);
    const transitions = Float32Array.from({ length: (TAG_COUNT + 1) * TAG_COUNT }, (_, i) => i / 10);
    const decoded = decodeWeights(encodeWeights(hashes, emissions, transitions, TAG_COUNT));
    emissions.forEach((w, i) => {
      expect(decoded.emissions[i]).toBeCloseTo(w, 3);
    });
    const table = new FeatureTable(hashes);
    hashes.forEach((h, row) => {
      expect(table.get(h)).toBe(row);
    });
    expect(table.get(5)).toBeUndefined();
  });
});

/** Digest of the tagger's feature hashes over the given article bodies. */
function featureDigest(bodies: readonly string[]): string {
  const hash = createHash('sha256');
  for (const body of bodies) {
    const segmented = segment(body);
    const groups: ReturnType<typeof nerTokens>[] = segmented.sentences.map(() => []);
    let k = 0;
    for (const token of nerTokens(body)) {
      while (k < segmented.tokens.length - 1 && (segmented.tokens[k]?.end ?? 0) <= token.start) k++;
      groups[segmented.tokens[k]?.sentence ?? 0]?.push(token);
    }
    const sentences = taggerSentences(
      body,
      groups.filter((g) => g.length).map((tokens) => ({ tokens })),
    );
    for (const features of documentFeatures(sentences))
      for (const token of features)
        hash.update(Buffer.from(token.buffer, token.byteOffset, token.byteLength));
  }
  return hash.digest('hex');
}

/** The bodies of the articles kept in the repository. */
function repositoryBodies(): string[] {
  const folders = [
    join(PROJECT_ROOT, 'seeds', 'articles'),
    join(PROJECT_ROOT, 'tests', 'fixtures'),
    join(PROJECT_ROOT, 'tests', 'fixtures', 'news'),
  ];
  return folders.flatMap((folder) =>
    readdirSync(folder)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((file) => parseArticleText(readFileSync(join(folder, file), 'utf8')).body),
  );
}

describe('tagger features', () => {
  it('hash every token as the committed model was trained to read them, whatever words came before', () => {
    // The hashes the features gave before per-word caching; a change here needs the model retrained.
    const expected = '84cafc69eaa88464183646e3611e74d34d93fcb45f0bde765d3e8949407d607c';
    expect(featureDigest(repositoryBodies())).toBe(expected);
    // Again, with every word now cached from the first pass.
    expect(featureDigest(repositoryBodies())).toBe(expected);
  });

  it('rank the contexts of a word met hundreds of times as they did when every occurrence sorted them all', () => {
    const bodies = [namesArticle(30_000).body, repeatedSentenceArticle(10_000).body];
    expect(featureDigest(bodies)).toBe('c1e0e77c41bb1c9243fbe17107121e0186447ac81efe669bcefcdffaab251cef');
  });
});

describe('committed model', () => {
  it('matches its manifest', () => {
    const manifest = JSON.parse(readFileSync(join(NER_MODEL_DIR, 'manifest.json'), 'utf8'));
    const file = readFileSync(join(NER_MODEL_DIR, 'weights.bin.gz'));
    expect(manifest.files['weights.bin.gz']).toEqual({
      bytes: file.length,
      sha256: createHash('sha256').update(file).digest('hex'),
    });
    expect(manifest.training.epochs).toBeGreaterThan(0);
    expect(manifest.devScores.all['PER+ORG+LOC'].f1).toBeGreaterThan(0.85);
  });
});

// Invented examples of the kinds of error users reported; no corpus text.
describe('entity errors reported on current news', () => {
  it('does not read an all-caps dateline or byline as an organisation', () => {
    const body =
      'MOMBASA, Kenya\n\nBy WANJIKU OTIENO\n\nThe port authority said on Monday that cargo volumes rose by a tenth.';
    const organizations = names(body, 'ORGANIZATION');
    expect(organizations).not.toContain('MOMBASA');
    expect(organizations.filter((n) => /OTIENO|WANJIKU/.test(n))).toEqual([]);
    expect(names(body, 'PLACE')).toContain('Mombasa');
  });

  it('finds company names that are in no list', () => {
    const body =
      'Airbus said on Tuesday it would deliver forty jets to Kestrel Aviation this year. ' +
      'Boeing said its own deliveries would fall.';
    const organizations = names(body, 'ORGANIZATION');
    expect(organizations).toEqual(expect.arrayContaining(['Airbus', 'Boeing', 'Kestrel Aviation']));
  });

  it('does not read countries from inside longer names', () => {
    const body =
      'The airline will add flights to South America next year, and Singapore Airlines will fly to Lima.';
    const countries = names(body, 'COUNTRY');
    expect(countries).not.toContain('United States');
    expect(countries).not.toContain('Singapore');
    expect(names(body, 'ORGANIZATION')).toContain('Singapore Airlines');
    expect(names(body, 'PLACE')).toContain('South America');
  });

  it('finds players in a cricket report whose names are in no given-name list', () => {
    const body =
      'Tembekile Dlamuka made 84 before he was caught at slip, and Okonkwo Rademeyer took three wickets ' +
      'for 22 runs. Dlamuka said the pitch had helped the bowlers.';
    const people = names(body, 'PERSON');
    expect(people).toEqual(expect.arrayContaining(['Tembekile Dlamuka', 'Okonkwo Rademeyer']));
  });

  it('records for every mention how it was found and how sure the extractor is', () => {
    const annotation = extractArticle({
      title: 't',
      body: 'Kestrel Aviation chief Amani Wekesa flew to Nairobi on Friday, where he met Ugandan officials.',
    });
    const mentions = annotation.entities.flatMap((e) => e.mentions as FoundMention[]);
    expect(mentions.length).toBeGreaterThan(2);
    for (const m of mentions) {
      expect(['model', 'rule']).toContain(m.method);
      expect(m.confidence).toBeGreaterThanOrEqual(0);
      expect(m.confidence).toBeLessThanOrEqual(1);
    }
    expect(mentions.some((m) => m.method === 'model')).toBe(true);
  });

  it('maps tagger spans onto the segmenter tokens they cover', () => {
    const segmented = segment("Amani Wekesa's airline, Kestrel Aviation, grew.");
    for (const span of tagEntities(segmented)) {
      expect(segmented.tokens[span.tokenStart]?.start).toBe(span.start);
      expect(segmented.tokens[span.tokenEnd - 1]?.end).toBe(span.end);
    }
  });
});

describe('mention confidence in the API', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    cleanupTempDirs();
  });

  it('serves confidence and method, and filters mentions by minConfidence', async () => {
    const t = await testApp({ seedsDir: null });
    apps.push(t);
    await ingestArticle(t.store, {
      title: 'Airline expands',
      body: 'Kestrel Aviation chief Amani Wekesa flew to Nairobi on Friday. Wekesa said he was pleased.',
      source: 'Test Wire',
    });
    const query = `query M($min: Float) { articles(first: 1) { edges { node {
      all: mentions(first: 50) { totalCount edges { node { confidence method } } }
      sure: mentions(first: 50, minConfidence: $min) { totalCount edges { node { confidence } } }
    } } } }`;
    const result = await t.gql(query, { min: 0.75 });
    expect(result.body.errors).toBeUndefined();
    const node = result.body.data.articles.edges[0].node;
    const all = node.all.edges.map((e: { node: { confidence: number } }) => e.node.confidence);
    const sure = node.sure.edges.map((e: { node: { confidence: number } }) => e.node.confidence);
    expect(all.length).toBeGreaterThan(sure.length);
    expect(node.sure.totalCount).toBe(sure.length);
    expect(sure.every((c: number) => c >= 0.75)).toBe(true);
    expect(node.all.edges.map((e: { node: { method: string } }) => e.node.method)).toContain('MODEL');
  });
});

describe('mention forms', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    cleanupTempDirs();
  });

  const formsOf = (body: string, kind: string) =>
    extractArticle({ title: 't', body })
      .entities.filter((e) => e.kind === kind)
      .flatMap((e) => (e.mentions as FoundMention[]).map((m) => `${body.slice(m.start, m.end)}:${m.form}`));

  it('records a demonym as a demonym of its country and a name as a name', () => {
    const forms = formsOf('Kenyan officials met in Kenya on Monday.', 'COUNTRY');
    expect(forms).toContain('Kenyan:demonym');
    expect(forms).toContain('Kenya:name');
  });

  it('records a capital standing for its country as a metonym, and as a name of the city', () => {
    const body = 'Nairobi said on Monday it would reopen the border. Talks were held in Nairobi.';
    expect(formsOf(body, 'COUNTRY')).toEqual(['Nairobi:metonym']);
    expect(formsOf(body, 'PLACE')).toEqual(['Nairobi:name', 'Nairobi:name']);
  });

  it('folds a short form into the full name written earlier in the article', () => {
    const annotation = extractArticle({
      title: 't',
      body: 'Tarbeck Aviation Group said profits rose. Tarbeck shares gained 3 percent on the news.',
    });
    const tarbeck = annotation.entities.filter((e) => /Tarbeck/.test(e.name));
    expect(tarbeck[0]?.kind).toBe('ORGANIZATION');
    expect(tarbeck).toHaveLength(1);
  });

  it('leaves demonyms and metonyms out of mention lists unless asked for them', async () => {
    const t = await testApp({ seedsDir: null });
    apps.push(t);
    await ingestArticle(t.store, {
      title: 'Border talks',
      body: 'Kenyan officials said on Monday that Kenya would reopen the border with Uganda.',
      source: 'Test Wire',
    });
    const query = `{ articles(first: 1) { edges { node {
      usual: mentions(first: 50) { totalCount edges { node { form evidence { text } entity { name } } } }
      every: mentions(first: 50, forms: [NAME, DEMONYM, METONYM, DESCRIPTION, PRONOUN]) {
        totalCount edges { node { form evidence { text } } } }
      demonyms: mentions(first: 50, forms: [DEMONYM]) { totalCount edges { node { form entity { name } } } }
    } } } }`;
    const result = await t.gql(query);
    expect(result.body.errors).toBeUndefined();
    const node = result.body.data.articles.edges[0].node;
    type Edge = { node: { form: string; evidence: { text: string }; entity: { name: string } } };
    const usual = node.usual.edges.map((e: Edge) => e.node);
    expect(usual.map((m: Edge['node']) => m.form)).not.toContain('DEMONYM');
    expect(usual.map((m: Edge['node']) => m.evidence.text)).toEqual(
      expect.arrayContaining(['Kenya', 'Uganda']),
    );
    expect(node.usual.totalCount).toBe(usual.length);
    expect(node.every.totalCount).toBe(usual.length + 1);
    expect(node.demonyms.edges.map((e: Edge) => [e.node.form, e.node.entity.name])).toEqual([
      ['DEMONYM', 'Kenya'],
    ]);
    // The country stays linked to the article through its demonym too.
    const entities = await t.gql(
      '{ articles(first: 1) { edges { node { entities(first: 20) { edges { node { name } } } } } } }',
    );
    const names = entities.body.data.articles.edges[0].node.entities.edges.map(
      (e: { node: { name: string } }) => e.node.name,
    );
    expect(names).toContain('Kenya');
  });

  it("counts an entity's mentions of the forms asked for", async () => {
    const t = await testApp({ seedsDir: null });
    apps.push(t);
    await ingestArticle(t.store, {
      title: 'Border talks again',
      body: 'Kenyan officials said on Monday that Kenya would reopen the border. Kenyan traders welcomed it.',
      source: 'Test Wire',
    });
    const entity = await t.gql(`{ country(code: "KE") {
      usual: mentions(first: 10) { totalCount edges { node { form } } }
      every: mentions(first: 10, forms: [NAME, DEMONYM]) { totalCount }
    } }`);
    expect(entity.body.errors).toBeUndefined();
    expect(entity.body.data.country.usual.totalCount).toBe(1);
    expect(entity.body.data.country.usual.edges.map((e: { node: { form: string } }) => e.node.form)).toEqual([
      'NAME',
    ]);
    expect(entity.body.data.country.every.totalCount).toBe(3);
  });
});

describe('names within one article', () => {
  const kindsOf = (body: string, pattern: RegExp) =>
    extractArticle({ title: 't', body })
      .entities.filter((e) => pattern.test(e.name))
      .map((e) => `${e.kind}:${e.name}`);

  it('reads the name on a byline as the writer, a person', () => {
    const body = 'KISUMU, Kenya\n\nBy ACHIENG MWANGALE\n\nThe lake ferry resumed service on Monday.';
    expect(kindsOf(body, /ACHIENG/)).toEqual(['PERSON:ACHIENG MWANGALE']);
  });

  it('keeps a regnal number in the name', () => {
    const names = kindsOf(
      '1820 - King Tancred II of Velloria was crowned. Tancred II ruled for 30 years.',
      /Tancred/,
    );
    expect(names).toEqual(['PERSON:Tancred II']);
  });

  it('gives one name one entity, written in running text rather than capitals', () => {
    const body =
      'By Halvard OSTRUP\n\nOSLO 1996-08-30\n\nHalvard Ostrup, a fisherman, said the catch was poor. Ostrup said prices fell.';
    const found = kindsOf(body, /ostrup/i);
    expect(found.filter((n) => n.startsWith('ORGANIZATION'))).toEqual([]);
    expect(found).toContain('PERSON:Halvard Ostrup');
  });
});
