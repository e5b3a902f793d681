import type { Plugin } from 'graphql-yoga';
import type { ExportLimits } from '../config.ts';
import type { Access } from '../schema/access.ts';
import { accessOf } from '../server/access.ts';
import type { ExportFilter } from '../store/exports.ts';
import type { Store } from '../store/index.ts';
import { exportErrorBody } from './error-body.ts';
import { GraphReader } from './graph-reader.ts';
import { graphMlChunks } from './graphml.ts';
import { jsonLdChunks } from './jsonld.ts';

const FORMATS: Record<string, { type: string; chunks: (reader: GraphReader) => AsyncGenerator<string> }> = {
  '/export/graph.jsonld': { type: 'application/ld+json; charset=utf-8', chunks: jsonLdChunks },
  '/export/graph.graphml': { type: 'application/graphml+xml; charset=utf-8', chunks: graphMlChunks },
};

/** At most this many `entity` parameters: each widens every statement of the export. */
const MAX_FOCUS_ENTITIES = 50;

class ExportRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** For refusals over a bound: `code` and details, as GraphQL errors carry them in `extensions`. */
    readonly extensions?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const RETRY_AFTER_SECONDS = 2;

/** Anyone's exports stream in small batches, so that each holds the event loop briefly. */
const SHARED_BATCH_SIZE = 100;

const MAX_REMEMBERED_REFUSALS = 256;

/**
 * How long a neighbourhood found too large stays refused without being counted again, whatever is
 * written meanwhile: neighbourhoods grow with the graph, and a client repeating the request while
 * articles stream in would otherwise buy a full count each time.
 */
const REFUSAL_MEMORY_MS = 10_000;

/**
 * Bounds for exports anyone may ask for: the scope (entities asked for and their links) and the facts
 * are counted before the first byte is sent, so a refusal is a clean coded error, not a cut download.
 */
async function checkNeighbourhood(store: Store, filter: ExportFilter, limits: ExportLimits): Promise<void> {
  const entities = filter.scope?.length ?? 0;
  if (entities > limits.maxEntities) {
    throw new ExportRequestError(
      400,
      `the neighbourhood of these entities holds more than ${limits.maxEntities} entities: ask for fewer entities`,
      { code: 'QUERY_TOO_COMPLEX', limit: 'export entities', max: limits.maxEntities },
    );
  }
  const facts = await store.exports.factCount(filter, limits.maxFacts + 1);
  if (facts > limits.maxFacts) {
    throw new ExportRequestError(
      400,
      `the neighbourhood of these entities holds more than ${limits.maxFacts} events, claims, relations and articles: ask for fewer entities`,
      { code: 'QUERY_TOO_COMPLEX', limit: 'export facts', max: limits.maxFacts },
    );
  }
}

/** Lets other requests run between two batches: on SQLite a batch is synchronous SQL and serialisation. */
const turnOfTheEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function requireWholeGraphAccess(access: Access): void {
  if (access.admin) return;
  const hint = 'pass ?entity=<slug> to export the neighbourhood of some entities';
  if (!access.writesEnabled) {
    throw new ExportRequestError(
      403,
      `exporting the whole graph needs ADMIN_TOKEN, which is not set: ${hint}`,
    );
  }
  if (access.credentials === 'none') {
    throw new ExportRequestError(
      401,
      `exporting the whole graph needs "Authorization: Bearer <ADMIN_TOKEN>"; or ${hint}`,
    );
  }
  throw new ExportRequestError(403, 'the token sent is not the admin token');
}

/** The entities named by `?entity=<slug>` (repeatable), or null for the whole graph. */
async function focusOf(store: Store, url: URL): Promise<number[] | null> {
  const slugs = url.searchParams.getAll('entity');
  if (!slugs.length) return null;
  if (slugs.length > MAX_FOCUS_ENTITIES) {
    throw new ExportRequestError(
      400,
      `at most ${MAX_FOCUS_ENTITIES} "entity" parameters, got ${slugs.length}`,
    );
  }
  const ids: number[] = [];
  for (const slug of slugs) {
    const entity = await store.entities.bySlug(slug);
    if (!entity) throw new ExportRequestError(404, `no entity with slug "${slug}"`);
    ids.push(entity.id);
  }
  return ids;
}

