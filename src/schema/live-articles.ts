import type { Store } from '../store/index.ts';
import type { ArticleRow } from '../store/rows.ts';

/** How often the graph version is looked at while anyone is subscribed: one PRAGMA read per tick. */
const POLL_MS = 200;
/** Articles kept for one subscriber that is not reading; older ones are dropped, so a slow client costs little. */
const QUEUE_LIMIT = 100;
const BATCH = 100;

interface Subscriber {
  queue: ArticleRow[];
  wake: (() => void) | undefined;
}

/**
 * New articles as they are committed, by this process or any other writing the same file (the CLI):
 * while at least one client listens, the store's version is polled, and a change reads the articles
 * written since the last one seen. One poller per store, shared by every subscriber.
 */
class ArticleFeed {
  private readonly subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | undefined;
  private version = '';
  private lastId = 0;

  constructor(private readonly store: Store) {}

  subscribe(signal?: AbortSignal): AsyncIterableIterator<ArticleRow> {
    const subscriber: Subscriber = { queue: [], wake: undefined };
    this.add(subscriber);
    const finish = () => {
      this.remove(subscriber);
      subscriber.wake?.();
    };
    signal?.addEventListener('abort', finish, { once: true });
    let done = false;
    const iterator: AsyncIterableIterator<ArticleRow> = {
      next: async () => {
        while (!done && subscriber.queue.length === 0 && !signal?.aborted) {
          await new Promise<void>((resolve) => {
            subscriber.wake = resolve;
          });
          subscriber.wake = undefined;
        }
        const value = subscriber.queue.shift();
        if (done || signal?.aborted || value === undefined) {
          finish();
          return { done: true, value: undefined };
        }
        return { done: false, value };
      },
      return: async () => {
        done = true;
        finish();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private add(subscriber: Subscriber): void {
    if (this.subscribers.size === 0) {
      this.version = this.store.graphVersion();
      this.lastId = this.store.articles.newestId();
      this.timer = setInterval(() => this.poll(), POLL_MS);
      this.timer.unref();
    }
    this.subscribers.add(subscriber);
  }

  private remove(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private poll(): void {
    if (!this.store.db.open) return;
    const version = this.store.graphVersion();
    if (version === this.version) return;
    this.version = version;
    for (let rows = this.store.articles.since(this.lastId, BATCH); rows.length; ) {
      for (const row of rows) {
        this.lastId = row.id;
        for (const subscriber of this.subscribers) {
          subscriber.queue.push(row);
          if (subscriber.queue.length > QUEUE_LIMIT) subscriber.queue.shift();
          subscriber.wake?.();
        }
      }
      rows = rows.length === BATCH ? this.store.articles.since(this.lastId, BATCH) : [];
    }
  }
}

const feeds = new WeakMap<Store, ArticleFeed>();

/** The shared feed of new articles for a store. */
export function articleFeed(store: Store): ArticleFeed {
  let feed = feeds.get(store);
  if (!feed) {
    feed = new ArticleFeed(store);
    feeds.set(store, feed);
  }
  return feed;
}
