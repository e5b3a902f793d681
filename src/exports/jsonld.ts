import type { EvidenceItem, GraphReader } from './graph-reader.ts';

/** Node IRIs: stable URNs built from slugs, so an export names a node the same way every time. */
const iri = {
  entity: (slug: string) => `urn:news-kg:entity:${slug}`,
  event: (slug: string) => `urn:news-kg:event:${slug}`,
  article: (slug: string) => `urn:news-kg:article:${slug}`,
  claim: (id: number) => `urn:news-kg:claim:${id}`,
  relation: (id: number) => `urn:news-kg:relation:${id}`,
};

const ENTITY_TYPES = { PERSON: 'Person', COUNTRY: 'Country', ORGANIZATION: 'Organization', PLACE: 'Place' };

/**
 * schema.org terms where schema.org has them; the rest (evidence spans, relations, roles) in the
 * `kg:` namespace. Inline, so that consumers need no network to expand it.
 */
export const JSONLD_CONTEXT = {
  '@vocab': 'https://schema.org/',
  kg: 'urn:news-kg:vocab:',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  Evidence: 'kg:Evidence',
  Relation: 'kg:Relation',
  Participation: 'kg:Participation',
  evidence: { '@id': 'kg:evidence', '@container': '@set' },
  sentence: 'kg:sentence',
  startOffset: { '@id': 'kg:startOffset', '@type': 'xsd:integer' },
  endOffset: { '@id': 'kg:endOffset', '@type': 'xsd:integer' },
  relationType: 'kg:relationType',
  source: { '@id': 'kg:source', '@type': '@id' },
  target: { '@id': 'kg:target', '@type': '@id' },
  participant: { '@id': 'kg:participant', '@container': '@set' },
  role: 'kg:role',
  agent: { '@id': 'kg:agent', '@type': '@id' },
  claimKind: 'kg:claimKind',
  eventKind: 'kg:eventKind',
  entityKind: 'kg:entityKind',
  quote: 'kg:quote',
  verb: 'kg:verb',
  madeAt: { '@id': 'kg:madeAt', '@type': '@id' },
  country: { '@id': 'kg:country', '@type': '@id' },
  slug: 'kg:slug',
  dateText: 'kg:dateText',
  sameAs: { '@id': 'sameAs', '@type': '@id' },
  location: { '@id': 'location', '@type': '@id' },
  superEvent: { '@id': 'superEvent', '@type': '@id' },
  author: { '@id': 'author', '@type': '@id' },
  about: { '@id': 'about', '@type': '@id', '@container': '@set' },
  appearance: { '@id': 'appearance', '@type': '@id' },
  mentions: { '@id': 'mentions', '@type': '@id', '@container': '@set' },
  isPartOf: { '@id': 'isPartOf', '@type': '@id' },
  startDate: { '@id': 'startDate', '@type': 'Date' },
  endDate: { '@id': 'endDate', '@type': 'Date' },
};

function evidence(items: readonly EvidenceItem[]) {
  return items.map((item) => ({
    '@type': 'Evidence',
    text: item.text,
    sentence: item.sentence,
    startOffset: item.start,
    endOffset: item.end,
    isPartOf: iri.article(item.articleSlug),
  }));
}

/** Leaves out null and empty values, so the document holds only what the graph knows. */
function compact(node: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(node).filter(([, value]) => value !== null && !(Array.isArray(value) && !value.length)),
  );
}

/**
 * The export as JSON-LD (`{"@context": …, "@graph": [ … ]}`), one chunk per batch of rows: entities,
 * events, claims, relations, then articles, each node with the evidence that supports it.
 */
export async function* jsonLdChunks(reader: GraphReader): AsyncGenerator<string> {
  yield `{"@context":${JSON.stringify(JSONLD_CONTEXT)},\n"@graph":[`;
  let first = true;
  const nodes = (list: Record<string, unknown>[]) => {
    const text = list.map((node) => JSON.stringify(compact(node))).join(',\n');
    const chunk = list.length ? `${first ? '\n' : ',\n'}${text}` : '';
    if (list.length) first = false;
    return chunk;
  };
  for await (const batch of reader.entities()) {
    yield nodes(
      batch.map(({ row, aliases, countrySlug }) => ({
        '@id': iri.entity(row.slug),
        '@type': ENTITY_TYPES[row.kind],
        name: row.name,
        slug: row.slug,
        entityKind: row.kind,
        alternateName: aliases,
        description: row.description,
        identifier: row.code,
        sameAs: row.wikidata_id ? `http://www.wikidata.org/entity/${row.wikidata_id}` : null,
        country: countrySlug ? iri.entity(countrySlug) : null,
      })),
    );
  }
  for await (const batch of reader.events()) {
    yield nodes(
      batch.map((item) => ({
        '@id': iri.event(item.row.slug),
        '@type': 'Event',
        name: item.row.name,
        slug: item.row.slug,
        eventKind: item.row.kind,
        description: item.row.description,
        startDate: item.row.date,
        endDate: item.row.end_date,
        dateText: item.row.date_text,
        location: item.placeSlug
          ? iri.entity(item.placeSlug)
          : item.countrySlug
            ? iri.entity(item.countrySlug)
            : null,
        superEvent: item.partOfSlug ? iri.event(item.partOfSlug) : null,
        participant: item.participants.map((p) => ({
          '@type': 'Participation',
          role: p.role,
          agent: iri.entity(p.slug),
        })),
        evidence: evidence(item.evidence),
      })),
    );
  }
  for await (const batch of reader.claims()) {
    yield nodes(
      batch.map((item) => ({
        '@id': iri.claim(item.row.id),
        '@type': 'Claim',
        text: item.row.text,
        quote: item.row.quote,
        verb: item.row.verb,
        claimKind: item.row.kind,
        author: item.speakerSlug ? iri.entity(item.speakerSlug) : null,
        about: item.subjects.map((subject) => iri.entity(subject.slug)),
        madeAt: item.eventSlug ? iri.event(item.eventSlug) : null,
        appearance: item.articleSlug ? iri.article(item.articleSlug) : null,
        evidence: evidence(item.evidence),
      })),
    );
  }
  for await (const batch of reader.relations()) {
    yield nodes(
      batch.map((item) => ({
        '@id': iri.relation(item.row.id),
        '@type': 'Relation',
        relationType: item.row.type,
        source: iri.entity(item.fromSlug),
        target: iri.entity(item.toSlug),
        evidence: evidence(item.evidence),
      })),
    );
  }
  for await (const batch of reader.articles()) {
    yield nodes(
      batch.map(({ row, mentionSlugs }) => ({
        '@id': iri.article(row.slug),
        '@type': 'NewsArticle',
        headline: row.title,
        slug: row.slug,
        datePublished: row.published_at,
        url: row.url,
        publisher: row.source ? { '@type': 'Organization', name: row.source } : null,
        articleBody: reader.withBodies ? row.body : null,
        mentions: mentionSlugs.map(iri.entity),
      })),
    );
  }
  yield '\n]}\n';
}
