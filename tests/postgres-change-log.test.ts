import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangedNode, ChangesSince } from '../src/store/change-log.ts';
import { TOUCHES, TOUCHES_BY_LOOKUP, touchedTables } from '../src/store/change-touches.ts';
import { createPostgresChangeLog, type PostgresChangeLog } from '../src/store/postgres-change-log.ts';
import { NUMBER_TYPES } from '../src/store/postgres-sql.ts';
import { type PostgresCluster, postgresUnavailableReason, startPostgres } from './helpers-postgres.ts';

const POSTGRES_DIR = join(import.meta.dirname, '..', 'db', 'postgres');
/** The store's write lock (src/store/postgres-store.ts): writers take it first, so seq order is commit order. */
const WRITE_LOCK = 7_340_002;

/** Applies db/postgres/*.sql in name order, as tests/postgres-schema.test.ts does. */
async function migrate(pool: pg.Pool): Promise<void> {
  for (const name of readdirSync(POSTGRES_DIR)
    .filter((n) => /^\d{4}_[a-z0-9_]+\.sql$/.test(n))
    .sort()) {
    await pool.query(readFileSync(join(POSTGRES_DIR, name), 'utf8'));
  }
}

/** Nodes in a stable order, for comparing. */
const sorted = (nodes: ChangedNode[]) =>
  [...nodes].sort((a, b) => a.kind.localeCompare(b.kind) || a.id - b.id);

function nodesOf(changes: ChangesSince | null): ChangedNode[] {
  if (!changes || changes.everything)
    throw new Error(`expected a list of nodes, got ${JSON.stringify(changes)}`);
  return sorted(changes.nodes);
}

const unavailable = postgresUnavailableReason();

