import type { CORSOptions } from 'graphql-yoga';
import { REQUEST_ID_HEADER } from './request-id.ts';

/** What an allowed origin may do; the origin itself is set per request. */
const ALLOWED = {
  methods: ['GET', 'POST'],
  allowedHeaders: ['content-type', 'authorization', REQUEST_ID_HEADER, 'x-graphql-yoga-csrf'],
  exposedHeaders: [REQUEST_ID_HEADER],
  credentials: false,
  maxAge: 600,
};

/**
 * Cross-origin reads only for the configured origins. With none, no CORS headers are sent, so
 * browsers keep other sites from reading responses (same-origin only). Decided per request: a request
 * from an origin not on the list gets no CORS headers at all. `Origin: null` (sandboxed frames,
 * `file:` pages, some redirects) names no site anyone can vouch for, so it is never allowed, not even
 * under `*`; left to the default, "null" would be echoed back as an allowed origin.
 */
export function corsOptions(origins: readonly string[]): ((request: Request) => CORSOptions) | false {
  if (origins.length === 0) return false;
  const anyOrigin = origins.includes('*');
  const allowed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || origin === 'null') return false;
    if (anyOrigin) return { ...ALLOWED, origin: '*' };
    return allowed.has(origin) ? { ...ALLOWED, origin } : false;
  };
}
