import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { listArticleFiles } from '../ingest/article-files.ts';
import { PoliteFetcher } from '../ingest/fetch-page.ts';
import { type IngestOptions, type IngestReport, ingestDocument } from '../ingest/ingest-document.ts';
import { isWebAddress, type ReadDocument, readDocumentFile, readDocumentUrl } from '../ingest/read-source.ts';
import { retryWhileBusy } from '../store/busy.ts';
import type { FactKind } from '../store/graph-writer.ts';
import { openStore, type Store } from '../store/index.ts';
import { ingestFeed } from './ingest-feed.ts';
import { ProgressBar } from './progress-bar.ts';
import { StdoutGuard } from './stdout-guard.ts';

export const INGEST_USAGE =
  'usage: npm run ingest -- <files, folders or http(s) URLs…> [--feed URL|FILE…] [--json] [--keep-html]\n' +
  '       [--other-languages store|refuse] [--url U --published-at YYYY-MM-DD --source S]';

/** One article's result, as printed and as `--json` emits it. */
export interface Outcome {
  input: string;
  report?: IngestReport;
  encoding?: string;
  error?: string;
}

export interface IngestRun {
  store: Store;
  fetcher: PoliteFetcher;
  options: IngestOptions;
  out: StdoutGuard;
  json: boolean;
  outcomes: Outcome[];
  /** How long an article's write retries while a server or another run holds the write lock. */
  busyRetryMs: number;
}

/**
 * Ingests article files (plain text or saved pages), web addresses and feeds, each article in its own
 * transaction, so one bad input does not stop the others. Prints one block per article (or one JSON line
 * with `--json`) once it has committed, then the totals; exits 1 when any input failed. A closed stdout
 * (piped into `head`) drops the rest of the output but not the work.
 */
export async function ingestCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${INGEST_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const feeds = values.feed ?? [];
  if (positionals.length === 0 && feeds.length === 0) {
    console.error(INGEST_USAGE);
    return 2;
  }
  const addresses = positionals.filter(isWebAddress);
  const files = listArticleFiles(positionals.filter((p) => !isWebAddress(p)));
  const overrides = { url: values.url, publishedAt: values['published-at'], source: values.source };
  if (files.length + addresses.length + feeds.length > 1 && Object.values(overrides).some(Boolean)) {
    console.error(
      '--url, --published-at and --source describe one article: use a .meta.json file per article',
    );
    return 2;
  }
  const config = loadConfig();
  const otherLanguages = values['other-languages'] ?? config.otherLanguages;
  if (otherLanguages !== 'store' && otherLanguages !== 'refuse') {
    console.error('--other-languages takes "store" or "refuse"');
    return 2;
  }
  const store = await openStore(config.databasePath, config.migrationsDir);
  const run: IngestRun = {
    store,
    fetcher: new PoliteFetcher(),
    options: { keepHtml: values['keep-html'] ?? false, otherLanguages },
    out: new StdoutGuard(process.stdout),
    json: values.json ?? false,
    outcomes: [],
    busyRetryMs: config.writeBusyRetryMs,
  };
  const progress = new ProgressBar(files.length + addresses.length, process.stderr);
  try {
    for (const input of [...files, ...addresses]) {
      const read = () =>
        isWebAddress(input)
          ? readDocumentUrl(run.fetcher, input, overrides)
          : Promise.resolve(readDocumentFile(input, overrides));
      progress.clear();
      await ingestOne(run, input, read);
      progress.tick(input);
    }
    for (const feed of feeds) {
      try {
        await ingestFeed(run, feed);
      } catch (error) {
        const outcome = { input: feed, error: `feed: ${(error as Error).message}` };
        run.outcomes.push(outcome);
        run.out.write(run.json ? `${JSON.stringify(jsonOf(outcome))}\n` : textOf(outcome));
      }
    }
  } finally {
    progress.done();
    await store.close();
  }
  printTotals(run);
  return run.outcomes.some((o) => o.error) ? 1 : 0;
}

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'published-at': { type: 'string' },
      source: { type: 'string' },
      feed: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      'keep-html': { type: 'boolean' },
      'other-languages': { type: 'string' },
    },
  });
}

