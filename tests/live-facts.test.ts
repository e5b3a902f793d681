import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../src/ingest/ingest-document.ts';
import { openStore, type Store } from '../src/store/index.ts';
import {
  cleanupTempDirs,
  MIGRATIONS_DIR,
  runCli,
  type ServerProcess,
  scratchDir,
  startServerProcess,
} from './helpers.ts';
import { ADMIN_TOKEN, AUTH } from './ingest-helpers.ts';
import { subscribeSse } from './sse-client.ts';

// factsAbout against a server process over a socket, with a real SSE client: writes from the mutation,
// from the ingest command and from another connection reach it; clients that go are forgotten.

afterAll(cleanupTempDirs);

const FACTS = `subscription ($entity: ID!) {
  factsAbout(entity: $entity) {
    kind roles
    claim { text speaker { slug } }
    evidence { start end text article { slug body } }
  }
}`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe('factsAbout over server-sent events, against a server process', () => {
  let server: ServerProcess;
  let db: string;
  let writer: Store;
  let kell: string;

  beforeAll(async () => {
    db = join(scratchDir(), 'graph.db');
    server = await startServerProcess({ DATABASE_URL: db, ADMIN_TOKEN }, 90_000);
    writer = await openStore(db, MIGRATIONS_DIR);
    await ingestDocument(writer, {
      title: 'Union leader asks for guarantees',
      body: 'Union leader Tomas Kell said on Monday that the workers wanted guarantees about pay.',
    });
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ entity(slug: "tomas-kell") { id } }' }),
    });
    kell = ((await res.json()) as { data: { entity: { id: string } } }).data.entity.id;
  }, 120_000);
  afterAll(async () => {
    await writer?.close();
    await server?.stop();
  });

  async function health() {
    return (await (await fetch(`${server.origin}/health`)).json()) as {
      subscriptions: { factsAbout: number; articleIngested: number };
    };
  }

  it('pushes facts written by the mutation, the ingest command and another connection, and reports the latency', async () => {
    const stop = new AbortController();
    const stream = await subscribeSse(server.url, FACTS, { entity: kell }, stop.signal);
    try {
      expect(stream.status).toBe(200);
      for (let i = 0; i < 50 && (await health()).subscriptions.factsAbout < 1; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }

      // The mutation: the commit happens before the answer, so answer → event bounds the latency.
      const mutationLatencies: number[] = [];
      for (let i = 0; i < 3; i++) {
        const before = stream.events.length;
        const res = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...AUTH },
          body: JSON.stringify({
            query:
              'mutation ($input: IngestArticleInput!) { ingestArticle(input: $input) { article { slug } } }',
            variables: {
              input: {
                title: `Union leader speaks, day ${i + 1}`,
                body: `Union leader Tomas Kell said on day ${i + 1} that the strike at dock ${i + 7} would go on.`,
              },
            },
          }),
        });
        expect(res.status).toBe(200);
        const answered = performance.now();
        const events = await stream.next(before + 1);
        mutationLatencies.push(Math.max(0, (events[before]?.at ?? 0) - answered));
      }

      // The ingest command, a process of its own writing the same file.
      const dir = scratchDir();
      writeFileSync(
        join(dir, 'kell.txt'),
        'Dock strike spreads\n\nUnion leader Tomas Kell told reporters that the strike would spread to the northern quay.\n',
      );
      const before = stream.events.length;
      const cli = await runCli(['ingest', join(dir, 'kell.txt')], { DATABASE_URL: db }, 90_000);
      expect(cli.code).toBe(0);
      const fromCli = (await stream.next(before + 1))[before]?.data.data.factsAbout;
      expect(fromCli.evidence.article.slug).toBe('dock-strike-spreads');

      // Another connection: commit → event, measured on one clock.
      const latencies: number[] = [];
      for (let i = 0; i < 8; i++) {
        const count = stream.events.length;
        // A random pause, so that commits do not fall in step with the server's polls.
        await new Promise((r) => setTimeout(r, Math.random() * 100));
        await ingestDocument(writer, {
          title: `Strike report number ${i + 1}`,
          body: `Union leader Tomas Kell said the strike entered its ${i + 2}th day, officials said.`,
        });
        const committed = performance.now();
        const events = await stream.next(count + 1);
        latencies.push((events[count]?.at ?? 0) - committed);
      }

      for (const { data } of stream.events) {
        const fact = data.data.factsAbout;
        expect(fact.kind).toBe('CLAIM');
        expect(fact.roles).toContain('SPEAKER');
        expect(fact.claim.speaker.slug).toBe('tomas-kell');
        const { start, end, text, article } = fact.evidence;
        expect(article.body.slice(start, end)).toBe(text);
      }
      console.log(
        `factsAbout, commit to subscriber over SSE: another process's commit median ${median(latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms over ${latencies.length}; mutation answer to event median ${median(mutationLatencies).toFixed(0)} ms over ${mutationLatencies.length}`,
      );
      expect(median(latencies)).toBeLessThan(2000);
    } finally {
      stop.abort();
    }
  }, 240_000);

  it('forgets clients that disconnect, and a client that does not read holds the server up in nothing', async () => {
    const stops = Array.from({ length: 10 }, () => new AbortController());
    await Promise.all(stops.map((stop) => subscribeSse(server.url, FACTS, { entity: kell }, stop.signal)));
    // One more that never reads what it is sent.
    const idle = new AbortController();
    await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: FACTS, variables: { entity: kell } }),
      signal: idle.signal,
    });
    for (let i = 0; i < 50 && (await health()).subscriptions.factsAbout < 11; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await health()).subscriptions.factsAbout).toBe(11);
    for (let i = 0; i < 3; i++) {
      await ingestDocument(writer, {
        title: `Quiet report ${i + 1}`,
        body: `Union leader Tomas Kell said talks were planned for week ${i + 20}.`,
      });
    }
    // Queries are answered meanwhile.
    const started = performance.now();
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stats { articles } }' }),
    });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(5_000);
    for (const stop of [...stops, idle]) stop.abort();
    let open = -1;
    for (let i = 0; i < 50; i++) {
      open = (await health()).subscriptions.factsAbout;
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(open).toBe(0);
  }, 120_000);
});
