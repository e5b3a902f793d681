import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeText } from '../ingest/decode-text.ts';
import { parseFeed } from '../ingest/parse-feed.ts';
import { isWebAddress, readDocumentUrl } from '../ingest/read-source.ts';
import { type IngestRun, ingestOne } from './ingest.ts';

/** What one look at a feed found. */
export interface FeedPoll {
  feed: string;
  notModified: boolean;
  added: number;
  known: number;
  failed: number;
}

/** How the store knows a feed: its address, or its file's absolute path (the same from any folder). */
export const feedKey = (feed: string) => (isWebAddress(feed) ? feed : `file:${resolve(feed)}`);

/**
 * Reads a feed (an address, with the validators it answered last time, or a file) and ingests each item
 * it has not given before; an item whose page failed is tried again next time. Records the feed's new
 * validators. Prints one line for the feed. Throws when the feed itself cannot be read or parsed.
 */
export async function ingestFeed(run: IngestRun, feed: string): Promise<FeedPoll> {
  const key = feedKey(feed);
  const state = await run.store.transaction((tx) => tx.feeds.get(key));
  const poll: FeedPoll = { feed, notModified: false, added: 0, known: 0, failed: 0 };
  let text: string;
  let base: string | undefined;
  let validators = { etag: null as string | null, lastModified: null as string | null };
  if (isWebAddress(feed)) {
    const fetched = await run.fetcher.fetch(feed, {
      etag: state.etag,
      lastModified: state.last_modified,
      accept:
        'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5',
    });
    validators = { etag: fetched.etag, lastModified: fetched.lastModified };
    if (fetched.notModified) {
      poll.notModified = true;
      report(run, poll);
      return poll;
    }
    text = decodeText(fetched.bytes, { contentType: fetched.contentType, html: false }).text;
    base = fetched.url;
  } else {
    text = decodeText(readFileSync(feed)).text;
  }
  for (const item of parseFeed(text, base)) {
    if (await run.store.feeds.hasItem(key, item.key)) {
      poll.known++;
      continue;
    }
    const outcome = await ingestOne(run, item.link, () =>
      readDocumentUrl(run.fetcher, item.link, item.publishedAt ? { publishedAt: item.publishedAt } : {}),
    );
    if (outcome.error || !outcome.report) {
      poll.failed++;
      continue;
    }
    const articleId = outcome.report.summary.articleId;
    await run.store.transaction((tx) => tx.feeds.addItem(key, item.key, articleId));
    poll.added++;
  }
  const now = new Date().toISOString();
  await run.store.transaction((tx) =>
    tx.feeds.recordCheck(key, validators.etag, validators.lastModified, now, now),
  );
  report(run, poll);
  return poll;
}

function report(run: IngestRun, poll: FeedPoll): void {
  const line = poll.notModified
    ? `feed ${poll.feed}: not modified`
    : `feed ${poll.feed}: ${poll.added} new, ${poll.known} already seen, ${poll.failed} failed`;
  if (run.json) run.out.write(`${JSON.stringify({ feed: poll })}\n`);
  else run.out.write(`${line}\n`);
}
