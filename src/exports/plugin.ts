import type { Plugin } from 'graphql-yoga';
import type { Access } from '../schema/access.ts';
import { accessOf } from '../server/access.ts';
import type { Store } from '../store/index.ts';
import { exportErrorBody } from './error-body.ts';
import { GraphReader } from './graph-reader.ts';
import { graphMlChunks } from './graphml.ts';
import { jsonLdChunks } from './jsonld.ts';

const FORMATS: Record<string, { type: string; chunks: (reader: GraphReader) => Generator<string> }> = {
  '/export/graph.jsonld': { type: 'application/ld+json; charset=utf-8', chunks: jsonLdChunks },
  '/export/graph.graphml': { type: 'application/graphml+xml; charset=utf-8', chunks: graphMlChunks },
};

/** At most this many `entity` parameters: each widens every statement of the export. */
const MAX_FOCUS_ENTITIES = 50;

class ExportRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

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
function focusOf(store: Store, url: URL): number[] | null {
  const slugs = url.searchParams.getAll('entity');
  if (!slugs.length) return null;
  if (slugs.length > MAX_FOCUS_ENTITIES) {
    throw new ExportRequestError(
      400,
      `at most ${MAX_FOCUS_ENTITIES} "entity" parameters, got ${slugs.length}`,
    );
  }
  return slugs.map((slug) => {
    const entity = store.entities.bySlug(slug);
    if (!entity) throw new ExportRequestError(404, `no entity with slug "${slug}"`);
    return entity.id;
  });
}

/**
 * `GET /export/graph.jsonld` and `GET /export/graph.graphml`: the whole graph, or with `?entity=<slug>`
 * (repeatable) the facts about those entities and the entities they link to. Streamed: each chunk is
 * one batch of rows, read when the client is ready for it.
 */
export function exportsPlugin(store: Store, adminToken: string | undefined): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
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
      try {
        const focus = focusOf(store, url);
        // The whole graph in one download is for administrators; a few entities' neighbourhoods are for anyone.
        if (focus === null) requireWholeGraphAccess(accessOf(request, adminToken));
        reader = new GraphReader(store, { focus, scope: focus && store.exports.scopeOf(focus) });
      } catch (error) {
        if (error instanceof ExportRequestError) {
          json(error.status, { error: error.message });
          return;
        }
        throw error;
      }
      const chunks = format.chunks(reader);
      const encoder = new TextEncoder();
      const body = new fetchAPI.ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        },
        cancel() {
          chunks.return(undefined);
        },
      });
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
