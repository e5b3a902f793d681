import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept when it looks like one (so ids can follow a request across services). */
const ACCEPTED_ID = /^[\w.:-]{1,128}$/;

const ids = new WeakMap<Request, string>();
const inFlight = new Set<Request>();

/** The id given to `request`, once the request-id plugin has seen it. */
export function requestIdOf(request: Request): string | undefined {
  return ids.get(request);
}

/** Ids of the requests being served now, for a log line that cannot tell which one it is about. */
export function requestsInFlight(): string[] {
  return [...inFlight].flatMap((request) => ids.get(request) ?? []);
}

/**
 * Gives every request an id: the caller's `x-request-id` when well-formed, else a new UUID. The id is
 * echoed in the response and put on the GraphQL context; log lines about the request carry it.
 */
export function requestIdPlugin(): Plugin {
  return {
    onRequest({ request }) {
      const given = request.headers.get(REQUEST_ID_HEADER);
      ids.set(request, given && ACCEPTED_ID.test(given) ? given : randomUUID());
      inFlight.add(request);
    },
    onResponse({ request, response }) {
      inFlight.delete(request);
      const requestId = ids.get(request);
      if (requestId) response.headers.set(REQUEST_ID_HEADER, requestId);
    },
  };
}
