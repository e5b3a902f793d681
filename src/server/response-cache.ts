import {
  type Cache,
  createInMemoryCache,
  hashSHA256,
  useResponseCache,
} from '@graphql-yoga/plugin-response-cache';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ChangedNode, ChangesSince } from '../store/change-log.ts';
import type { Store } from '../store/index.ts';
import { linksTag, nodesWithLinksRead } from './answer-links.ts';
import { answerBytes } from './answer-size.ts';
import { type CacheTag, GRAPH_TAG, tagKey } from './cache-tags.ts';
import { createRootFieldTags } from './root-field-tags.ts';
import { SEARCH_TAG, searchTextTags, searchWordTags } from './search-tags.ts';
import { dayTag, STATS_TAG } from './stats-tags.ts';

/**
 * Whole-response cache for reads, emptied only where a write reached. Every cached answer is tagged with
 * - each node it shows (`Person:<id>`), as the response-cache plugin collects them by `__typename` and `id`:
 *   a write to that node's own row drops the answer;
 * - `links:<kind>:<id>` for each node whose lists or figures it read (a person's offices or claims): a
 *   write that changes them (a new claim by the person) drops it, while answers showing the person's name
 *   alone stay;
 * - the owners' `links:` tags for a root list one node owns (`claims(about: $id)`, declared by the field's
 *   `cacheOwners` extension): every write that changes the list touches its owner;
 * - `list:<Type>` for each other root field that lists nodes of that type (or looks one up and found
 *   none): a write touching any node of that type drops it, as the list may gain, lose or reorder members;
 * - `search:term:<word>` / `search:prefix:<abc>` for a search (`cacheSearchText` extension): a write drops
 *   it when text it adds or takes away holds one of its words (src/server/search-tags.ts);
 * - `stats:day:<yyyymmdd>` for stats over a short range of days (`cacheDayRange` extension): a write drops
 *   it when it changes the evidence of an article of one of those days (src/server/stats-tags.ts);
 * - `graph` for root fields that aggregate over the whole graph (whole-graph stats, paths): any write
 *   drops them.
 * What a write touched comes from the store's change log (see src/store/change-log.ts), read when the graph
 * version moves, so writes from other processes on the same file are seen as well as this server's own.
 */
export function responseCachePlugin(
  store: Store,
  schema: GraphQLSchema,
  options: { max?: number; maxEntryBytes?: number } = {},
): Plugin {
  const cache = createTaggedCache(store, schema, options.max ?? 1000);
  const maxEntryBytes = options.maxEntryBytes ?? Number.POSITIVE_INFINITY;
  const responseCache = useResponseCache({
    session: () => null,
    ttl: 5 * 60_000,
    includeExtensionMetadata: false,
    // Large answers are cheap to make again compared with the memory they would pin.
    shouldCacheResult: ({ result }) => !result.errors?.length && answerBytes(result) <= maxEntryBytes,
    cache: cache.forPlugin,
    buildResponseCacheKey: ({ documentString, variableValues, operationName, request }) => {
      // Writes are never cached, nor answers to large requests (an article sent to be ingested, a page
      // of long markers): their key would cost a copy and a hash of every byte, for nothing.
      if (isWrite(documentString) || isLarge(request)) return `uncached:${++uncachedRequests}`;
      const variables = variableValues ?? {};
      const key = hashSHA256(JSON.stringify([documentString, operationName ?? '', variables]));
      return typeof key === 'string'
        ? cache.began(key, request, documentString, operationName, variables)
        : key.then((k) => cache.began(k, request, documentString, operationName, variables));
    },
  });
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(executedAnswersPlugin());
      addPlugin(responseCache);
    },
    // Whatever became of it (cached, an error, too large), the request no longer holds back others.
    onResponse({ request }) {
      cache.ended(request);
    },
  };
}

/** An answer as executed, with the cache's metadata fields (`__typename`, ids) still in it. */
interface ExecutedAnswer {
  data: Record<string, unknown>;
  document: DocumentNode;
  operationName: string | null | undefined;
}