describe.skipIf(unavailable !== null)(
  `the change log on PostgreSQL${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let cluster: PostgresCluster | undefined;
    let pool: pg.Pool;
    let otherPool: pg.Pool;
    let log: PostgresChangeLog;
    /** Another server on the same database: its own pool and change log. */
    let otherLog: PostgresChangeLog;

    beforeAll(async () => {
      cluster = await startPostgres();
      pool = new pg.Pool({ connectionString: cluster.url, types: NUMBER_TYPES, max: 4 });
      otherPool = new pg.Pool({ connectionString: cluster.url, types: NUMBER_TYPES, max: 2 });
      await migrate(pool);
      // Two servers opening at once install the collector once, taking turns.
      [log, otherLog] = await Promise.all([
        createPostgresChangeLog(pool),
        createPostgresChangeLog(otherPool),
      ]);
    }, 120_000);

    afterAll(async () => {
      await pool?.end();
      await otherPool?.end();
      await cluster?.stop();
    });

    /** One write transaction as the store runs it: BEGIN, the write lock, the work, flush, COMMIT. */
    async function write(
      sql: string,
      { through = log, on = pool }: { through?: PostgresChangeLog; on?: pg.Pool } = {},
    ): Promise<number | null> {
      const client = await on.connect();
      try {
        await client.query('BEGIN');
        await through.begin(client);
        await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
        await client.query(sql);
        const seq = await through.flush(client);
        await client.query('COMMIT');
        return seq;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    }

    /** What the log says one write transaction of `sql` changed. */
    async function changesOfWrite(sql: string) {
      const since = await log.latest();
      await write(sql);
      const changes = await log.since(since);
      if (changes.everything) throw new Error(`expected nodes, got everything for ${sql}`);
      return changes;
    }

    const pendingRows = async () =>
      (await pool.query('SELECT COUNT(*) AS n FROM change_log_pending')).rows[0].n as number;

    it('collects from columns the schema has', async () => {
      const columns = new Set(
        (
          await pool.query(
            "SELECT table_name || '.' || column_name AS name FROM information_schema.columns WHERE table_schema = 'public'",
          )
        ).rows.map((r: { name: string }) => r.name),
      );
      for (const [table, values] of Object.entries(TOUCHES)) {
        for (const value of values) {
          const column = /\$\.(\w+)/.exec(value)?.[1];
          expect(columns, `${table}.${column}`).toContain(`${table}.${column}`);
        }
      }
      // Each lookup names tables and columns the schema has: it runs, for a row id that matches nothing.
      for (const selects of Object.values(TOUCHES_BY_LOOKUP)) {
        for (const select of selects) {
          await pool.query(select.replaceAll('main.', '').replace(/\$\.\w+/g, '0'));
        }
      }
      // Installing again (a server restarting) finds the collector in place and changes nothing.
      const before = (
        await pool.query("SELECT COUNT(*) AS n FROM pg_trigger WHERE tgname = 'change_log_collect'")
      ).rows[0].n;
      await createPostgresChangeLog(pool);
      const after = (
        await pool.query("SELECT COUNT(*) AS n FROM pg_trigger WHERE tgname = 'change_log_collect'")
      ).rows[0].n;
      expect(after).toBe(before);
      expect(after).toBe(touchedTables().length);
    });

    it('logs exactly the nodes a transaction touched, with entity kinds', async () => {
      expect(await log.latest()).toBe(0);
      expect(await log.current()).toBe('0');
      const cursor = await log.watch();
      expect(await cursor()).toEqual({ version: '0', changes: null });
      const seq = await write(`
        INSERT INTO articles (id, slug, title, body, content_hash)
        VALUES (1, 'geneva-talks', 'Talks in Geneva', 'Cameron met Bergström in Geneva.', 'h1');
        INSERT INTO evidence (id, article_id, start_offset, end_offset, sentence_start, sentence_end)
        VALUES (1, 1, 0, 7, 0, 32);
        INSERT INTO entities (id, slug, kind, name) VALUES (1, 'david-cameron', 'PERSON', 'David Cameron');
        INSERT INTO entity_aliases (entity_id, alias, norm) VALUES (1, 'Cameron', 'cameron');
        INSERT INTO mentions (entity_id, article_id, evidence_id) VALUES (1, 1, 1);`);
      expect(seq).toBe(1);
      expect(await pendingRows()).toBe(0);
      expect(await log.current()).toBe('1');
      const expected = [
        { kind: 'article', id: 1, scope: 'row' },
        { kind: 'entity', id: 1, scope: 'row', entityKind: 'PERSON' },
      ];
      expect(nodesOf(await log.since(0))).toEqual(expected);
      const poll = await cursor();
      expect(poll.version).toBe('1');
      expect(nodesOf(poll.changes)).toEqual(expected);
      expect(await cursor()).toEqual({ version: '1', changes: null });
      // The row as stored: one JSON list of [kind, id] pairs.
      expect(
        JSON.parse((await pool.query('SELECT keys FROM change_log WHERE seq = 1')).rows[0].keys),
      ).toEqual([
        ['article', 1],
        ['article:links', 1],
        ['entity', 1],
        ['entity:links', 1],
      ]);
    });

    it('logs nothing for a transaction that rolls back or touches no node, and leaves no gap', async () => {
      const cursor = await log.watch();
      const client = await pool.connect();
      try {
        // Rolled back before its flush, and after it: neither leaves a row nor a pending node.
        await client.query('BEGIN');
        await client.query(
          "INSERT INTO entities (id, slug, kind, name) VALUES (2, 'ghost', 'PERSON', 'Ghost')",
        );
        expect(
          (await client.query('SELECT COUNT(*) AS n FROM change_log_pending')).rows[0].n,
        ).toBeGreaterThan(0);
        await client.query('ROLLBACK');
        await client.query('BEGIN');
        await client.query(
          "INSERT INTO entities (id, slug, kind, name) VALUES (2, 'ghost', 'PERSON', 'Ghost')",
        );
        expect(await log.flush(client)).toBe(2);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      expect(await pendingRows()).toBe(0);
      expect(await log.latest()).toBe(1);
      expect(await cursor()).toEqual({ version: '1', changes: null });
      // Nothing of the graph: no row (the version stays).
      expect(await write("INSERT INTO feeds (url) VALUES ('https://news.example/feed.xml')")).toBeNull();
      expect(await log.latest()).toBe(1);
      // The next write takes the next seq, so readers see no gap.
      expect(await write("UPDATE entities SET description = 'British politician' WHERE id = 1")).toBe(2);
      const poll = await cursor();
      expect(poll.version).toBe('2');
      expect(nodesOf(poll.changes)).toEqual([{ kind: 'entity', id: 1, scope: 'row', entityKind: 'PERSON' }]);
    });

    it('serves each cursor what changed since its own last poll', async () => {
      const first = await log.watch();
      const second = await log.watch();
      const lazy = await log.watch();
      await write(`
        INSERT INTO entities (id, slug, kind, name, code) VALUES (3, 'united-kingdom', 'COUNTRY', 'United Kingdom', 'GB');
        UPDATE entities SET country_id = 3 WHERE id = 1;`);
      expect(nodesOf((await first()).changes)).toEqual([
        { kind: 'entity', id: 1, scope: 'row', entityKind: 'PERSON' },
        { kind: 'entity', id: 3, scope: 'row', entityKind: 'COUNTRY' },
      ]);
      // A cursor that does not read the log (a cache holding nothing) moves past the write...
      expect((await lazy(false)).changes).toBeNull();
      await write(`
        INSERT INTO events (id, slug, name, kind, place_id) VALUES (1, 'geneva-talks', 'Geneva talks', 'MEETING', 3);
        INSERT INTO event_participants (event_id, entity_id, role) VALUES (1, 1, 'ATTENDEE');`);
      // The event's place and participant only gained an event: their links changed, not their rows.
      expect(nodesOf((await first()).changes)).toEqual([
        { kind: 'entity', id: 1, scope: 'links', entityKind: 'PERSON' },
        { kind: 'entity', id: 3, scope: 'links', entityKind: 'COUNTRY' },
        { kind: 'event', id: 1, scope: 'row' },
      ]);
      expect(await first()).toEqual({ version: '4', changes: null });
      // ...the second has read nothing yet, so it is answered both writes at once.
      const both = await second();
      expect(both.version).toBe('4');
      expect(nodesOf(both.changes)).toEqual([
        { kind: 'entity', id: 1, scope: 'row', entityKind: 'PERSON' },
        { kind: 'entity', id: 3, scope: 'row', entityKind: 'COUNTRY' },
        { kind: 'event', id: 1, scope: 'row' },
      ]);
      // ...and the lazy one, reading now, is answered only the write after the one it moved past.
      expect(nodesOf((await lazy()).changes)).toEqual([
        { kind: 'entity', id: 1, scope: 'links', entityKind: 'PERSON' },
        { kind: 'entity', id: 3, scope: 'links', entityKind: 'COUNTRY' },
        { kind: 'event', id: 1, scope: 'row' },
      ]);
    });

    it('names the nodes link tables touch through their parents, and deleted entities without a kind', async () => {
      const cursor = await log.watch();
      await write(`
        INSERT INTO entities (id, slug, kind, name) VALUES (4, 'united-nations', 'ORGANIZATION', 'United Nations');
        INSERT INTO relations (id, type, from_id, to_id) VALUES (1, 'MEMBER_OF', 3, 4);`);
      await cursor();
      await write('INSERT INTO relation_evidence (relation_id, evidence_id) VALUES (1, 1)');
      expect(nodesOf((await cursor()).changes)).toEqual([
        { kind: 'entity', id: 3, scope: 'links', entityKind: 'COUNTRY' },
        { kind: 'entity', id: 4, scope: 'links', entityKind: 'ORGANIZATION' },
      ]);
      await write('DELETE FROM entities WHERE id = 4');
      expect(nodesOf((await cursor()).changes)).toEqual([
        { kind: 'entity', id: 3, scope: 'links', entityKind: 'COUNTRY' },
        { kind: 'entity', id: 4, scope: 'row', entityKind: null },
      ]);
    });

    it('logs each transaction of a bulk load as everything', async () => {
      const cursor = await log.watch();
      const before = await log.latest();
      await log.bulk(async () => {
        await write(`
          INSERT INTO articles (id, slug, title, body, content_hash) VALUES (2, 'bulk-1', 'Bulk one', 'One.', 'b1');
          INSERT INTO articles (id, slug, title, body, content_hash) VALUES (3, 'bulk-2', 'Bulk two', 'Two.', 'b2');`);
        await write("INSERT INTO feeds (url) VALUES ('https://news.example/other.xml')");
      });
      expect(await log.latest()).toBe(before + 2);
      const rows = await pool.query('SELECT keys FROM change_log WHERE seq > $1 ORDER BY seq', [before]);
      expect(rows.rows).toEqual([{ keys: null }, { keys: null }]);
      expect(await pendingRows()).toBe(0);
      expect((await cursor()).changes).toEqual({ seq: before + 2, everything: true });
      // After the load, writes are listed again.
      await write("UPDATE articles SET title = 'Bulk 2' WHERE id = 3");
      expect(nodesOf((await cursor()).changes)).toEqual([{ kind: 'article', id: 3, scope: 'row' }]);
    });

    it("sees another server's commits: the version moves and cursors read them", async () => {
      const cursor = await log.watch();
      const otherCursor = await otherLog.watch();
      const version = await log.current();
      await write(
        `INSERT INTO claims (id, article_id, evidence_id, speaker_id, event_id, text, kind)
         VALUES (1, 1, 1, 1, 1, 'Talks went well', 'STATEMENT');
         INSERT INTO claim_subjects (claim_id, entity_id) VALUES (1, 3);`,
        { through: otherLog, on: otherPool },
      );
      expect(await log.current()).not.toBe(version);
      expect(await log.current()).toBe(await otherLog.current());
      const expected = [
        { kind: 'article', id: 1, scope: 'links' },
        { kind: 'claim', id: 1, scope: 'row' },
        { kind: 'entity', id: 1, scope: 'links', entityKind: 'PERSON' },
        { kind: 'entity', id: 3, scope: 'links', entityKind: 'COUNTRY' },
        { kind: 'event', id: 1, scope: 'links' },
      ];
      expect(nodesOf((await cursor()).changes)).toEqual(expected);
      expect(nodesOf((await otherCursor()).changes)).toEqual(expected);
    });

    it('folds in the nodes of a write committed without a flush', async () => {
      const cursor = await log.watch();
      // A write from outside the store (no flush): its nodes wait until the next flush.
      await pool.query("UPDATE events SET description = 'Talks on the alliance' WHERE id = 1");
      expect(await pendingRows()).toBeGreaterThan(0);
      await write("UPDATE articles SET title = 'Talks in Geneva, again' WHERE id = 1");
      expect(await pendingRows()).toBe(0);
      // The event's participant, and the speaker and subject of its claim, see their lists reordered.
      expect(nodesOf((await cursor()).changes)).toEqual([
        { kind: 'article', id: 1, scope: 'row' },
        { kind: 'entity', id: 1, scope: 'links', entityKind: 'PERSON' },
        { kind: 'entity', id: 3, scope: 'links', entityKind: 'COUNTRY' },
        { kind: 'event', id: 1, scope: 'row' },
      ]);
    });

    it('says when a write took text away from the search index', async () => {
      const gone = async (sql: string) => (await changesOfWrite(sql)).searchTextGone === true;
      expect(await gone("UPDATE articles SET source = 'Wire' WHERE id = 1")).toBe(false);
      expect(await gone("UPDATE events SET description = COALESCE(description, '') || '' WHERE id = 1")).toBe(
        false,
      );
      expect(await gone("UPDATE articles SET title = 'Talks in Geneva, once more' WHERE id = 1")).toBe(true);
      expect(
        await gone("INSERT INTO entity_aliases (entity_id, alias, norm) VALUES (1, 'Dave', 'dave')"),
      ).toBe(false);
      expect(await gone("DELETE FROM entity_aliases WHERE entity_id = 1 AND alias = 'Dave'")).toBe(true);
    });

    it('logs the publication days of written articles, and none for a date of another form', async () => {
      const daysOf = async (sql: string) => (await changesOfWrite(sql)).days ?? [];
      expect(
        await daysOf(`INSERT INTO articles (id, slug, title, body, content_hash, published_at)
          VALUES (50, 'dated', 'Dated', 'Text.', 'h50', '2015-11-16T09:00:00.000Z')`),
      ).toEqual([20151116]);
      expect(
        await daysOf(`INSERT INTO articles (id, slug, title, body, content_hash, published_at)
          VALUES (51, 'odd', 'Odd', 'Text.', 'h51', 'sometime in 2015')`),
      ).toEqual([]);
      expect(await daysOf('DELETE FROM articles WHERE id IN (50, 51)')).toEqual([20151116]);
    });

    it('answers everything to a reader too far behind, and prunes old rows', async () => {
      const cursor = await log.watch();
      const start = await log.latest();
      // Rows as many earlier writes would have left (keys of no node), up to just before a pruning seq.
      await pool.query(
        `INSERT INTO change_log (seq, keys) SELECT g, '[]' FROM generate_series($1::bigint, 10099) AS g`,
        [start + 1],
      );
      expect(await write("UPDATE articles SET title = 'Talks in Geneva' WHERE id = 1")).toBe(10_100);
      expect((await pool.query('SELECT MIN(seq) AS min FROM change_log')).rows[0].min).toBe(101);
      expect(await cursor()).toEqual({ version: '10100', changes: { seq: 10_100, everything: true } });
      // A reader whose rows were pruned away is answered everything too.
      expect(await log.since(50)).toEqual({ seq: 10_100, everything: true });
      expect(nodesOf(await log.since(10_099))).toEqual([{ kind: 'article', id: 1, scope: 'row' }]);
    });
  },
);
