import {
  oldSearchText,
  PUBLICATION_DAY_FUNCTION,
  publicationDayNumber,
  searchTextLost,
  TOUCHES,
  TOUCHES_BY_LOOKUP,
  touchedTables,
  UPDATE_KEYS,
  updateEvent,
} from './change-touches.ts';
import type { Db } from './open.ts';
import { textWordForms } from './search-words.ts';

/** A graph node a write touched, as the change log names it. */
export type ChangedKind = 'article' | 'claim' | 'event' | 'entity';

export interface ChangedNode {
  kind: ChangedKind;
  id: number;
  /** `row`: the node's own row changed. `links`: only its lists or figures did (see change-touches.ts). */
  scope: 'row' | 'links';
  /** For entities: the entity's kind when it still exists (PERSON, COUNTRY, ...); null once deleted. */
  entityKind?: string | null;
}

/** What committed since a reader last looked: the nodes touched, or `everything` when that is unknown. */
export type ChangesSince =
  | {
      seq: number;
      everything: false;
      nodes: ChangedNode[];
      /** A write took text away from the search index (a deleted or renamed node): any hit may be gone. */
      searchTextGone?: true;
      /** The words of the text writes took away from the search index, as src/store/search-words.ts folds them. */
      searchWordsGone?: string[];
      /**
       * Publication days (20151116) of articles whose evidence changed, as logged: those of articles the
       * writes deleted or moved are known only here.
       */
      days?: number[];
      /** A change (an entity's kind) that may move any range's stats. */
      statsChanged?: true;
    }
  | { seq: number; everything: true };

/** A write touching more nodes than this (a bulk load) is logged as "everything changed". */
export const MAX_LOGGED_NODES = 5_000;
/** Rows read at once; a reader further behind drops its whole cache rather than read more. */
export const MAX_READ_ROWS = 1_000;
/** Rows kept; a reader further behind than this drops its whole cache. */
export const KEPT_ROWS = 10_000;

function triggerBody(table: string, row: 'NEW' | 'OLD'): string {
  const values = TOUCHES[table]?.map((v) => `(${v.replaceAll('$', row)})`);
  const lookups = (TOUCHES_BY_LOOKUP[table] ?? []).map(
    (select) => `INSERT INTO temp.changed_nodes (kind, id) ${select.replaceAll('$', row)};`,
  );
  return [
    ...(values ? [`INSERT INTO temp.changed_nodes (kind, id) VALUES ${values.join(', ')};`] : []),
    ...lookups,
  ].join('\n');
}

/** The statement handing lost indexed text to the connection's change log, which logs its words. */
function searchTextGone(table: string, event: 'insert' | 'delete' | 'update'): string {
  const lost = searchTextLost(table);
  if (!lost || event === 'insert') return '';
  const where = event === 'update' ? ` WHERE ${lost}` : '';
  return `SELECT ${TEXT_GONE_FUNCTION}(${oldSearchText(table)})${where};`;
}

/** The statements logging the keys an update of `table` logs only on a condition (UPDATE_KEYS). */
function updateKeys(table: string): string[] {
  return (UPDATE_KEYS[table] ?? []).map(
    ({ key, when }) => `INSERT INTO temp.changed_nodes (kind, id) SELECT ${key} WHERE ${when};`,
  );
}

/** The connection's function the triggers call with indexed text a row change takes away. */
const TEXT_GONE_FUNCTION = 'change_log_text_gone';
/** Past this many word forms, lost text is logged as `'search', 0` rather than word by word. */
const MAX_GONE_WORDS = 2_000;

/**
 * SQLite-specific: per-connection (TEMP) triggers collect the nodes a transaction touches into a temporary
 * table; `flush` turns them, de-duplicated, into one change_log row just before the transaction commits.
 * Every process that writes through the store installs them, so the CLI's writes are logged like the
 * server's. The triggers append plainly: a conflict clause in a trigger would yield to the firing
 * statement's own (an upsert's), and NULL ids (an unset foreign key) are dropped at the flush.
 */
function triggerNames(): string[] {
  return touchedTables().flatMap((table) =>
    ['insert', 'delete', 'update'].map((event) => `change_log_${table}_${event}`),
  );
}

