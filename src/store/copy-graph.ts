import { type CopyDestination, openCopyDestination } from './copy-destination.ts';
import { CopyError, reasonOf } from './copy-errors.ts';
import { assertDistinct, openCopySource } from './copy-source.ts';
import { shownDatabase } from './engine-url.ts';
import { COPIED_TABLES, type CopiedTable, DERIVED_TABLES, uncoveredByPlan } from './graph-copy.ts';
import type { Store } from './store.ts';

export interface CopyOptions {
  /** Rows read and written at once (fewer for tables whose rows cost more, see graph-copy.ts). */
  batchSize: number;
  /** Aborting stops the copy before its next batch; nothing is left at the destination. */
  signal?: AbortSignal;
  /** Once the source is counted: how many batches the copy will write. */
  onStart?: (batches: number) => void;
  /** After each batch written: its table and rows. */
  onBatch?: (table: string, rows: number) => void;
}

export interface CopySummary {
  /** Base rows copied, per table in copy order. */
  tables: { name: string; rows: number }[];
  /** Rows the destination's triggers built from them, per derived table. */
  derived: { name: string; rows: number }[];
  seconds: number;
}

/**
 * Copies the graph at `from` (a SQLite file or a postgres:// URL) to `to`, between engines or within
 * one. The base rows go in batches, ids as they are, and the destination's triggers rebuild everything
 * derived from them (see graph-copy.ts). The source is read inside one of its write transactions, so
 * the copy is of one moment: writers of the source wait until it ends. Before the destination is made
 * final, every table's rows and the node totals are counted on both sides and must agree.
 *
 * Refuses (CopyError, nothing written) when the two are one database, the source has no graph, the
 * destination holds one, or a table or column is missing from the plan. A failed or interrupted copy
 * leaves no destination that looks complete.
 */
export async function copyGraph(
  from: string,
  to: string,
  migrationsDir: string,
  options: CopyOptions,
): Promise<CopySummary> {
  const started = performance.now();
  assertDistinct(from, to);
  const source = await openCopySource(from, migrationsDir);
  try {
    await assertCovered(source, from);
    const destination = await openCopyDestination(to, migrationsDir, holdsGraphRows);
    let copied: CopySummary['tables'];
    let derived: CopySummary['derived'];
    try {
      await assertCovered(destination.store, to);
      ({ copied, derived } = await source.transaction((tx) => copyInto(tx, destination, options)));
      await destination.complete();
    } catch (error) {
      throw asCopyError(error, await destination.discard(), options.signal);
    }
    return { tables: copied, derived, seconds: (performance.now() - started) / 1000 };
  } finally {
    await source.close();
  }
}

/** Refuses a database with a table or column the plan does not name, which the copy would leave behind. */
async function assertCovered(store: Store, url: string): Promise<void> {
  const problems = uncoveredByPlan(await store.tables.schema());
  if (problems.length) {
    throw new CopyError(
      'COPY_SCHEMA_UNCOVERED',
      `${shownDatabase(url)} has ${problems.join(', ')} that src/store/graph-copy.ts does not account for`,
    );
  }
}

async function holdsGraphRows(store: Store): Promise<boolean> {
  for (const table of COPIED_TABLES) if ((await store.tables.count(table.name)) > 0) return true;
  return false;
}

/** Runs one piece of writing against the destination, in a transaction of its own. */
type Write = <T>(work: (tx: Store) => Promise<T>) => Promise<T>;

/**
 * The copy itself, from a source held still by `from`'s transaction. Each batch commits on its own:
 * one transaction for the whole copy was over twice as slow on PostgreSQL, and slower the larger the
 * graph, since every counter row a trigger updates again keeps all its versions until the end.
 */
