import {
  type Cache,
  createInMemoryCache,
  hashSHA256,
  useResponseCache,
} from '@graphql-yoga/plugin-response-cache';
import {
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ChangedNode } from '../store/change-log.ts';
import type { Store } from '../store/index.ts';
import { answerBytes } from './answer-size.ts';

/**
 * Whole-response cache for reads, emptied only where a write reached. Every cached answer is tagged with
 * - each node it shows (`Person:<id>`), as the response-cache plugin collects them by `__typename` and `id`:
 *   a write touching that node, or a list or figure it owns (a new claim by a person touches the person),
 *   drops the answer;
 * - `list:<Type>` for each root field that lists nodes of that type (or looks one up and found none): a
 *   write touching any node of that type drops it, as the list may gain, lose or reorder members;
 * - `graph` for root fields that aggregate over the whole graph (stats, paths, search hits): any write
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
  return useResponseCache({
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
      const key = hashSHA256(JSON.stringify([documentString, operationName ?? '', variableValues ?? {}]));
      return typeof key === 'string'
        ? cache.began(key, documentString, operationName)
        : key.then((k) => cache.began(k, documentString, operationName));
    },
  });
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

/** Hits and misses of the response caches in this process since it started: the bench reads them. */
export const responseCacheCounters = { hits: 0, misses: 0, invalidations: 0, flushes: 0 };

interface Pending {
  documentString: string;
  operationName: string | null | undefined;
  /** The graph version when the first request for this key began. */
  version: string;
}

function createTaggedCache(store: Store, schema: GraphQLSchema, max: number) {
  let current = createInMemoryCache({ max });
  // Whether anything was cached since the cache was last emptied: an empty cache need not read the log.
  let holdsAnswers = false;
  const cursor = store.watchChanges();
  const pending = new Map<string, Pending>();
  let unreadable = 0;
  const rootFields = createRootFieldTags(schema);

  /** Drops what the writes committed since the last look touched; answers the graph version. */
  async function catchUp(): Promise<string> {
    const poll = await cursor;
    const { version, changes: changed } = await poll(holdsAnswers);
    if (!changed) return version;
    if (changed.everything) {
      responseCacheCounters.flushes++;
      current = createInMemoryCache({ max });
      holdsAnswers = false;
      return version;
    }
    responseCacheCounters.invalidations++;
    current.invalidate([{ typename: GRAPH_TAG }, ...changed.nodes.flatMap(tagsOfChangedNode)]);
    return version;
  }

  const forPlugin: Cache = {
    get(responseId) {
      if (responseId.startsWith('uncached:')) return undefined;
      const hit = current.get(responseId) as ReturnType<Cache['get']>;
      if (hit) {
        pending.delete(responseId);
        responseCacheCounters.hits++;
      } else responseCacheCounters.misses++;
      return hit;
    },
    async set(responseId, result, entities, ttl) {
      const started = pending.get(responseId);
      pending.delete(responseId);
      // A write committed while this answer was computed: it may hold rows from before the write.
      if (!started || started.version !== (await store.graphVersion())) return;
      const data = (result as { data?: Record<string, unknown> | null }).data ?? null;
      const tags = rootFields.tagsOf(started.documentString, started.operationName, data);
      if (!tags) return;
      const nodes = [...entities].filter((entity) => entity.id !== undefined);
      holdsAnswers = true;
      return current.set(responseId, result, [...nodes, ...tags.map((typename) => ({ typename }))], ttl);
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
      documentString: string,
      operationName: string | null | undefined,
    ): Promise<string> {
      let version: string;
      try {
        version = await catchUp();
      } catch {
        // The change log could not be read (the database is gone): the request runs uncached and
        // answers for itself; a rejected key would leave it hanging in the cache plugin.
        return `uncached:${key}:${++unreadable}`;
      }
      const earlier = pending.get(key);
      // A concurrent request for the same key began before a write: keep the older version, so neither caches.
      if (!earlier) {
        if (pending.size > 10_000) pending.clear();
        pending.set(key, { documentString, operationName, version });
      }
      return key;
    },
  };
}

const GRAPH_TAG = 'graph';
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