/**
 * Answers the cache may keep, by result object. The cache plugin strips its metadata from a copy of the
 * data before it stores a result; the copy kept here is what finds the nodes whose links were read.
 */
const executedAnswers = new WeakMap<object, ExecutedAnswer>();

/** Registered just before the cache plugin, so that its onExecuteDone sees each result first. */
function executedAnswersPlugin(): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result }) {
          const data = (result as { data?: unknown }).data;
          if (data && typeof data === 'object') {
            executedAnswers.set(result, {
              data: data as Record<string, unknown>,
              document: args.document,
              operationName: args.operationName,
            });
          }
        },
      };
    },
  };
}

/** Requests over this many bytes are answered without the cache. */
const MAX_CACHED_REQUEST_BYTES = 64 * 1024;
let uncachedRequests = 0;

function isLarge(request: Request): boolean {
  const length = Number(request.headers.get('content-length') ?? 0);
  return length > MAX_CACHED_REQUEST_BYTES || request.url.length > MAX_CACHED_REQUEST_BYTES;
}

/** A document whose first operation is a mutation or subscription (comments and spaces skipped). */
function isWrite(documentString: string): boolean {
  return /^(?:\s|,|#[^\n]*\n)*(?:mutation|subscription)\b/.test(documentString);
}

/** Requests answered from the response caches in this process since it started, and the others: the bench reads them. */
export const responseCacheCounters = { hits: 0, misses: 0, invalidations: 0, flushes: 0 };

interface Pending {
  documentString: string;
  operationName: string | null | undefined;
  variables: Record<string, unknown>;
  /** The cache's count of catch-ups with writes when the first request for this key began. */
  epoch: number;
}

/** How long an identical request waits for the first one's answer before computing its own. */
const FLIGHT_WAIT_MS = 5_000;

interface Flight {
  key: string;
  /** Settles when the answer is cached or its request ends, or after FLIGHT_WAIT_MS. */
  landedOrLate: Promise<void>;
  land(): void;
}

function newFlight(key: string): Flight {
  let land = () => {};
  const landed = new Promise<void>((resolve) => {
    land = resolve;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, FLIGHT_WAIT_MS);
    timer.unref();
  });
  return {
    key,
    landedOrLate: Promise.race([landed, late]),
    land() {
      clearTimeout(timer);
      land();
    },
  };
}

/** How many catch-ups with writes are remembered for answers still being computed. */
const REMEMBERED_CATCH_UPS = 256;

