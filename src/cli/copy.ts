import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { COPY_REFUSALS, CopyError } from '../store/copy-errors.ts';
import { type CopySummary, copyGraph } from '../store/copy-graph.ts';
import { shownDatabase } from '../store/engine-url.ts';
import { ProgressBar } from './progress-bar.ts';

export const COPY_USAGE =
  'usage: npm run copy -- --from <file or postgres://…> --to <new file or postgres://… of an empty database> [--batch-size N]';

/** Exit code of a run stopped by Ctrl-C or a stop signal, as a shell reports SIGINT. */
const INTERRUPTED = 130;

/**
 * `copy --from A --to B`: copies a whole graph between SQLite files and PostgreSQL databases, in either
 * direction, with a progress bar on stderr and a summary on stdout. Refusals (bad arguments, no source,
 * one database named twice, a destination that holds a graph) print one coded line and exit 2; Ctrl-C
 * stops the copy and leaves no destination behind (exit 130); any other failure exits 1.
 */
export async function copyCommand(args: string[]): Promise<number> {
  let from: string;
  let to: string;
  let batchSize: number;
  try {
    ({ from, to, batchSize } = parseCommandLine(args));
  } catch (error) {
    console.error(`COPY_USAGE: ${(error as Error).message} (npm run copy -- --help)`);
    return 2;
  }
  const config = loadConfig();
  const interrupt = new AbortController();
  const stop = () => interrupt.abort();
  // Kept for the whole copy, not once: a signal can come twice (a terminal's Ctrl-C reaches tsx and
  // this process, and tsx passes it on), and a second one without a listener would end the process
  // before it has emptied the destination.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let progress: ProgressBar | undefined;
  try {
    const summary = await copyGraph(from, to, config.migrationsDir, {
      batchSize,
      signal: interrupt.signal,
      onStart: (batches) => {
        progress = new ProgressBar(batches, process.stderr);
      },
      onBatch: (table) => progress?.tick(table),
    });
    progress?.done();
    console.log(summaryText(summary, from, to));
    return 0;
  } catch (error) {
    progress?.clear();
    if (!(error instanceof CopyError)) throw error;
    console.error(error.message);
    if (error.code === 'COPY_INTERRUPTED') return INTERRUPTED;
    return COPY_REFUSALS.has(error.code) ? 2 : 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function parseCommandLine(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      'batch-size': { type: 'string', default: '500' },
    },
  });
  if (!values.from || !values.to) throw new Error('both --from and --to are needed');
  const batchSize = Number(values['batch-size']);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new Error(`--batch-size must be a whole number above 0, got "${values['batch-size']}"`);
  }
  return { from: values.from, to: values.to, batchSize };
}

function summaryText(summary: CopySummary, from: string, to: string): string {
  const rows = summary.tables.reduce((sum, table) => sum + table.rows, 0);
  const width = Math.max(...[...summary.tables, ...summary.derived].map((table) => table.name.length));
  const line = ({ name, rows }: { name: string; rows: number }) => `  ${name.padEnd(width)} ${rows}`;
  const seconds = Math.max(summary.seconds, 0.001);
  return [
    `copied ${shownDatabase(from)} to ${shownDatabase(to)}: ${rows} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s)`,
    ...summary.tables.map(line),
    'rebuilt by the destination:',
    ...summary.derived.map(line),
  ].join('\n');
}
