import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { PoliteFetcher } from '../ingest/fetch-page.ts';
import { isWebAddress } from '../ingest/read-source.ts';
import { openStore } from '../store/index.ts';
import type { IngestRun } from './ingest.ts';
import { feedKey, ingestFeed } from './ingest-feed.ts';
import { StdoutGuard } from './stdout-guard.ts';

export const WATCH_USAGE =
  'usage: npm run watch -- <feed URLs or feed files…> [--interval SECONDS] [--polls N] [--json]';
const MAX_BACKOFF_MS = 60 * 60 * 1000;

/**
 * Polls feeds until stopped (SIGINT, SIGTERM) or for `--polls` rounds: each feed is asked when its next
 * check is due, with the validators it last answered; new items are ingested; a failing feed waits twice
 * as long each time, up to an hour. Feed state and the items seen live in the database, so a restart
 * neither re-ingests nor forgets a back-off. One line per feed and poll.
 */
export async function watchCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseWatchArgs>;
  try {
    parsed = parseWatchArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${WATCH_USAGE}`);
    return 2;
  }
  const { values, positionals: feeds } = parsed;
  const intervalMs = Number(values.interval ?? 300) * 1000;
  const polls = values.polls === undefined ? Number.POSITIVE_INFINITY : Number(values.polls);
  if (feeds.length === 0 || !(intervalMs > 0) || !(polls >= 1)) {
    console.error(WATCH_USAGE);
    return 2;
  }
  const missing = feeds.find((feed) => !isWebAddress(feed) && !isFile(feed));
  if (missing) {
    console.error(`${missing}: not an http(s) address nor a readable feed file\n${WATCH_USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const store = await openStore(config.databasePath, config.migrationsDir);
  const run: IngestRun = {
    store,
    fetcher: new PoliteFetcher(),
    options: { otherLanguages: config.otherLanguages },
    out: new StdoutGuard(process.stdout),
    json: values.json ?? false,
    outcomes: [],
    busyRetryMs: config.writeBusyRetryMs,
  };
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (let round = 0; round < polls && !stop.signal.aborted; round++) {
      for (const feed of feeds) {
        if (stop.signal.aborted) break;
        await pollWhenDue(run, feed, intervalMs);
      }
      run.outcomes.length = 0;
      if (round + 1 < polls)
        await sleep(await nextDueIn(run, feeds), undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
  }
  return 0;
}

function parseWatchArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { interval: { type: 'string' }, polls: { type: 'string' }, json: { type: 'boolean' } },
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

async function pollWhenDue(run: IngestRun, feed: string, intervalMs: number): Promise<void> {
  const key = feedKey(feed);
  const state = await run.store.transaction((tx) => tx.feeds.get(key));
  const now = Date.now();
  if (state.next_check_at && Date.parse(state.next_check_at) > now) return;
  try {
    await ingestFeed(run, feed);
    const next = new Date(Date.now() + intervalMs).toISOString();
    await run.store.transaction((tx) =>
      tx.feeds.recordCheck(key, null, null, new Date().toISOString(), next),
    );
  } catch (error) {
    const wait = Math.min(intervalMs * 2 ** (state.failures + 1), MAX_BACKOFF_MS);
    const next = new Date(Date.now() + wait).toISOString();
    await run.store.transaction((tx) => tx.feeds.recordFailure(key, new Date().toISOString(), next));
    run.out.write(
      `feed ${feed}: failed (${(error as Error).message}); trying again in ${Math.round(wait / 1000)} s\n`,
    );
  }
}

/** Milliseconds until the first feed is due again (at least one second). */
async function nextDueIn(run: IngestRun, feeds: string[]): Promise<number> {
  const due: number[] = [];
  for (const feed of feeds) {
    due.push(Date.parse((await run.store.feeds.get(feedKey(feed))).next_check_at ?? '') || Date.now());
  }
  return Math.max(1000, Math.min(...due) - Date.now());
}
