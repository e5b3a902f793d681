import { createHash } from 'node:crypto';
import type pg from 'pg';
import {
  type ChangesSince,
  changesOfRows,
  KEPT_ROWS,
  MAX_LOGGED_NODES,
  MAX_READ_ROWS,
} from './change-log.ts';
import {
  PUBLICATION_DAY_FUNCTION,
  SEARCH_TEXT_GONE,
  searchTextLost,
  TOUCHES,
  TOUCHES_BY_LOOKUP,
  touchedTables,
  UPDATE_KEYS,
  updateEvent,
} from './change-touches.ts';
import type { ChangeCursor, ChangePoll } from './version.ts';

/** Where the triggers collect the nodes of transactions still running: (transaction id, kind, id). */
const PENDING = 'change_log_pending';
/** Taken while the collector is installed, so that servers opening the database at once take turns. */
const INSTALL_LOCK = 7_340_003;
/** A transaction that sets this to 'off' (SET LOCAL) is not collected: a bulk load's, logged as everything. */
const COLLECT_SETTING = 'graph.collect_changes';
const TRIGGER = 'change_log_collect';

/** The statements that collect one row's nodes (`row` is NEW or OLD), from the tables of change-touches.ts. */
function collectRow(table: string, row: 'NEW' | 'OLD'): string[] {
  const values = TOUCHES[table]?.map((v) => `(${v.replaceAll('$', row)})`);
  const direct = values
    ? [
        `INSERT INTO ${PENDING} (txid, kind, id)
      SELECT txid_current(), v.kind, v.id FROM (VALUES ${values.join(', ')}) AS v (kind, id)
      WHERE v.id IS NOT NULL;`,
      ]
    : [];
  const lookups = (TOUCHES_BY_LOOKUP[table] ?? []).map(
    (select) =>
      `INSERT INTO ${PENDING} (txid, kind, id) ${select
        .replaceAll('main.', '')
        .replace(/^SELECT /, 'SELECT txid_current(), ')
        .replaceAll('$', row)};`,
  );
  return [...direct, ...lookups];
}

/** The statements logging the keys an update of `table` logs only on a condition (UPDATE_KEYS). */
function updateKeys(table: string): string {
  const keys = UPDATE_KEYS[table] ?? [];
  if (!keys.length) return '';
  const inserts = keys.map(
    ({ key, when }) => `INSERT INTO ${PENDING} (txid, kind, id) SELECT txid_current(), ${key} WHERE ${when};`,
  );
  return `
    IF TG_OP = 'UPDATE' THEN
      ${inserts.join('\n      ')}
    END IF;`;
}

/** The statements logging lost indexed text, for a table that feeds the search index. */
function searchTextGone(table: string): string {
  const lost = searchTextLost(table);
  if (!lost) return '';
  const log = `INSERT INTO ${PENDING} (txid, kind, id) SELECT txid_current(), ${SEARCH_TEXT_GONE}`;
  return `
    IF TG_OP = 'DELETE' THEN
      ${log};
    ELSIF TG_OP = 'UPDATE' THEN
      ${log} WHERE ${lost};
    END IF;`;
}

/**
 * The collector: an UNLOGGED table of pending nodes and, on every table of change-touches.ts, an AFTER row
 * trigger that appends the nodes a row change touches, tagged with its transaction. The rows are the
 * transaction's own until it commits, and go with it when it rolls back; `flush` moves them into the log.
 * PostgreSQL fires these for the writes its other triggers make too (the counters of 0005), as SQLite does.
 */
