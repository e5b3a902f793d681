import type { TypedDocumentString } from './gql/graphql.ts';

/** Waits between reconnections: doubling from the first, up to the last. */
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;

interface EventBlock {
  event: string;
  data: string;
}

/** Splits a server-sent-events text into complete blocks; the unfinished rest is returned. */
function blocksOf(buffer: string): { blocks: EventBlock[]; rest: string } {
  const blocks: EventBlock[] = [];
  const parts = buffer.split(/\r?\n\r?\n/);
  const rest = parts.pop() ?? '';
  for (const part of parts) {
    let event = 'message';
    const data: string[] = [];
    for (const line of part.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) blocks.push({ event, data: data.join('\n') });
  }
  return { blocks, rest };
}

/**
 * Follows a named subscription over server-sent events (a POST to /graphql with Accept:
 * text/event-stream, which the server answers as it commits) and calls `onData` with each result.
 * A dropped connection is opened again after a growing pause; an error answer (a bad id, a limit)
 * ends it for good and is passed to `onError`. Aborting `signal` closes the connection.
 */
export function follow<Result, Variables>(
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
  signal: AbortSignal,
  onData: (data: Result) => void,
  onError: (message: string) => void = () => {},
): void {
  let retryMs = FIRST_RETRY_MS;
  const connect = async (): Promise<'again' | 'stop'> => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal,
    });
    if (!response.ok || !response.body) return response.status >= 500 ? 'again' : 'stop';
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'again';
      retryMs = FIRST_RETRY_MS;
      const { blocks, rest } = blocksOf(buffer + value);
      buffer = rest;
      for (const block of blocks) {
        if (block.event === 'complete') return 'stop';
        const result = JSON.parse(block.data) as {
          data?: Result | null;
          errors?: { message: string }[];
        };
        if (result.errors?.length) {
          onError(result.errors.map((e) => e.message).join('; '));
          return 'stop';
        }
        if (result.data) onData(result.data);
      }
    }
  };
  const run = async () => {
    while (!signal.aborted) {
      const outcome = await connect().catch(() => 'again' as const);
      if (outcome === 'stop' || signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
    }
  };
  void run();
}
