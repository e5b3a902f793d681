import { XMLParser, XMLValidator } from 'fast-xml-parser';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type QueryTestApp, queryTestApp } from './query-helpers.ts';

// biome-ignore lint/suspicious/noExplicitAny: parsed documents are read field by field
type Json = any;

const TOKEN = 'export-admin-token-0123456789';
const ADMIN = { headers: { authorization: `Bearer ${TOKEN}` } };

const SCHEMA = 'https://schema.org/';
const KG = 'urn:news-kg:vocab:';

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The GraphML document's nodes and edges, after checking it is well-formed XML. */
function parseGraphMl(text: string) {
  expect(XMLValidator.validate(text)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['node', 'edge', 'data', 'key'].includes(name),
  });
  const doc = parser.parse(text);
  const graph = doc.graphml.graph;
  const dataOf = (element: Json) =>
    Object.fromEntries(asList(element.data).map((d: Json) => [d.key, String(d['#text'] ?? '')]));
  return {
    keys: asList(doc.graphml.key) as Json[],
    edgedefault: graph.edgedefault,
    nodes: asList(graph.node).map((n: Json) => ({ id: n.id as string, ...dataOf(n) })),
    edges: asList(graph.edge).map((e: Json) => ({
      id: e.id as string,
      source: e.source as string,
      target: e.target as string,
      ...dataOf(e),
    })),
  };
}

describe('GET /export/graph.jsonld', () => {
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await queryTestApp({ env: { ADMIN_TOKEN: TOKEN } });
  });
  afterAll(() => t.close());

  it('is JSON-LD that expands to schema.org nodes with their evidence', async () => {
    const res = await t.app.fetch('http://test/export/graph.jsonld', ADMIN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/ld+json');
    const doc = await res.json();
    const expanded = (await jsonld.expand(doc)) as Json[];
    const byId = new Map(expanded.map((node) => [node['@id'], node]));

    const cameron = byId.get('urn:news-kg:entity:david-cameron');
    expect(cameron['@type']).toEqual([`${SCHEMA}Person`]);
    expect(cameron[`${SCHEMA}name`]).toEqual([{ '@value': 'David Cameron' }]);
    expect(cameron[`${SCHEMA}sameAs`]).toEqual([{ '@id': 'http://www.wikidata.org/entity/Q192' }]);

    const relations = expanded.filter((node) => node['@type']?.includes(`${KG}Relation`));
    expect(relations).toHaveLength((await t.store.stats.nodeCounts()).relations);
    const ally = relations.find((r) => r[`${KG}relationType`][0]['@value'] === 'ALLY_OF');
    expect(ally[`${KG}source`]).toEqual([{ '@id': 'urn:news-kg:entity:bashar-al-assad' }]);
    const [evidence] = ally[`${KG}evidence`];
    expect(evidence[`${SCHEMA}text`][0]['@value']).toBe('a close Moscow ally');
    expect(evidence[`${KG}sentence`][0]['@value']).toContain('Bashar Assad');
    expect(evidence[`${SCHEMA}isPartOf`][0]['@id']).toBe('urn:news-kg:article:cameron-russia-west-syria-gap');

    const claims = expanded.filter((node) => node['@type']?.includes(`${SCHEMA}Claim`));
    expect(claims).toHaveLength(16);
    for (const claim of claims) expect(claim[`${KG}evidence`].length).toBe(1);
    const events = expanded.filter((node) => node['@type']?.includes(`${SCHEMA}Event`));
    expect(events).toHaveLength(15);
    const articles = expanded.filter((node) => node['@type']?.includes(`${SCHEMA}NewsArticle`));
    expect(articles).toHaveLength(4);

    // Every node and edge becomes RDF: the document is valid linked data, not just JSON.
    const quads = (await jsonld.toRDF(doc, { format: 'application/n-quads' })) as unknown as string;
    expect(quads.split('\n').length).toBeGreaterThan(500);
  });

  it('narrows to the facts about the entities asked for and the entities they link to', async () => {
    const res = await t.app.fetch('http://test/export/graph.jsonld?entity=tomas-berg');
    expect(res.status).toBe(200);
    const expanded = (await jsonld.expand(await res.json())) as Json[];
    const ids = new Set(expanded.map((node) => node['@id']));
    expect(ids).toContain('urn:news-kg:entity:tomas-berg');
    expect(ids).toContain('urn:news-kg:entity:ingrid-dahl');
    expect(ids).toContain('urn:news-kg:event:dahl-berg-talks-in-lisbon');
    expect(ids).not.toContain('urn:news-kg:entity:david-cameron');
    expect(ids).not.toContain('urn:news-kg:article:cameron-russia-west-syria-gap');
    for (const relation of expanded.filter((node) => node['@type']?.includes(`${KG}Relation`))) {
      expect(ids).toContain(relation[`${KG}source`][0]['@id']);
      expect(ids).toContain(relation[`${KG}target`][0]['@id']);
    }
  });

  it('answers an unknown entity with 404 and other methods with 405', async () => {
    const missing = await t.app.fetch('http://test/export/graph.jsonld?entity=nobody');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: 'no entity with slug "nobody"',
      extensions: { code: 'NOT_FOUND' },
    });
    const post = await t.app.fetch('http://test/export/graph.graphml', { method: 'POST' });
    expect(post.status).toBe(405);
  });
});