/**
 * `GET /export/graph.jsonld` and `GET /export/graph.graphml`: the whole graph, or with `?entity=<slug>`
 * (repeatable) the facts about those entities and the entities they link to. Streamed: each chunk is
 * one batch of rows, read when the client is ready for it.
 */
export function exportsPlugin(store: Store, adminToken: string | undefined, limits: ExportLimits): Plugin {
  let streaming = 0;
  // Refusals found lately, by focus: the check itself is SQL worth not repeating for a client that asks
  // again and again.
  const refusals = new Map<string, { error: ExportRequestError; until: number }>();
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const format = FORMATS[url.pathname];
      if (!format) return;
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
        endResponse(
          new fetchAPI.Response(JSON.stringify(exportErrorBody(status, body)), {
            status,
            headers: { 'content-type': 'application/json', ...headers },
          }),
        );
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        json(405, { error: `use GET for ${url.pathname}` }, { allow: 'GET, HEAD' });
        return;
      }
      let reader: GraphReader;
      let bounded: boolean;
      try {
        if (streaming >= limits.concurrency) {
          throw new ExportRequestError(
            503,
            `${streaming} exports are already streaming: retry shortly`,
            { code: 'OVERLOADED', retryAfter: RETRY_AFTER_SECONDS },
            { 'retry-after': String(RETRY_AFTER_SECONDS) },
          );
        }
        const admin = accessOf(request, adminToken).admin;
        bounded = !admin;
        // By the slugs as sent: a refusal remembered costs no lookup of the fifty entities it names.
        const refusalKey = [...new Set(url.searchParams.getAll('entity'))].sort().join('\n');
        const known = bounded && refusalKey ? refusals.get(refusalKey) : undefined;
        if (known && known.until > performance.now()) throw known.error;
        const focus = await focusOf(store, url);
        // The whole graph in one download is for administrators; a few entities' neighbourhoods are for anyone.
        if (focus === null) requireWholeGraphAccess(accessOf(request, adminToken));
        // Linked entities past the bound are not read: one more than it is enough to refuse.
        const cap = bounded ? limits.maxEntities + 1 : undefined;
        const filter = { focus, scope: focus && (await store.exports.scopeOf(focus, cap)) };
        try {
          if (bounded) await checkNeighbourhood(store, filter, limits);
        } catch (error) {
          if (error instanceof ExportRequestError) {
            if (refusals.size >= MAX_REMEMBERED_REFUSALS) refusals.clear();
            refusals.set(refusalKey, { error, until: performance.now() + REFUSAL_MEMORY_MS });
          }
          throw error;
        }
        reader = new GraphReader(store, filter, !bounded, bounded ? SHARED_BATCH_SIZE : undefined);
      } catch (error) {
        if (error instanceof ExportRequestError) {
          const body = error.extensions
            ? { error: error.message, extensions: error.extensions }
            : { error: error.message };
          json(error.status, body, error.headers);
          return;
        }
        throw error;
      }
      const chunks = format.chunks(reader);
      const encoder = new TextEncoder();
      const deadline = performance.now() + limits.maxMs;
      let bytes = 0;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        streaming--;
        void chunks.return(undefined);
      };
      streaming++;
      const body = new fetchAPI.ReadableStream<Uint8Array>({
        async pull(controller) {
          await turnOfTheEventLoop();
          if (done) return;
          // Past a bound the download is cut, its document left unclosed, so no parser takes it for
          // whole. The counts checked before it started make this rare: it guards against huge rows.
          if (bounded && (bytes > limits.maxBytes || performance.now() > deadline)) {
            finish();
            controller.close();
            return;
          }
          const next = await chunks.next();
          if (next.done) {
            finish();
            controller.close();
            return;
          }
          const chunk = encoder.encode(next.value);
          bytes += chunk.byteLength;
          controller.enqueue(chunk);
        },
        cancel() {
          finish();
        },
      });
      if (request.method === 'HEAD') finish();
      const file = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : body, {
          status: 200,
          headers: { 'content-type': format.type, 'content-disposition': `inline; filename="${file}"` },
        }),
      );
    },
  };
}