function collectorSql(columnsOf: Map<string, string[]>): string {
  const statements = [
    `CREATE UNLOGGED TABLE IF NOT EXISTS ${PENDING} (txid bigint NOT NULL, kind text COLLATE "C" NOT NULL, id bigint)`,
    `CREATE INDEX IF NOT EXISTS ${PENDING}_txid ON ${PENDING} (txid)`,
    // publicationDayNumber of change-touches.ts, for the triggers.
    `CREATE OR REPLACE FUNCTION ${PUBLICATION_DAY_FUNCTION}(published text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN published ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN replace(substr(published, 1, 10), '-', '')::bigint END
  $$`,
  ];
  for (const table of touchedTables()) {
    statements.push(
      `CREATE OR REPLACE FUNCTION ${TRIGGER}_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP <> 'INSERT' THEN
      ${collectRow(table, 'OLD').join('\n      ')}
    END IF;
    IF TG_OP <> 'DELETE' THEN
      ${collectRow(table, 'NEW').join('\n      ')}
    END IF;${searchTextGone(table)}${updateKeys(table)}
    RETURN NULL;
  END $$`,
      `CREATE OR REPLACE TRIGGER ${TRIGGER} AFTER INSERT OR ${updateEvent(table, columnsOf.get(table) ?? [])} OR DELETE ON ${table}
  FOR EACH ROW WHEN (current_setting('${COLLECT_SETTING}', true) IS DISTINCT FROM 'off')
  EXECUTE FUNCTION ${TRIGGER}_${table}()`,
    );
  }
  return statements.join(';\n');
}