function createTaggedCache(store: Store, schema: GraphQLSchema, max: number) {
  let current = createInMemoryCache({ max });
  // Whether anything was cached since the cache was last emptied: an empty cache need not read the log.
  let holdsAnswers = false;
  const cursor = store.watchChanges();
  const pending = new Map<string, Pending>();
  // Keys being computed, by the request computing them: an identical request that arrives meanwhile
  // waits for that answer instead of computing it again (a popular page after a write).
  const flights = new Map<string, Flight>();
  const flightOf = new WeakMap<Request, Flight>();
  const land = (flight: Flight) => {
    if (flights.get(flight.key) === flight) flights.delete(flight.key);
    flight.land();
  };
  let unreadable = 0;
  const rootFields = createRootFieldTags(schema);
  const countryIdOf = async (code: string) => {
    const row = await store.entities.byCode(code);
    return row?.kind === 'COUNTRY' ? row.id : null;
  };
  // What each recent catch-up dropped (null: everything), so that an answer computed while writes
  // committed is still kept when none of them touched it.
  let epoch = 0;
  let lastVersion: string | null = null;
  const dropped: { epoch: number; keys: Set<string> | null }[] = [];
  const remember = (keys: Set<string> | null) => {
    dropped.push({ epoch: ++epoch, keys });
    if (dropped.length > REMEMBERED_CATCH_UPS) dropped.shift();
  };

  // Catch-ups run one after another: two polls in flight at once would each see half of a move, and the
  // one that saw only the version change would forget every answer being computed.
  let catchingUp: Promise<void> = Promise.resolve();
  const catchUp = (): Promise<void> => {
    catchingUp = catchingUp.then(catchUpNow, catchUpNow);
    return catchingUp;
  };

  /** Drops what the writes committed since the last look touched. */
  async function catchUpNow(): Promise<void> {
    const poll = await cursor;
    const { version, changes: changed } = await poll(holdsAnswers);
    const moved = version !== lastVersion;
    lastVersion = version;
    if (!changed) {
      // An empty cache moves past writes without reading what they touched: answers begun before them
      // cannot tell whether they are touched.
      if (moved) remember(null);
      return;
    }
    if (changed.everything) {
      responseCacheCounters.flushes++;
      current = createInMemoryCache({ max });
      holdsAnswers = false;
      remember(null);
      return;
    }
    responseCacheCounters.invalidations++;
    const tags = [
      { typename: GRAPH_TAG },
      ...changed.nodes.flatMap(tagsOfChangedNode),
      ...(await searchTagsOfChanges(store, changed)),
      ...(await dayTagsOfChanges(store, changed)),
    ];
    current.invalidate(tags);
    remember(new Set(tags.map(tagKey)));
  }

  /** Whether a catch-up after `since` dropped any of these tags (or all, or is no longer remembered). */
  function droppedSince(since: number, tags: CacheTag[]): boolean {
    if (epoch === since) return false;
    const first = dropped[0];
    if (!first || first.epoch > since + 1) return true;
    for (let i = dropped.length - 1; i >= 0 && (dropped[i] as (typeof dropped)[number]).epoch > since; i--) {
      const { keys } = dropped[i] as (typeof dropped)[number];
      if (!keys || tags.some((tag) => keys.has(tagKey(tag)))) return true;
    }
    return false;
  }

  const forPlugin: Cache = {
    get(responseId) {
      if (responseId.startsWith('uncached:')) return undefined;
      const hit = current.get(responseId) as ReturnType<Cache['get']>;
      if (hit) {
        pending.delete(responseId);
        responseCacheCounters.hits++;
        responseCacheCounters.misses--;
      }
      return hit;
    },
    async set(responseId, result, entities, ttl) {
      const started = pending.get(responseId);
      pending.delete(responseId);
      const data = (result as { data?: Record<string, unknown> | null }).data ?? null;
      const executed = executedAnswers.get(result);
      const roots = started && (await rootFields.tagsOf(started, data, countryIdOf));
      if (!started || !roots || !executed) return;
      const nodes = [...entities].filter((entity) => entity.id !== undefined);
      const links = nodesWithLinksRead(schema, executed.document, executed.operationName, executed.data);
      const tags = [...nodes, ...links.map((node) => linksTag(node.kind, node.id)), ...roots];
      try {
        await catchUp();
      } catch {
        return;
      }
      // A write committed while this answer was computed and touched it: it may hold rows from before.
      if (droppedSince(started.epoch, tags)) return;
      holdsAnswers = true;
      await current.set(responseId, result, tags, ttl);
      const flight = flights.get(responseId);
      if (flight) land(flight);
    },
    // Mutations' answers name the nodes they wrote; the change log names every node they touched, so the
    // plugin's own invalidation adds nothing (and would drop whole types for a null field).
    invalidate() {},
  };

  return {
    forPlugin,
    /** Called as each request's cache key is built, before the lookup: catches up with writes first. */
    async began(
      key: string,
      request: Request,
      documentString: string,
      operationName: string | null | undefined,
      variables: Record<string, unknown>,
    ): Promise<string> {
      try {
        await catchUp();
      } catch {
        // The change log could not be read (the database is gone): the request runs uncached and
        // answers for itself; a rejected key would leave it hanging in the cache plugin.
        return `uncached:${key}:${++unreadable}`;
      }
      // A request looks its key up twice (before parsing, then before executing): it counts as one
      // lookup, a miss until one of them hits.
      responseCacheCounters.misses++;
      const earlier = pending.get(key);
      // A concurrent request for the same key began earlier: keep its epoch, the one that sees more writes.
      if (!earlier) {
        if (pending.size > 10_000) pending.clear();
        pending.set(key, { documentString, operationName, variables, epoch });
      }
      const flight = flights.get(key);
      if (flight) {
        await flight.landedOrLate;
        // Landed, or too late to wait for (its request may never end): either way no one waits on it again.
        if (flights.get(key) === flight) flights.delete(key);
      } else if (!(await current.get(key))) {
        const mine = newFlight(key);
        flights.set(key, mine);
        flightOf.set(request, mine);
      }
      return key;
    },
    /** The request's answer is sent: a key it was computing is free again. */
    ended(request: Request) {
      const flight = flightOf.get(request);
      if (flight) land(flight);
    },
  };
}

