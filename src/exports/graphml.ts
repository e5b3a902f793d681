import type { EvidenceItem, GraphReader } from './graph-reader.ts';

/** Attribute keys, declared once at the top as GraphML requires; Gephi and Cytoscape show them by name. */
const KEYS = [
  ['n_label', 'node', 'label'],
  ['n_kind', 'node', 'kind'],
  ['n_slug', 'node', 'slug'],
  ['n_description', 'node', 'description'],
  ['n_wikidata', 'node', 'wikidataId'],
  ['n_date', 'node', 'date'],
  ['e_kind', 'edge', 'kind'],
  ['e_type', 'edge', 'type'],
  ['e_label', 'edge', 'label'],
  ['e_evidence', 'edge', 'evidence'],
  ['e_article', 'edge', 'article'],
] as const;

type KeyId = (typeof KEYS)[number][0];

// Characters XML 1.0 cannot hold at all, even escaped.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function data(values: Partial<Record<KeyId, string | null>>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([key, value]) => `<data key="${key}">${escapeXml(value)}</data>`)
    .join('');
}

const sentences = (items: readonly EvidenceItem[]) =>
  [...new Set(items.map((item) => item.sentence))].join(' | ');
const firstArticle = (items: readonly EvidenceItem[]) => items[0]?.articleSlug ?? null;

/**
 * The export as GraphML, one chunk per batch: entities and events are nodes; relations (directed as
 * stated), participations (entity to event) and claims (speaker to each subject) are edges, with their
 * evidence sentences. Edges whose ends fall outside a filtered export are left out.
 */
export async function* graphMlChunks(reader: GraphReader): AsyncGenerator<string> {
  yield [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...KEYS.map(
      ([id, target, name]) => `  <key id="${id}" for="${target}" attr.name="${name}" attr.type="string"/>`,
    ),
    '  <graph id="news-knowledge-graph" edgedefault="directed">',
    '',
  ].join('\n');
  const node = (id: string, values: Partial<Record<KeyId, string | null>>) =>
    `    <node id="${id}">${data(values)}</node>\n`;
  const edge = (id: string, source: string, target: string, values: Partial<Record<KeyId, string | null>>) =>
    `    <edge id="${id}" source="${source}" target="${target}">${data(values)}</edge>\n`;

  for await (const batch of reader.entities()) {
    yield batch
      .map(({ row }) =>
        node(`entity-${row.id}`, {
          n_label: row.name,
          n_kind: row.kind,
          n_slug: row.slug,
          n_description: row.description,
          n_wikidata: row.wikidata_id,
        }),
      )
      .join('');
  }
  const events = new Set<number>();
  for await (const batch of reader.events()) {
    let chunk = '';
    for (const item of batch) {
      events.add(item.row.id);
      chunk += node(`event-${item.row.id}`, {
        n_label: item.row.name,
        n_kind: item.row.kind,
        n_slug: item.row.slug,
        n_description: item.row.description,
        n_date: item.row.date,
      });
      for (const p of item.participants) {
        if (!reader.covers(p.entity_id)) continue;
        chunk += edge(
          `participation-${item.row.id}-${p.entity_id}-${p.role}`,
          `entity-${p.entity_id}`,
          `event-${item.row.id}`,
          {
            e_kind: 'PARTICIPATION',
            e_type: p.role,
            e_label: `${p.role.toLowerCase()} of ${item.row.name}`,
            e_evidence: sentences(item.evidence),
            e_article: firstArticle(item.evidence),
          },
        );
      }
    }
    yield chunk;
  }
  for await (const batch of reader.relations()) {
    yield batch
      .filter((item) => reader.covers(item.row.from_id) && reader.covers(item.row.to_id))
      .map((item) =>
        edge(`relation-${item.row.id}`, `entity-${item.row.from_id}`, `entity-${item.row.to_id}`, {
          e_kind: 'RELATION',
          e_type: item.row.type,
          e_label: item.row.type,
          e_evidence: sentences(item.evidence),
          e_article: firstArticle(item.evidence),
        }),
      )
      .join('');
  }
  for await (const batch of reader.claims()) {
    let chunk = '';
    for (const item of batch) {
      const speaker = item.row.speaker_id;
      if (speaker === null || !reader.covers(speaker)) continue;
      for (const { id: subject } of item.subjects) {
        if (subject === speaker || !reader.covers(subject)) continue;
        chunk += edge(`claim-${item.row.id}-${subject}`, `entity-${speaker}`, `entity-${subject}`, {
          e_kind: 'CLAIM',
          e_type: item.row.kind,
          e_label: item.row.text,
          e_evidence: sentences(item.evidence),
          e_article: item.articleSlug,
        });
      }
    }
    yield chunk;
  }
  yield '  </graph>\n</graphml>\n';
}
