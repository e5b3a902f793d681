import type { Json } from './helpers.ts';

/** One event a subscription pushed, with when it arrived (performance.now()). */
export interface SseEvent {
  at: number;
  data: Json;
}

export interface SseStream {
  status: number;
  events: SseEvent[];
  /** Resolves with the first `count` events once that many arrived; rejects after `timeoutMs`. */
  next(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves once the server ended the stream. */
  ended: Promise<void>;
}

/**
 * A real SSE client over fetch: posts a subscription with Accept: text/event-stream and collects each
 * event's data as JSON. `fetchImpl` runs the request (global fetch against a server process, or an
 * app's own fetch in-process); abort `signal` to disconnect.
 */
export async function subscribeSse(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  signal: AbortSignal,
  fetchImpl: (url: string, init: RequestInit) => Response | Promise<Response> = fetch,
): Promise<SseStream> {
  const res = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  // Over a socket the abort closes the connection; in-process it must cancel the body itself.
  signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
  const decoder = new TextDecoder();
  const ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (data) events.push({ at: performance.now(), data: JSON.parse(data) });
          for (const wake of waiters.splice(0)) wake();
        }
      }
    } catch {
      // disconnected
    }
    for (const wake of waiters.splice(0)) wake();
  })();
  return {
    status: res.status,
    events,
    ended,
    async next(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`only ${events.length} of ${count} events: ${JSON.stringify(events)}`);
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return events.slice(0, count);
    },
  };
}