const ENTITY_TYPES: Record<string, string> = {
  PERSON: 'Person',
  COUNTRY: 'Country',
  ORGANIZATION: 'Organization',
  PLACE: 'Place',
};
const NODE_TYPES: Record<Exclude<ChangedNode['kind'], 'entity'>, string> = {
  article: 'Article',
  claim: 'Claim',
  event: 'Event',
};

/** The same ids the schema's `id` fields answer (see src/schema/builder.ts). */
const globalId = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');

function tagsOfChangedNode(node: ChangedNode): CacheTag[] {
  const typenames =
    node.kind === 'entity'
      ? node.entityKind && ENTITY_TYPES[node.entityKind]
        ? [ENTITY_TYPES[node.entityKind] as string]
        : Object.values(ENTITY_TYPES) // deleted: whichever it was
      : [NODE_TYPES[node.kind]];
  // Lists of the type may reorder on either: a new mention moves an entity up a list by mentions.
  const lists = typenames.map((typename) => ({ typename: `list:${typename}` }));
  const own =
    node.scope === 'row' ? typenames.map((typename) => ({ typename, id: globalId(typename, node.id) })) : [];
  return [...own, linksTag(node.kind, node.id), ...lists];
}

/** Above this many changed nodes, or this much of their text, every search answer goes instead. */
const MAX_SEARCH_TEXT_NODES = 2_000;
const MAX_SEARCH_TEXT_CHARS = 2_000_000;

/** The search tags a write drops: the words of the text it added, or all of them when text went. */
async function searchTagsOfChanges(
  store: Store,
  changed: Extract<ChangesSince, { everything: false }>,
): Promise<CacheTag[]> {
  // A node's links (its mentions, its claims) are not what it is found by.
  const rows = changed.nodes.filter((node) => node.scope === 'row');
  if (changed.searchTextGone || rows.length > MAX_SEARCH_TEXT_NODES) return [{ typename: SEARCH_TAG }];
  let texts: string[];
  try {
    texts = await store.search.indexedText(rows);
  } catch {
    // Unread, the new words are unknown: no search answer can be trusted.
    return [{ typename: SEARCH_TAG }];
  }
  if (texts.reduce((sum, text) => sum + text.length, 0) > MAX_SEARCH_TEXT_CHARS)
    return [{ typename: SEARCH_TAG }];
  return [...searchTextTags(texts), ...searchWordTags(changed.searchWordsGone ?? [])];
}

/** The stats tags a write drops: the publication days of the articles whose evidence it changed. */
async function dayTagsOfChanges(
  store: Store,
  changed: Extract<ChangesSince, { everything: false }>,
): Promise<CacheTag[]> {
  if (changed.statsChanged) return [{ typename: STATS_TAG }];
  const articles = changed.nodes.filter((node) => node.kind === 'article').map((node) => node.id);
  let days: number[];
  try {
    days = await store.stats.publicationDays(articles);
  } catch {
    return [{ typename: STATS_TAG }];
  }
  return [...new Set([...days, ...(changed.days ?? [])])].map(dayTag);
}