function installCollector(db: Db): void {
  const statements = ['CREATE TEMP TABLE IF NOT EXISTS changed_nodes (kind TEXT NOT NULL, id INTEGER)'];
  const columnsOf = db.prepare('SELECT name FROM main.pragma_table_info(?)').pluck();
  for (const table of touchedTables()) {
    const update = updateEvent(table, columnsOf.all(table) as string[]);
    for (const [name, event, rows] of [
      ['insert', 'INSERT', ['NEW']],
      ['delete', 'DELETE', ['OLD']],
      ['update', update, ['OLD', 'NEW']],
    ] as const) {
      const body = [
        ...rows.map((row) => triggerBody(table, row)),
        searchTextGone(table, name),
        ...(name === 'update' ? updateKeys(table) : []),
      ].join('\n');
      statements.push(
        `CREATE TEMP TRIGGER IF NOT EXISTS change_log_${table}_${name} AFTER ${event} ON main.${table} BEGIN\n${body}\nEND`,
      );
    }
  }
  db.exec(statements.join(';\n'));
}

/** The log of what committed writes touched, for caches that drop only that. */
export interface ChangeLog {
  /**
   * Inside the outermost write transaction, just before it commits: logs what it touched. Answers the
   * row's seq, or null when the transaction touched no node.
   */
  flush(): number | null;
  /** Runs a bulk load (outside any transaction); each of its transactions is logged as "everything changed". */
  bulk<T>(work: () => Promise<T>): Promise<T>;
  /** The latest logged write: where a new reader starts. */
  latest(): number;
  /**
   * The nodes touched by writes logged after `seq`. `everything` when a write was too big to list, or
   * when rows after `seq` were pruned (the reader fell too far behind).
   */
  since(seq: number): Promise<ChangesSince>;
}

export function createChangeLog(db: Db): ChangeLog {
  // The words of indexed text this transaction took away, handed over by the triggers.
  let goneWords = new Set<string>();
  db.function(TEXT_GONE_FUNCTION, (text) => {
    if (goneWords.size <= MAX_GONE_WORDS) textWordForms(String(text ?? ''), goneWords);
    return null;
  });
  db.function(PUBLICATION_DAY_FUNCTION, { deterministic: true }, publicationDayNumber);
  installCollector(db);
  // The words join the nodes as `word:<form>` keys (or one `search` key when there are too many).
  const append = db.prepare(
    `INSERT INTO change_log (keys)
     SELECT CASE WHEN COUNT(*) > ${MAX_LOGGED_NODES} THEN NULL ELSE json_group_array(json_array(kind, id)) END
     FROM (SELECT kind, id FROM temp.changed_nodes WHERE id IS NOT NULL
           UNION SELECT value, 0 FROM json_each(?)) HAVING COUNT(*) > 0`,
  );
  const goneKeys = (): string => {
    const words = goneWords;
    goneWords = new Set();
    if (!words.size) return '[]';
    if (words.size > MAX_GONE_WORDS) return JSON.stringify([SEARCH_KIND]);
    return JSON.stringify([...words].map((word) => `${WORD_KIND}:${word}`));
  };
  const clear = db.prepare('DELETE FROM temp.changed_nodes');
  const appendEverything = db.prepare('INSERT INTO change_log (keys) VALUES (NULL)');
  let bulk = 0;
  const prune = db.prepare('DELETE FROM change_log WHERE seq <= ?');
  const latest = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM change_log').pluck();
  const since = db.prepare(
    `SELECT seq, keys FROM change_log WHERE seq > ? ORDER BY seq LIMIT ${MAX_READ_ROWS + 1}`,
  );
  const entityKinds = db.prepare(
    'SELECT id, kind FROM entities WHERE id IN (SELECT value FROM json_each(?))',
  );
  return {
    flush() {
      if (bulk) {
        clear.run();
        goneWords = new Set();
        return Number(appendEverything.run().lastInsertRowid);
      }
      const appended = append.run(goneKeys());
      clear.run();
      if (!appended.changes) return null;
      const seq = Number(appended.lastInsertRowid);
      if (seq % 100 === 0) prune.run(seq - KEPT_ROWS);
      return seq;
    },
    // Collecting a bulk load's rows one by one costs about a quarter of generation time: the triggers go.
    async bulk<T>(work: () => Promise<T>): Promise<T> {
      if (db.inTransaction) throw new Error('a bulk load starts outside any transaction');
      if (!bulk)
        db.exec(
          triggerNames()
            .map((name) => `DROP TRIGGER IF EXISTS temp.${name}`)
            .join(';\n'),
        );
      bulk++;
      try {
        return await work();
      } finally {
        bulk--;
        if (!bulk) installCollector(db);
      }
    },
    latest: () => latest.get() as number,
    since: (seq) =>
      changesOfRows(
        seq,
        since.all(seq) as LogRow[],
        () => latest.get() as number,
        async (entityIds) =>
          new Map(
            (entityKinds.all(JSON.stringify(entityIds)) as { id: number; kind: string }[]).map((r) => [
              r.id,
              r.kind,
            ]),
          ),
      ),
  };
}