function tagsOfChangedNode(node: ChangedNode): { typename: string; id?: string }[] {
  const typenames =
    node.kind === 'entity'
      ? node.entityKind && ENTITY_TYPES[node.entityKind]
        ? [ENTITY_TYPES[node.entityKind] as string]
        : Object.values(ENTITY_TYPES) // deleted: whichever it was
      : [NODE_TYPES[node.kind]];
  return typenames.flatMap((typename) => [
    { typename, id: globalId(typename, node.id) },
    { typename: `list:${typename}` },
  ]);
}

/** The node type of a Relay connection type (`XConnection.edges.node`); null for anything else. */
function connectionNodeType(type: GraphQLNamedType): GraphQLNamedType | null {
  if (!isObjectType(type)) return null;
  const edges = type.getFields().edges;
  const edge = edges && getNamedType(edges.type);
  if (!edge || !isObjectType(edge)) return null;
  const node = edge.getFields().node;
  return node ? getNamedType(node.type) : null;
}

interface RootField {
  responseKey: string;
  /** `list:<Type>` or `graph` tags the field always carries. */
  tags: string[];
  /** A lookup of one node: tagged with its type's list only when it found nothing. */
  lookupTags: string[];
}

/**
 * Which list tags an operation's root fields carry. Worked out once per document; an operation it cannot
 * read (fragments at the root, unknown fields) answers null and is not cached.
 */
function createRootFieldTags(schema: GraphQLSchema) {
  const byDocument = new Map<string, RootField[] | null>();
  const queryType = schema.getQueryType();

  function nodeTypesOf(type: GraphQLNamedType): string[] | null {
    const types = isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
    if (!types.length || types.some((t) => !t.getFields().id)) return null;
    return types.map((t) => t.name);
  }

  function describe(documentString: string, operationName: string | null | undefined): RootField[] | null {
    let document: DocumentNode;
    try {
      document = parse(documentString);
    } catch {
      return null;
    }
    const operation = getOperationAST(document, operationName ?? undefined);
    if (operation?.operation !== 'query' || !queryType) return null;
    const fields: RootField[] = [];
    const selections = (set: SelectionSetNode): boolean => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (!selections(selection.selectionSet)) return false;
          continue;
        }
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = document.definitions.find(
            (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
          );
          if (!fragment || fragment.kind !== Kind.FRAGMENT_DEFINITION) return false;
          if (!selections(fragment.selectionSet)) return false;
          continue;
        }
        const name = selection.name.value;
        const responseKey = selection.alias?.value ?? name;
        if (name.startsWith('__')) continue;
        const field = queryType?.getFields()[name];
        if (!field) return false;
        const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
        const named = getNamedType(field.type);
        const connectionNode = connectionNodeType(named);
        const listed = nodeTypesOf(connectionNode ?? named);
        if (!listed) {
          fields.push({ responseKey, tags: [GRAPH_TAG], lookupTags: [] });
        } else if (connectionNode || isListType(unwrapped)) {
          fields.push({ responseKey, tags: listed.map((t) => `list:${t}`), lookupTags: [] });
        } else {
          fields.push({ responseKey, tags: [], lookupTags: listed.map((t) => `list:${t}`) });
        }
      }
      return true;
    };
    return selections(operation.selectionSet) ? fields : null;
  }

  return {
    /** The list tags of one answer; null when it must not be cached. */
    tagsOf(
      documentString: string,
      operationName: string | null | undefined,
      data: Record<string, unknown> | null,
    ): string[] | null {
      const cacheKey = `${operationName ?? ''}\n${documentString}`;
      let fields = byDocument.get(cacheKey);
      if (fields === undefined) {
        fields = describe(documentString, operationName);
        if (byDocument.size > 1000) byDocument.clear();
        byDocument.set(cacheKey, fields);
      }
      if (!fields || !data) return null;
      const tags = new Set<string>();
      for (const field of fields) {
        for (const tag of field.tags) tags.add(tag);
        if (data[field.responseKey] == null) for (const tag of field.lookupTags) tags.add(tag);
      }
      return [...tags];
    },
  };
}