/** Reads and ingests one input, records and prints its outcome; never throws for a bad input. */
export async function ingestOne(run: IngestRun, input: string, read: () => Promise<ReadDocument>) {
  let outcome: Outcome;
  try {
    const { document, encoding } = await read();
    // A write refused because another process holds the lock rolled back whole: it is tried again.
    const report = await retryWhileBusy(
      () => ingestDocument(run.store, document, run.options),
      run.busyRetryMs,
    );
    outcome = { input, encoding, report };
  } catch (error) {
    outcome = { input, error: error instanceof Error ? error.message : String(error) };
  }
  run.outcomes.push(outcome);
  // Each article's lines go out once its transaction has committed, so an interrupted run still tells
  // which articles landed.
  if (run.json) run.out.write(`${JSON.stringify(jsonOf(outcome))}\n`);
  else run.out.write(textOf(outcome));
  return outcome;
}

const KINDS: FactKind[] = ['entities', 'mentions', 'offices', 'events', 'claims', 'relations'];

function describe(counts: Record<FactKind, number>): string {
  return KINDS.map((kind) => `${kind} ${counts[kind]}`).join(', ');
}

function jsonOf({ input, report, encoding, error }: Outcome) {
  if (error || !report) return { input, status: 'failed', error };
  const { summary } = report;
  const status = report.duplicateOf
    ? 'duplicate'
    : summary.unchanged
      ? 'unchanged'
      : report.replaced
        ? 'updated'
        : 'ingested';
  return {
    input,
    status,
    slug: summary.slug,
    language: report.language,
    factsExtracted: report.factsExtracted,
    encoding,
    duplicateOf: report.duplicateOf ?? null,
    added: summary.added,
    merged: summary.merged,
    entitiesAdded: summary.names.addedEntities,
    entitiesMerged: summary.names.mergedEntities,
    eventsMerged: summary.names.mergedEvents,
    warnings: summary.warnings,
  };
}

const list = (names: string[]) => [...new Set(names)].join(', ');

function textOf({ input, report, error }: Outcome): string {
  if (error || !report) return `FAILED ${input}: ${error}\n`;
  const { summary } = report;
  if (report.duplicateOf) {
    const { slug, matchedBy, similarity } = report.duplicateOf;
    const how =
      matchedBy === 'near-duplicate' ? `a near-duplicate, ${Math.round(similarity * 100)}% alike` : matchedBy;
    return `duplicate ${input}: the same story as "${slug}" (${how}); its address was added to that article\n`;
  }
  if (summary.unchanged) return `unchanged ${input}: already in the graph as "${summary.slug}"\n`;
  const lines = [
    report.replaced
      ? `updated ${input} as "${summary.slug}": this version's facts replace the previous ones (language ${report.language})`
      : `ingested ${input} as "${summary.slug}" (language ${report.language})`,
    `  added:  ${describe(summary.added)}`,
    `  merged: ${describe(summary.merged)}`,
  ];
  if (!report.factsExtracted)
    lines.push(
      `  note: facts not extracted: extraction covers English, this article is "${report.language}"`,
    );
  if (summary.names.addedEntities.length) lines.push(`  new entities: ${list(summary.names.addedEntities)}`);
  if (summary.names.mergedEntities.length)
    lines.push(`  merged into known entities: ${list(summary.names.mergedEntities)}`);
  if (summary.names.mergedEvents.length)
    lines.push(`  merged into known events: ${list(summary.names.mergedEvents)}`);
  for (const warning of summary.warnings) lines.push(`  note: ${warning}`);
  return `${lines.join('\n')}\n`;
}

function printTotals({ outcomes, out, json }: IngestRun): void {
  const added = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<FactKind, number>;
  const merged = { ...added };
  let ingested = 0;
  let unchanged = 0;
  let duplicates = 0;
  let notExtracted = 0;
  for (const { report, error } of outcomes) {
    if (error || !report) continue;
    if (report.duplicateOf) duplicates++;
    else if (report.summary.unchanged) unchanged++;
    else {
      ingested++;
      if (!report.factsExtracted) notExtracted++;
      for (const kind of KINDS) {
        added[kind] += report.summary.added[kind];
        merged[kind] += report.summary.merged[kind];
      }
    }
  }
  const failed = outcomes.length - ingested - unchanged - duplicates;
  if (json) {
    out.write(
      `${JSON.stringify({ totals: { ingested, unchanged, duplicates, failed, notExtracted, added, merged } })}\n`,
    );
    return;
  }
  out.write(`\n${ingested} ingested, ${unchanged} unchanged, ${failed} failed\n`);
  out.write(`${duplicates} duplicates, ${notExtracted} stored without facts (not English)\n`);
  out.write(`total added:  ${describe(added)}\n`);
  out.write(`total merged: ${describe(merged)}\n`);
}
