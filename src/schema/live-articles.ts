import type { Store } from '../store/index.ts';
import type { ArticleRow } from '../store/rows.ts';
import { liveStream } from './live-stream.ts';

/**
 * How often the graph version is looked at while anyone is subscribed: one PRAGMA read per tick (a few
 * microseconds), so a short interval costs nothing worth counting and bounds the latency to a subscriber.
 */
const POLL_MS = 50;
/** Articles kept for one subscriber that is not reading; older ones are dropped, so a slow client costs little. */
const QUEUE_LIMIT = 100;
const BATCH = 100;

type Listener = (row: ArticleRow) => void;

/**
 * New articles as they are committed, by this process or any other writing the same file (the CLI):
 * while at least one client listens, the store's version is polled, and a change reads the articles
 * written since the last one seen. One poller per store, shared by every subscriber and by the feeds
 * built on it (live-facts.ts).
 */
class ArticleFeed {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private version = '';
  private lastId = 0;
  private lastHash: string | undefined;
  /** Where polling starts: the newest article when the first listener came. */
  private started: Promise<void> = Promise.resolve();
  private polling = false;
  /** Open articleIngested subscriptions (the listeners that are clients). */
  subscriptions = 0;

  constructor(private readonly store: Store) {}

  /** How many listen (subscriptions and feeds built on this one); the version is polled only while any do. */
  get listening(): number {
    return this.listeners.size;
  }

  subscribe(signal?: AbortSignal): AsyncIterableIterator<ArticleRow> {
    let listener: Listener = () => {};
    const stream = liveStream<ArticleRow>(
      QUEUE_LIMIT,
      () => {
        if (this.listeners.has(listener)) this.subscriptions--;
        this.remove(listener);
      },
      signal,
    );
    listener = (row) => stream.push(row);
    if (!signal?.aborted) {
      this.subscriptions++;
      this.listen(listener);
    }
    return stream.iterator;
  }

  /** Resolves once the feed has read where the graph stands when its first listener came. */
  ready(): Promise<void> {
    return this.started;
  }

  /** Calls `listener` with each new article until the returned function is called. */
  listen(listener: Listener): () => void {
    if (this.listeners.size === 0) {
      this.started = this.markNewest();
      this.timer = setInterval(() => void this.pollSafely(), POLL_MS);
      this.timer.unref();
    }
    this.listeners.add(listener);
    return () => this.remove(listener);
  }

  private remove(listener: Listener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private async markNewest(): Promise<void> {
    this.version = await this.store.graphVersion();
    this.lastId = await this.store.articles.newestId();
    this.lastHash = (await this.store.articles.byIds([this.lastId]))[0]?.content_hash;
  }

  /**
   * A failed read (the file busy or gone for a moment) must not end the process: the next tick retries.
   * A tick that comes while the last poll still reads waits for the next.
   */
  private async pollSafely(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      await this.started;
      await this.poll();
    } catch {
      this.version = '';
    } finally {
      this.polling = false;
    }
  }

  private async poll(): Promise<void> {
    if (!this.store.isOpen()) return;
    const version = await this.store.graphVersion();
    if (version === this.version) return;
    this.version = version;
    // A new version of the newest article (or an article after it was deleted) takes its id again.
    const newest = (await this.store.articles.byIds([this.lastId]))[0];
    if (newest && newest.content_hash !== this.lastHash) this.announce(newest);
    for (let rows = await this.store.articles.since(this.lastId, BATCH); rows.length; ) {
      for (const row of rows) this.announce(row);
      rows = rows.length === BATCH ? await this.store.articles.since(this.lastId, BATCH) : [];
    }
  }

  private announce(row: ArticleRow): void {
    this.lastId = row.id;
    this.lastHash = row.content_hash;
    for (const listener of this.listeners) {
      try {
        listener(row);
      } catch {
        // One feed's failure to read what an article states must not keep it from the others.
      }
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
