import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../src/ingest/ingest-document.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { lsnValue } from '../src/store/replica-reads.ts';
import { MIGRATIONS_DIR, type ServerProcess, startServerProcess } from './helpers.ts';
import { type PostgresCluster, postgresAvailable, startPostgres, startReplica } from './helpers-postgres.ts';
import { ADMIN_TOKEN, AUTH, INGEST } from './ingest-helpers.ts';

/** Articles different enough not to be taken for copies of one another. */
function article(n: number) {
  const words = Array.from(
    { length: 24 },
    (_, i) => `${String.fromCharCode(97 + ((n + i) % 26))}${n * 31 + i}`,
  );
  return {
    title: `Council approves harbour plan ${n}`,
    body: `The town council of Port Elin approved harbour plan number ${n} on Monday. Its items: ${words.join(' ')}.`,
  };
}

function databaseOn(cluster: PostgresCluster): string {
  const url = new URL(cluster.url);
  url.pathname = '/graph';
  return url.toString();
}

async function scalar(cluster: PostgresCluster, sql: string): Promise<string> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    const { rows } = await client.query({ text: sql, rowMode: 'array' });
    return String((rows[0] as unknown[] | undefined)?.[0]);
  } finally {
    await client.end();
  }
}

const onReplica = (replica: PostgresCluster, sql: string) => scalar(replica, sql);

/** Waits until `read` answers `expected`, or fails after a few seconds. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if ((await read()) === expected) return;
    if (Date.now() > deadline) expect(await read()).toBe(expected);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!postgresAvailable())('a streaming read replica (DATABASE_READ_URL)', () => {
  let primary: PostgresCluster;
  let replica: PostgresCluster;
  /** The store under test: reads from the replica. */
  let reader: Store;
  /** Another server's store on the same primary. */
  let other: Store;
  let replicaProblems: string[] = [];
  let written = 0;

  beforeAll(async () => {
    primary = await startPostgres({ replication: true });
    const admin = new pg.Client({ connectionString: primary.url });
    await admin.connect();
    await admin.query('CREATE DATABASE graph');
    await admin.end();
    other = await openStore(databaseOn(primary), MIGRATIONS_DIR);
    replica = await startReplica(primary);
    reader = await openStore(databaseOn(primary), MIGRATIONS_DIR, {
      readReplicaUrl: databaseOn(replica),
      onReplicaUnavailable: (reason) => replicaProblems.push(reason),
    });
  }, 120_000);

  /** Ingests the next article through `store`; `written` counts it once committed. */
  async function addArticle(store: Store): Promise<void> {
    await ingestDocument(store, article(written + 1));
    written++;
  }

  /** Waits until the replica has replayed everything the primary has written. */
  async function replicaCaughtUp(): Promise<void> {
    const position = await scalar(primary, 'SELECT pg_current_wal_insert_lsn()::text');
    await eventually(
      async () =>
        lsnValue(await scalar(replica, 'SELECT pg_last_wal_replay_lsn()::text')) >= lsnValue(position),
      true,
    );
  }

  /** How many articles the reader's reads see. */
  const articlesSeen = async () => (await reader.stats.nodeCounts()).articles;

  afterAll(async () => {
    await reader?.close();
    await other?.close();
    await replica?.stop();
    await primary?.stop();
  });

  it('answers reads from the replica, and a store reads its own writes at once', async () => {
    await eventually(() => articlesSeen(), 0);
    await onReplica(replica, 'SELECT pg_wal_replay_pause()');
    try {
      await addArticle(other);
      // The replica has stopped replaying, and this store has not seen the other's write: its reads
      // went to the replica, so they do not see it either.
      expect(await articlesSeen()).toBe(0);
      await addArticle(reader);
      // Its own write: read back from the primary, with everything before it.
      expect(await articlesSeen()).toBe(2);
    } finally {
      await onReplica(replica, 'SELECT pg_wal_replay_resume()');
    }
    await eventually(servedByReplica, true);
  });

  it('reads what another server wrote once its change log showed the write', async () => {
    const cursor = await reader.watchChanges();
    await cursor();
    await onReplica(replica, 'SELECT pg_wal_replay_pause()');
    try {
      await addArticle(other);
      const seen = await cursor();
      expect(seen.changes).not.toBeNull();
      // Invalidated by the log, a cache must not fill again from a replica that lacks the write.
      expect(await articlesSeen()).toBe(written);
    } finally {
      await onReplica(replica, 'SELECT pg_wal_replay_resume()');
    }
  });

  it('keeps answering, from the primary, while the replica is down and restarting', async () => {
    replicaProblems = [];
    const errors: string[] = [];
    const seen: number[] = [];
    let stop = false;
    const readLoop = (async () => {
      while (!stop) {
        try {
          seen.push(await articlesSeen());
        } catch (error) {
          errors.push(String(error));
          // A loop of failing reads must still let the timers that end it run.
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await replica.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await addArticle(reader);
    await replica.resume();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    stop = true;
    await readLoop;
    expect(errors).toEqual([]);
    expect(seen.length).toBeGreaterThan(10);
    // Never a step back: reads that fell over to the primary and came back saw nothing older.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(written);
    expect(replicaProblems.length).toBeGreaterThan(0);
    // Back on the replica once it answers again and has replayed the write.
    await eventually(servedByReplica, true);
  });

  it('serves a server started with DATABASE_READ_URL: a mutation’s answer and the next read show the article', async () => {
    let server: ServerProcess | undefined;
    await onReplica(replica, 'SELECT pg_wal_replay_pause()');
    try {
      server = await startServerProcess(
        {
          DATABASE_URL: databaseOn(primary),
          DATABASE_READ_URL: databaseOn(replica),
          ADMIN_TOKEN,
          SEEDS_DIR: 'no-seeds-here',
        },
        60_000,
      );
      const post = async (query: string, variables = {}) =>
        (await (
          await fetch(server?.url ?? '', {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...AUTH },
            body: JSON.stringify({ query, variables }),
          })
        ).json()) as { data?: Record<string, Record<string, unknown>>; errors?: unknown[] };
      const ingested = await post(INGEST, { input: article(++written) });
      expect(ingested.errors).toBeUndefined();
      const slug = (ingested.data?.ingestArticle?.article as { slug: string } | null)?.slug;
      expect(slug).toBeTruthy();
      const read = await post('query ($slug: String!) { article(slug: $slug) { title } }', { slug });
      expect(read.errors).toBeUndefined();
      expect(read.data?.article).toEqual({ title: article(written).title });
    } finally {
      await onReplica(replica, 'SELECT pg_wal_replay_resume()');
      await server?.stop();
    }
  }, 90_000);

  /**
   * Whether the reader's reads go to the replica: with replay paused, another server's write stays
   * invisible to them (the reader has not looked at the change log since).
   */
  async function servedByReplica(): Promise<boolean> {
    await replicaCaughtUp();
    await onReplica(replica, 'SELECT pg_wal_replay_pause()');
    try {
      await addArticle(other);
      return (await articlesSeen()) === written - 1;
    } finally {
      await onReplica(replica, 'SELECT pg_wal_replay_resume()');
    }
  }
});
