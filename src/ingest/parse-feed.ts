import { XMLParser } from 'fast-xml-parser';
import { ArticleInputError } from './article-input.ts';

/** One entry of a feed: the page to ingest and the key that says it was seen. */
export interface FeedItem {
  /** guid / id / link: stable across polls, so an item is ingested once. */
  key: string;
  link: string;
  title: string | null;
  publishedAt: string | null;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  // A feed is data, not a document: no entity expansion beyond the XML built-ins.
  processEntities: true,
  htmlEntities: false,
});

type Node = Record<string, unknown>;
const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const text = (value: unknown): string | null => {
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim() || null;
  if (value && typeof value === 'object') return text((value as Node)['#text']);
  return null;
};
const date = (value: unknown): string | null => {
  const raw = text(value);
  const time = raw ? Date.parse(raw) : Number.NaN;
  return Number.isNaN(time) ? null : new Date(time).toISOString();
};

function absolute(link: string, base: string | undefined): string | null {
  try {
    const url = new URL(link, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function atomLink(entry: Node): string | null {
  const links = asList(entry.link) as Node[];
  const alternate = links.find((l) => !l['@rel'] || l['@rel'] === 'alternate') ?? links[0];
  return alternate ? text(alternate['@href']) : null;
}

function item(
  key: string | null,
  link: string | null,
  title: string | null,
  publishedAt: string | null,
  base?: string,
) {
  const url = link ? absolute(link, base) : null;
  return url ? [{ key: key ?? url, link: url, title, publishedAt }] : [];
}

/**
 * Reads an RSS 2.0, RSS 1.0 (RDF), Atom or JSON Feed document into its items, in feed order; items
 * without an http(s) link are skipped. Throws ArticleInputError when the text is none of these.
 */
export function parseFeed(source: string, baseUrl?: string): FeedItem[] {
  const trimmed = source.trimStart();
  if (trimmed.startsWith('{')) return parseJsonFeed(trimmed, baseUrl);
  let doc: Node;
  try {
    doc = parser.parse(trimmed) as Node;
  } catch (error) {
    throw new ArticleInputError(`not a feed: ${(error as Error).message.split('\n')[0]}`);
  }
  const rss = (doc.rss as Node | undefined)?.channel as Node | undefined;
  const rdf = doc['rdf:RDF'] as Node | undefined;
  if (rss || rdf) {
    const items = asList((rss ?? rdf)?.item ?? rdf?.item) as Node[];
    return items.flatMap((i) =>
      item(
        text(i.guid) ?? text(i['@rdf:about']),
        text(i.link),
        text(i.title),
        date(i.pubDate ?? i['dc:date']),
        baseUrl,
      ),
    );
  }
  const feed = doc.feed as Node | undefined;
  if (feed) {
    return (asList(feed.entry) as Node[]).flatMap((e) =>
      item(text(e.id), atomLink(e), text(e.title), date(e.published ?? e.updated), baseUrl),
    );
  }
  throw new ArticleInputError('not a feed: expected RSS, Atom or JSON Feed');
}

function parseJsonFeed(source: string, baseUrl?: string): FeedItem[] {
  let doc: Node;
  try {
    doc = JSON.parse(source) as Node;
  } catch (error) {
    throw new ArticleInputError(`not a JSON Feed: ${(error as Error).message}`);
  }
  if (typeof doc.version !== 'string' || !doc.version.includes('jsonfeed.org') || !Array.isArray(doc.items))
    throw new ArticleInputError('not a JSON Feed: expected "version" https://jsonfeed.org/… and "items"');
  return (doc.items as Node[]).flatMap((i) =>
    item(text(i.id), text(i.url) ?? text(i.external_url), text(i.title), date(i.date_published), baseUrl),
  );
}
