import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { requestContext } from '../request-context.ts';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept when it looks like one (so ids can follow a request across services). */
const ACCEPTED_ID = /^[\w.:-]{1,128}$/;

const ids = new WeakMap<Request, string>();

/**
 * Gives every request an id: the caller's `x-request-id` when well-formed, else a new UUID. The id is
 * echoed in the response and, through the request context, stamped on every log line of the request.
 */
export function requestIdPlugin(): Plugin {
  return {
    instrumentation: {
      request({ request }, wrapped) {
        const given = request.headers.get(REQUEST_ID_HEADER);
        const requestId = given && ACCEPTED_ID.test(given) ? given : randomUUID();
        ids.set(request, requestId);
        return requestContext.run({ requestId }, wrapped);
      },
    },
    onResponse({ request, response }) {
      const requestId = ids.get(request);
      if (requestId) response.headers.set(REQUEST_ID_HEADER, requestId);
    },
  };
}
