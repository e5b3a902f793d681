import type { CORSOptions } from 'graphql-yoga';
import { REQUEST_ID_HEADER } from './request-id.ts';

/**
 * Cross-origin reads only for the configured origins. With none, no CORS headers are sent, so
 * browsers keep other sites from reading responses (same-origin only).
 */
export function corsOptions(origins: readonly string[]): CORSOptions | false {
  if (origins.length === 0) return false;
  return {
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', REQUEST_ID_HEADER, 'x-graphql-yoga-csrf'],
    exposedHeaders: [REQUEST_ID_HEADER],
    credentials: false,
    maxAge: 600,
  };
}