describe('access to the exports', () => {
  it('gives the whole graph only to the admin token, and a few entities to anyone', async () => {
    const open = await queryTestApp({ env: { ADMIN_TOKEN: TOKEN } });
    const closed = await queryTestApp();
    try {
      const anonymous = await open.app.fetch('http://test/export/graph.graphml');
      expect(anonymous.status).toBe(401);
      expect((await anonymous.json()).error).toMatch(/ADMIN_TOKEN/);
      const wrong = await open.app.fetch('http://test/export/graph.graphml', {
        headers: { authorization: 'Bearer not-the-admin-token-at-all' },
      });
      expect(wrong.status).toBe(403);
      expect((await open.app.fetch('http://test/export/graph.graphml', ADMIN)).status).toBe(200);
      const disabled = await closed.app.fetch('http://test/export/graph.jsonld', ADMIN);
      expect(disabled.status).toBe(403);
      expect((await disabled.json()).error).toMatch(/not set/);
      const focused = await closed.app.fetch('http://test/export/graph.jsonld?entity=vladimir-putin');
      expect(focused.status).toBe(200);
    } finally {
      await open.close();
      await closed.close();
    }
  });
});

describe('GET /export/graph.graphml', () => {
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await queryTestApp({ env: { ADMIN_TOKEN: TOKEN } });
  });
  afterAll(() => t.close());

  it('is well-formed GraphML whose every edge joins two nodes of the file', async () => {
    const res = await t.app.fetch('http://test/export/graph.graphml', ADMIN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/graphml+xml');
    const graph = parseGraphMl(await res.text());
    expect(graph.edgedefault).toBe('directed');
    const counts = await t.store.stats.nodeCounts();
    const entityCount = counts.people + counts.countries + counts.organizations + counts.places;
    expect(graph.nodes).toHaveLength(entityCount + counts.events);
    const nodeIds = new Set(graph.nodes.map((n) => n.id));
    expect(nodeIds.size).toBe(graph.nodes.length);
    expect(new Set(graph.edges.map((e) => e.id)).size).toBe(graph.edges.length);
    for (const edge of graph.edges) {
      expect(nodeIds).toContain(edge.source);
      expect(nodeIds).toContain(edge.target);
    }
    const keyIds = new Set(graph.keys.map((k: Json) => k.id));
    for (const item of [...graph.nodes, ...graph.edges]) {
      for (const key of Object.keys(item).filter((k) => !['id', 'source', 'target'].includes(k))) {
        expect(keyIds).toContain(key);
      }
    }
    const kinds = graph.edges.map((e) => e.e_kind);
    expect(kinds.filter((k) => k === 'RELATION')).toHaveLength(counts.relations);
    expect(new Set(kinds)).toEqual(new Set(['RELATION', 'PARTICIPATION', 'CLAIM']));
    const cameron = graph.nodes.find((n) => n.n_slug === 'david-cameron');
    const claim = graph.edges.find((e) => e.e_kind === 'CLAIM' && e.source === cameron?.id);
    expect(claim?.e_evidence).toContain('Cameron');
  });

  it('narrows to some entities and their neighbours without leaving an edge dangling', async () => {
    const res = await t.app.fetch(
      'http://test/export/graph.graphml?entity=vladimir-putin&entity=ingrid-dahl',
    );
    const graph = parseGraphMl(await res.text());
    const slugs = new Set(graph.nodes.map((n) => n.n_slug));
    expect(slugs).toContain('vladimir-putin');
    expect(slugs).toContain('tomas-berg');
    expect(slugs).toContain('amara-osei');
    expect(slugs).not.toContain('relief-coalition');
    const nodeIds = new Set(graph.nodes.map((n) => n.id));
    for (const edge of graph.edges) {
      expect(nodeIds).toContain(edge.source);
      expect(nodeIds).toContain(edge.target);
    }
  });

  it('streams in batches and lets other requests run while a download is half read', async () => {
    const res = await t.app.fetch('http://test/export/graph.graphml', ADMIN);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    let chunks = 0;
    const first = await reader.read();
    text += decoder.decode(first.value, { stream: true });
    chunks++;
    const meanwhile = await t.gql('{ stats { articles } }');
    expect(meanwhile.body.data.stats.articles).toBe(4);
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      text += decoder.decode(next.value, { stream: true });
      chunks++;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(parseGraphMl(text).nodes.length).toBeGreaterThan(40);
  });
});