async function copyInto(from: Store, { store }: CopyDestination, options: CopyOptions) {
  const counts = new Map<string, number>();
  const links = new Map<string, number>();
  for (const table of COPIED_TABLES) {
    counts.set(table.name, await from.tables.count(table.name));
    links.set(table.name, await from.tables.countForwardLinks(table));
  }
  const batches = COPIED_TABLES.reduce(
    (sum, table) =>
      sum +
      Math.ceil((counts.get(table.name) ?? 0) / rowsPerBatch(table, options)) +
      Math.ceil((links.get(table.name) ?? 0) / options.batchSize),
    0,
  );
  options.onStart?.(batches);
  const write: Write = (work) => store.transaction(work);
  // A bulk load: the change log records each of its transactions as changing everything.
  return store.bulkLoad(async () => {
    for (const table of COPIED_TABLES) {
      await copyRows(from, write, table, options);
      if (table.selfReferences) await copyLinks(from, write, table, options);
    }
    await write((tx) => tx.tables.moveIdsPast(COPIED_TABLES));
    const derived = await write((tx) => assertSameCounts(from, tx, counts));
    return { copied: COPIED_TABLES.map(({ name }) => ({ name, rows: counts.get(name) ?? 0 })), derived };
  });
}

function rowsPerBatch(table: CopiedTable, options: CopyOptions): number {
  return Math.min(options.batchSize, table.maxBatchRows ?? options.batchSize);
}

/**
 * Between batches: lets the event loop run, then stops if asked. SQLite's statements settle at once, so
 * without the pause a copy between files would never give a signal handler its turn.
 */
async function stopIfAsked(signal: AbortSignal | undefined): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw new CopyError('COPY_INTERRUPTED', 'interrupted');
}

async function copyRows(from: Store, write: Write, table: CopiedTable, options: CopyOptions) {
  const limit = rowsPerBatch(table, options);
  for (let after: unknown[] | null = null; ; ) {
    await stopIfAsked(options.signal);
    const batch = await from.tables.rowsAfter(table, after, limit);
    if (!batch.rows.length) return;
    await write((tx) => tx.tables.insert(table, batch.rows));
    options.onBatch?.(table.name, batch.rows.length);
    if (batch.rows.length < limit) return;
    after = batch.last;
  }
}

/** The self-references to later rows, which the rows were written without. */
async function copyLinks(from: Store, write: Write, table: CopiedTable, options: CopyOptions) {
  for (let afterId = 0; ; ) {
    await stopIfAsked(options.signal);
    const batch = await from.tables.linksAfter(table, afterId, options.batchSize);
    if (!batch.rows.length) return;
    await write((tx) => tx.tables.link(table, batch.rows));
    options.onBatch?.(table.name, batch.rows.length);
    if (batch.rows.length < options.batchSize) return;
    afterId = batch.last?.[0] as number;
  }
}

/**
 * Every copied and derived table holds as many rows on both sides, and the node totals agree; answers
 * the derived tables' counts. A trigger the copy order did not feed, or a row lost, shows here.
 */
async function assertSameCounts(from: Store, to: Store, copied: ReadonlyMap<string, number>) {
  const differences: string[] = [];
  for (const [name, rows] of copied) {
    const there = await to.tables.count(name);
    if (there !== rows) differences.push(`${name} ${rows} → ${there}`);
  }
  const derived = [];
  for (const name of Object.keys(DERIVED_TABLES)) {
    const [rows, there] = [await from.tables.count(name), await to.tables.count(name)];
    if (there !== rows) differences.push(`${name} ${rows} → ${there}`);
    derived.push({ name, rows: there });
  }
  const [totals, totalsThere] = [await from.stats.nodeCounts(), await to.stats.nodeCounts()];
  if (JSON.stringify(totals) !== JSON.stringify(totalsThere)) {
    differences.push(`node totals ${JSON.stringify(totals)} → ${JSON.stringify(totalsThere)}`);
  }
  if (differences.length) {
    throw new CopyError('COPY_MISMATCH', `the copy differs from the source: ${differences.join(', ')}`);
  }
  return derived;
}

/** What a failed copy says: its reason, and that the destination was left without it. */
function asCopyError(error: unknown, left: string, signal: AbortSignal | undefined): CopyError {
  if (signal?.aborted) return new CopyError('COPY_INTERRUPTED', `copy interrupted: ${left}`);
  if (error instanceof CopyError) {
    return error.code === 'COPY_MISMATCH' ? new CopyError(error.code, `${error.reason}; ${left}`) : error;
  }
  return new CopyError('COPY_FAILED', `copy failed: ${reasonOf(error)}; ${left}`);
}
