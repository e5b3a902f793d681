import type { Db } from './open.ts';
import type { FeedRow } from './rows.ts';

/** What each watched feed last answered and which items it gave. */
export interface FeedStore {
  /** The feed's state, created empty on first sight. */
  get(url: string): FeedRow;
  /** A successful poll: new validators (kept when the server sent none) and the next time to look. */
  recordCheck(url: string, etag: string | null, lastModified: string | null, now: string, next: string): void;
  /** A failed poll: one more failure and the next time to look. */
  recordFailure(url: string, now: string, next: string): void;
  hasItem(feedUrl: string, key: string): boolean;
  /** Notes an item of a feed as seen, with the article it gave if any; one already seen is left as it was. */
  addItem(feedUrl: string, key: string, articleId: number | null): void;
}

/** All SQL for feeds and feed_items: what each watched feed last answered and which items it gave. */
export function createFeedStore(db: Db): FeedStore {
  const select = db.prepare('SELECT * FROM feeds WHERE url = ?');
  const ensure = db.prepare('INSERT INTO feeds (url) VALUES (?) ON CONFLICT (url) DO NOTHING');
  const checked = db.prepare(`
    UPDATE feeds SET etag = COALESCE(@etag, etag), last_modified = COALESCE(@lastModified, last_modified),
      checked_at = @now, failures = 0, next_check_at = @next WHERE url = @url`);
  const failed = db.prepare(`
    UPDATE feeds SET checked_at = @now, failures = failures + 1, next_check_at = @next WHERE url = @url`);
  const itemSeen = db.prepare('SELECT 1 FROM feed_items WHERE feed_url = ? AND item_key = ?').pluck();
  const addItem = db.prepare(`
    INSERT INTO feed_items (feed_url, item_key, article_id) VALUES (?, ?, ?)
    ON CONFLICT (feed_url, item_key) DO NOTHING`);
  return {
    get: (url) => {
      ensure.run(url);
      return select.get(url) as FeedRow;
    },
    recordCheck: (url, etag, lastModified, now, next) => {
      checked.run({ url, etag, lastModified, now, next });
    },
    recordFailure: (url, now, next) => {
      failed.run({ url, now, next });
    },
    hasItem: (feedUrl, key) => itemSeen.get(feedUrl, key) !== undefined,
    addItem: (feedUrl, key, articleId) => {
      addItem.run(feedUrl, key, articleId);
    },
  };
}
