import { getHeapStatistics } from 'node:v8';
import type { Plugin } from 'graphql-yoga';

/** Paths that must answer however loaded the server is: health checks are how operators see the load. */
const ALWAYS_ANSWERED = new Set(['/health', '/live']);

export interface SheddingOptions {
  /** Share of the heap limit above which new requests are refused, e.g. 0.8. */
  maxHeapFraction: number;
  retryAfterSeconds: number;
  /** The heap in use and its limit; V8's own figures unless a test gives others. */
  heap?: () => { used: number; limit: number };
}

function v8Heap(): { used: number; limit: number } {
  const stats = getHeapStatistics();
  return { used: stats.used_heap_size, limit: stats.heap_size_limit };
}

/**
 * Refuses new requests with 503 OVERLOADED and Retry-After while the heap is nearly full, so that a
 * burst of large requests slows clients down instead of ending the process with "heap out of memory".
 * Requests already running finish; what they hold is freed and requests are taken again.
 */
export function loadSheddingPlugin({
  maxHeapFraction,
  retryAfterSeconds,
  heap = v8Heap,
}: SheddingOptions): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (ALWAYS_ANSWERED.has(url.pathname)) return;
      const { used, limit } = heap();
      if (used <= limit * maxHeapFraction) return;
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({
            errors: [
              {
                message: 'the server is short of memory and is refusing new requests: retry shortly',
                extensions: { code: 'OVERLOADED', retryAfter: retryAfterSeconds },
              },
            ],
          }),
          {
            status: 503,
            headers: { 'content-type': 'application/json', 'retry-after': String(retryAfterSeconds) },
          },
        ),
      );
    },
  };
}
