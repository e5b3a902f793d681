import type { FeedRow } from './rows.ts';
import type { Sql } from './sql.ts';

/** What each watched feed last answered and which items it gave. */
export interface FeedStore {
  /** The feed's state, created empty on first sight. */
  get(url: string): Promise<FeedRow>;
  /** A successful poll: new validators (kept when the server sent none) and the next time to look. */
  recordCheck(
    url: string,
    etag: string | null,
    lastModified: string | null,
    now: string,
    next: string,
  ): Promise<void>;
  /** A failed poll: one more failure and the next time to look. */
  recordFailure(url: string, now: string, next: string): Promise<void>;
  hasItem(feedUrl: string, key: string): Promise<boolean>;
  /** Notes an item of a feed as seen, with the article it gave if any; one already seen is left as it was. */
  addItem(feedUrl: string, key: string, articleId: number | null): Promise<void>;
}

/** All SQL for feeds and feed_items: what each watched feed last answered and which items it gave. */
export function createFeedStore(db: Sql): FeedStore {
  const select = db.prepare('SELECT * FROM feeds WHERE url = ?');
  const ensure = db.prepare('INSERT INTO feeds (url) VALUES (?) ON CONFLICT (url) DO NOTHING');
  const checked = db.prepare(`
    UPDATE feeds SET etag = COALESCE(@etag, etag), last_modified = COALESCE(@lastModified, last_modified),
      checked_at = @now, failures = 0, next_check_at = @next WHERE url = @url`);
  const failed = db.prepare(`
    UPDATE feeds SET checked_at = @now, failures = failures + 1, next_check_at = @next WHERE url = @url`);
  const itemSeen = db.pluck('SELECT 1 FROM feed_items WHERE feed_url = ? AND item_key = ?');
  const addItem = db.prepare(`
    INSERT INTO feed_items (feed_url, item_key, article_id) VALUES (?, ?, ?)
    ON CONFLICT (feed_url, item_key) DO NOTHING`);
  return {
    get: async (url) => {
      await ensure.run(url);
      return (await select.get(url)) as FeedRow;
    },
    recordCheck: async (url, etag, lastModified, now, next) => {
      await checked.run({ url, etag, lastModified, now, next });
    },
    recordFailure: async (url, now, next) => {
      await failed.run({ url, now, next });
    },
    hasItem: async (feedUrl, key) => (await itemSeen.get(feedUrl, key)) !== undefined,
    addItem: async (feedUrl, key, articleId) => {
      await addItem.run(feedUrl, key, articleId);
    },
  };
}
