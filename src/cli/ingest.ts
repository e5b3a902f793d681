import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { listArticleFiles, readArticleFile } from '../ingest/article-files.ts';
import { extractResolved, ingestArticleConcurrently } from '../ingest/ingest-article.ts';
import type { FactKind, WriteSummary } from '../store/graph-writer.ts';
import { openStore } from '../store/index.ts';
import { ProgressBar } from './progress-bar.ts';

const USAGE = 'usage: npm run ingest -- <files or folders…> [--url U --published-at YYYY-MM-DD --source S]';

interface Outcome {
  file: string;
  summary?: WriteSummary;
  error?: string;
}

/**
 * Ingests article files (headline, blank line, body), each in its own transaction, so one bad file does
 * not stop the others. Prints one line per article and the totals; exits 1 when any file failed.
 */
export async function ingestCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { url: { type: 'string' }, 'published-at': { type: 'string' }, source: { type: 'string' } },
  });
  if (positionals.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const files = listArticleFiles(positionals);
  const overrides = { url: values.url, publishedAt: values['published-at'], source: values.source };
  if (files.length > 1 && Object.values(overrides).some(Boolean)) {
    console.error(
      '--url, --published-at and --source describe one article: use a .meta.json file per article',
    );
    return 2;
  }
  const config = loadConfig();
  const store = openStore(config.databasePath, config.migrationsDir);
  const progress = new ProgressBar(files.length, process.stderr);
  const outcomes: Outcome[] = [];
  try {
    for (const file of files) {
      let outcome: Outcome;
      try {
        const raw = readArticleFile(file, overrides);
        // Extract first, then one short write, retried while a server or another run holds the lock.
        const summary = await ingestArticleConcurrently(store, raw, {
          extract: extractResolved,
          busyRetryMs: config.writeBusyRetryMs,
        });
        outcome = { file, summary };
      } catch (error) {
        outcome = { file, error: error instanceof Error ? error.message : String(error) };
      }
      outcomes.push(outcome);
      // Each article's line goes out once its transaction has committed, so an interrupted run still
      // tells which articles landed.
      progress.clear();
      printOutcome(outcome);
      progress.tick(file);
    }
  } finally {
    progress.done();
    store.db.close();
  }
  printTotals(outcomes);
  return outcomes.some((o) => o.error) ? 1 : 0;
}

const KINDS: FactKind[] = ['entities', 'mentions', 'offices', 'events', 'claims', 'relations'];

function describe(counts: Record<FactKind, number>): string {
  return KINDS.map((kind) => `${kind} ${counts[kind]}`).join(', ');
}

function printOutcome({ file, summary, error }: Outcome): void {
  if (error || !summary) {
    console.log(`FAILED ${file}: ${error}`);
  } else if (summary.unchanged) {
    console.log(`unchanged ${file}: already in the graph as "${summary.slug}"`);
  } else {
    console.log(`ingested ${file} as "${summary.slug}"`);
    console.log(`  added:  ${describe(summary.added)}`);
    console.log(`  merged: ${describe(summary.merged)}`);
    for (const warning of summary.warnings) console.log(`  note: ${warning}`);
  }
}

function printTotals(outcomes: Outcome[]): void {
  const added = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<FactKind, number>;
  const merged = { ...added };
  let ingested = 0;
  let unchanged = 0;
  for (const { summary, error } of outcomes) {
    if (error || !summary) continue;
    if (summary.unchanged) {
      unchanged++;
      continue;
    }
    ingested++;
    for (const kind of KINDS) {
      added[kind] += summary.added[kind];
      merged[kind] += summary.merged[kind];
    }
  }
  const failed = outcomes.length - ingested - unchanged;
  console.log(`\n${ingested} ingested, ${unchanged} unchanged, ${failed} failed`);
  console.log(`total added:  ${describe(added)}`);
  console.log(`total merged: ${describe(merged)}`);
}