/** One change_log row as read: its seq and its keys (null: everything). */
export interface LogRow {
  seq: number;
  keys: string | null;
}

/**
 * What the log rows after `seq` (read in seq order, at most MAX_READ_ROWS + 1 of them) say changed:
 * `everything` when there were more than a reader takes, a row is missing (pruned) or a row logged
 * everything. Entities' kinds come from `kindsOf`, which reads the entities still there.
 */
export async function changesOfRows(
  seq: number,
  rows: readonly LogRow[],
  latest: () => number | Promise<number>,
  kindsOf: (entityIds: number[]) => Promise<Map<number, string>>,
): Promise<ChangesSince> {
  if (rows.length > MAX_READ_ROWS) return { seq: await latest(), everything: true };
  const last = rows.at(-1)?.seq ?? seq;
  if (rows.length && rows[0]?.seq !== seq + 1) return { seq: last, everything: true };
  const pairs = new Map<string, ChangedNode>();
  let searchTextGone = false;
  const wordsGone = new Set<string>();
  const days = new Set<number>();
  let statsChanged = false;
  for (const row of rows) {
    if (row.keys === null) return { seq: last, everything: true };
    for (const [logged, id] of JSON.parse(row.keys) as [string, number][]) {
      if (logged === SEARCH_KIND) {
        searchTextGone = true;
        continue;
      }
      if (logged === DAY_KIND) {
        days.add(Number(id));
        continue;
      }
      if (logged === STATS_KIND) {
        statsChanged = true;
        continue;
      }
      if (logged.startsWith(`${WORD_KIND}:`)) {
        wordsGone.add(logged.slice(WORD_KIND.length + 1));
        continue;
      }
      // Rows logged before scopes were recorded name only the kind: read as the wider, row scope.
      const [kind, scope] = logged.split(':') as [ChangedKind, string | undefined];
      const key = `${kind}:${id}`;
      if (scope === 'links' && pairs.has(key)) continue;
      pairs.set(key, { kind, id: Number(id), scope: scope === 'links' ? 'links' : 'row' });
    }
  }
  const nodes = [...pairs.values()];
  const entityIds = nodes.filter((n) => n.kind === 'entity').map((n) => n.id);
  if (entityIds.length) {
    const kinds = await kindsOf(entityIds);
    for (const node of nodes) if (node.kind === 'entity') node.entityKind = kinds.get(node.id) ?? null;
  }
  return {
    seq: last,
    everything: false,
    nodes,
    ...(searchTextGone ? { searchTextGone: true as const } : {}),
    ...(wordsGone.size ? { searchWordsGone: [...wordsGone] } : {}),
    ...(days.size ? { days: [...days] } : {}),
    ...(statsChanged ? { statsChanged: true as const } : {}),
  };
}

/** The kind of the key a loss of indexed text logs without its words (see SEARCH_TEXT_GONE). */
const SEARCH_KIND = 'search';
/** The kind of the keys naming a publication day (20151116) whose articles' evidence a write changed. */
const DAY_KIND = 'day';
/** The kind of the key of a change any range's stats may show (see STATS_CHANGED). */
const STATS_KIND = 'stats';
/** The kind of the keys naming the words lost text held (`word:<form>`). */
const WORD_KIND = 'word';
