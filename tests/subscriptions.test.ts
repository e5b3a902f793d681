import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ingestDocument } from '../src/ingest/ingest-document.ts';
import { openStore, type Store } from '../src/store/index.ts';
import {
  cleanupTempDirs,
  type Json,
  MIGRATIONS_DIR,
  runCli,
  type ServerProcess,
  scratchDir,
  startServerProcess,
} from './helpers.ts';
import { ADMIN_TOKEN } from './ingest-helpers.ts';

afterAll(cleanupTempDirs);

/** A real SSE client: posts a subscription with Accept: text/event-stream and yields each event's data. */
async function subscribe(url: string, query: string, signal: AbortSignal) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query }),
    signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = (res.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>)
    .getReader();
  let buffer = '';
  const events: { at: number; data: Json }[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          if (data) events.push({ at: performance.now(), data: JSON.parse(data) });
          for (const wake of waiters.splice(0)) wake();
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    async next(count: number, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${events.length} of ${count} events`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return events.slice(0, count);
    },
  };
}

const QUERY = 'subscription { articleIngested { slug title language } }';

describe('subscriptions over server-sent events', () => {
  let server: ServerProcess;
  let db: string;
  let writer: Store;
  beforeAll(async () => {
    db = join(scratchDir(), 'graph.db');
    server = await startServerProcess({ DATABASE_URL: db, ADMIN_TOKEN }, 90_000);
    writer = await openStore(db, MIGRATIONS_DIR);
  }, 120_000);
  afterAll(async () => {
    await writer?.close();
    await server?.stop();
  });

  it('pushes articleIngested for writes from the mutation, from the CLI and from another connection, and reports the latency', async () => {
    const stop = new AbortController();
    const stream = await subscribe(server.url, QUERY, stop.signal);
    onTestFinished(() => stop.abort());
    await new Promise((r) => setTimeout(r, 500));
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({
        query: 'mutation ($input: IngestArticleInput!) { ingestArticle(input: $input) { article { slug } } }',
        variables: {
          input: {
            title: 'Mayor opens the harbour bridge',
            body: 'Mayor Ines Varga opened the harbour bridge on Monday.',
          },
        },
      }),
    });
    expect(res.status).toBe(200);
    const [first] = await stream.next(1);
    expect(first?.data.data.articleIngested.slug).toBe('mayor-opens-the-harbour-bridge');

    const dir = scratchDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      join(dir, 'a.txt'),
      'Council approves the new library\n\nThe council approved the new library on Tuesday.\n',
    );
    const cli = await runCli(['ingest', join(dir, 'a.txt')], { DATABASE_URL: db }, 90_000);
    expect(cli.code).toBe(0);
    const [, second] = await stream.next(2);
    expect(second?.data.data.articleIngested.slug).toBe('council-approves-the-new-library');

    const latencies: number[] = [];
    for (let i = 0; i < 8; i++) {
      const before = stream.events.length;
      await ingestDocument(writer, {
        title: `Harbour report number ${i + 1}`,
        body: `Ships arrived at the harbour on day ${i + 1}, officials said.`,
      });
      const committed = performance.now();
      const events = await stream.next(before + 1);
      latencies.push((events[before]?.at ?? 0) - committed);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `commit to subscriber (another process's commit, SSE): median ${latencies[4]?.toFixed(0)} ms, max ${latencies.at(-1)?.toFixed(0)} ms over ${latencies.length}`,
    );
    expect(latencies[4]).toBeLessThan(2000);
    stop.abort();
  }, 240_000);

  it('applies the query limits to subscriptions', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: `subscription { articleIngested { ${'a: slug '.repeat(20)} } }` }),
    });
    const text = await res.text();
    expect(text).toMatch(/QUERY_TOO_COMPLEX|alias/i);
  }, 60_000);
});