/** Installs the collector unless this very version of it is there; several servers may open at once. */
async function installCollector(pool: pg.Pool): Promise<void> {
  const columns = await pool.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ANY($1) ORDER BY table_name, ordinal_position`,
    [touchedTables()],
  );
  const columnsOf = new Map<string, string[]>();
  for (const { table_name, column_name } of columns.rows) {
    columnsOf.set(table_name, [...(columnsOf.get(table_name) ?? []), column_name]);
  }
  const sql = collectorSql(columnsOf);
  const marker = `collector ${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`;
  const installed = `SELECT obj_description(to_regclass('${PENDING}'), 'pg_class') AS marker`;
  if ((await pool.query(installed)).rows[0]?.marker === marker) return;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [INSTALL_LOCK]);
      // Another server may have installed it while this one waited.
      if ((await client.query(installed)).rows[0]?.marker !== marker) {
        await client.query(sql);
        await client.query(`COMMENT ON TABLE ${PENDING} IS '${marker}'`);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  } finally {
    client.release();
  }
}

/**
 * This transaction's pending rows, and any a transaction left when it committed without a flush (a write
 * from outside the store: every transaction older than the oldest one running has ended), go.
 */
const TAKE_PENDING = `DELETE FROM ${PENDING}
  WHERE txid = txid_current_if_assigned() OR txid < txid_snapshot_xmin(txid_current_snapshot())`;

/**
 * Seq order must be commit order with no gaps, which readers rely on: the next seq is the latest plus one,
 * under a lock on the log held to commit. (The store's write lock already serialises writers; this lock
 * keeps the log exact for a writer that does not take it.)
 */
const LOCK_LOG = 'LOCK TABLE change_log IN SHARE ROW EXCLUSIVE MODE';
const NEXT_SEQ = '(SELECT COALESCE(MAX(seq), 0) + 1 FROM change_log)';

const APPEND = `${LOCK_LOG};
  WITH taken AS (${TAKE_PENDING} RETURNING kind, id),
  nodes AS (SELECT DISTINCT kind, id FROM taken WHERE id IS NOT NULL)
  INSERT INTO change_log (seq, keys)
  SELECT ${NEXT_SEQ},
         CASE WHEN COUNT(*) > ${MAX_LOGGED_NODES} THEN NULL
              ELSE json_agg(json_build_array(kind, id) ORDER BY kind, id)::text END
  FROM nodes HAVING COUNT(*) > 0
  RETURNING seq`;

const APPEND_EVERYTHING = `${LOCK_LOG};
  WITH taken AS (${TAKE_PENDING})
  INSERT INTO change_log (seq, keys) VALUES (${NEXT_SEQ}, NULL)
  RETURNING seq`;

/** The rows of a simple query of several statements: those of its last. */
function lastRows(result: pg.QueryResult | pg.QueryResult[]): Record<string, unknown>[] {
  return (Array.isArray(result) ? result.at(-1) : result)?.rows ?? [];
}

/** PostgreSQL's change log (see change-log.ts for SQLite's) and the graph version read from it. */
export interface PostgresChangeLog {
  /**
   * Inside the outermost write transaction, on its client, just before it commits: logs what it touched
   * (everything, during a bulk load). Answers the row's seq, or null when the transaction touched no node.
   */
  flush(client: pg.ClientBase): Promise<number | null>;
  /**
   * Optional, right after BEGIN: during a bulk load, turns this transaction's collecting off, which saves
   * the triggers' writes (its flush logs everything either way).
   */
  begin(client: pg.ClientBase): Promise<void>;
  /** Runs a bulk load; each transaction flushed while it runs is logged as "everything changed". */
  bulk<T>(work: () => Promise<T>): Promise<T>;
  /** The latest logged write: where a new reader starts. */
  latest(): Promise<number>;
  /**
   * The nodes touched by writes logged after `seq`. `everything` when a write was too big to list, or
   * when rows after `seq` were pruned (the reader fell too far behind).
   */
  since(seq: number): Promise<ChangesSince>;
  /** Changes whenever a logged write commits, through any connection of any server: the latest seq. */
  current(): Promise<string>;
  /** A cursor over what committed writes touch, from now on (as version.ts's). */
  watch(): Promise<ChangeCursor>;
}

/**
 * The change log on PostgreSQL. It has no per-connection triggers, so the collector is permanent (installed
 * here, idempotently) and every writer's transactions are collected; each server's own flushes turn them
 * into log rows. The graph version is the latest seq: one read of the log's primary key, which every
 * server sees move when any of them commits a write.
 */
export async function createPostgresChangeLog(pool: pg.Pool): Promise<PostgresChangeLog> {
  await installCollector(pool);
  let bulk = 0;

  const latest = async () =>
    Number((await pool.query('SELECT COALESCE(MAX(seq), 0) AS seq FROM change_log')).rows[0]?.seq ?? 0);

  async function since(seq: number): Promise<ChangesSince> {
    const rows = (
      await pool.query(
        `SELECT seq, keys FROM change_log WHERE seq > $1 ORDER BY seq LIMIT ${MAX_READ_ROWS + 1}`,
        [seq],
      )
    ).rows.map((row: { seq: unknown; keys: string | null }) => ({ seq: Number(row.seq), keys: row.keys }));
    return changesOfRows(seq, rows, latest, async (entityIds) => {
      const found = await pool.query('SELECT id, kind FROM entities WHERE id = ANY($1::bigint[])', [
        entityIds,
      ]);
      return new Map(found.rows.map((r: { id: unknown; kind: string }) => [Number(r.id), r.kind]));
    });
  }

  return {
    async flush(client) {
      const appended = lastRows(await client.query(bulk ? APPEND_EVERYTHING : APPEND));
      const seq = appended[0] === undefined ? null : Number(appended[0].seq);
      if (seq !== null && seq % 100 === 0) {
        await client.query('DELETE FROM change_log WHERE seq <= $1', [seq - KEPT_ROWS]);
      }
      return seq;
    },
    async begin(client) {
      if (bulk) await client.query(`SELECT set_config('${COLLECT_SETTING}', 'off', true)`);
    },
    async bulk<T>(work: () => Promise<T>): Promise<T> {
      bulk++;
      try {
        return await work();
      } finally {
        bulk--;
      }
    },
    latest,
    since,
    current: async () => String(await latest()),
    /**
     * Each poll reads the latest seq (one indexed read) and, only when it moved, the log rows after the
     * last ones this cursor read. A poll with `readLog` false (a cache holding nothing) moves past the
     * writes without reading what they touched: answers cached later were made after them. A log that moved
     * back (the database was replaced) answers everything.
     */
    async watch() {
      let seen = await latest();
      let seq = seen;
      let lost = false;
      const poll = async (readLog = true): Promise<ChangePoll> => {
        const now = await latest();
        if (now < seq) {
          seq = now;
          lost = true;
        }
        if (now === seen && !lost) return { version: String(now), changes: null };
        seen = now;
        if (!readLog) {
          seq = now;
          lost = false;
          return { version: String(now), changes: null };
        }
        let changes: ChangesSince = lost ? { seq: now, everything: true } : await since(seq);
        lost = false;
        // The log moved, so rows after `seq` were committed: none read means they are gone.
        if (!changes.everything && !changes.nodes.length) changes = { seq: now, everything: true };
        seq = changes.seq;
        seen = Math.max(seen, seq);
        return { version: String(seen), changes };
      };
      return poll;
    },
  };
}
