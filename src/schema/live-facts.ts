import type { ArticleFact, FactRole } from '../store/article-facts.ts';
import type { Store } from '../store/index.ts';
import type { ArticleRow } from '../store/rows.ts';
import { articleFeed } from './live-articles.ts';
import { type LiveStream, liveStream } from './live-stream.ts';

/** Facts kept for one subscriber that is not reading; older ones are dropped, so a slow client costs little. */
const QUEUE_LIMIT = 200;

/** A new fact as one subscriber sees it: how it names the entity subscribed to. */
export interface LiveFact extends Omit<ArticleFact, 'named'> {
  roles: FactRole[];
}

/**
 * New claims, events and relations as the articles stating them are committed (by any process: this
 * feed rides on the article feed), pushed to the subscribers of each entity they name. The facts of an
 * article are read once, whoever listens, and only while someone does.
 */
class FactFeed {
  private readonly byEntity = new Map<number, Set<LiveStream<LiveFact>>>();
  private stopListening: (() => void) | undefined;
  /** Articles are announced one after another, in the order they came. */
  private announcing: Promise<void> = Promise.resolve();

  constructor(private readonly store: Store) {}

  /** Streams whose feed has read where the graph stands: from then on every new article reaches them. */
  private readonly started = new WeakSet<LiveStream<LiveFact>>();

  /** How many subscriptions are open and started: a client that went is no longer counted. */
  get listening(): number {
    let count = 0;
    for (const streams of this.byEntity.values()) {
      for (const stream of streams) if (this.started.has(stream)) count++;
    }
    return count;
  }

  subscribe(entityId: number, signal?: AbortSignal): AsyncIterableIterator<LiveFact> {
    const stream: LiveStream<LiveFact> = liveStream<LiveFact>(
      QUEUE_LIMIT,
      () => this.remove(entityId, stream),
      signal,
    );
    if (signal?.aborted) return stream.iterator;
    let streams = this.byEntity.get(entityId);
    if (!streams) {
      streams = new Set();
      this.byEntity.set(entityId, streams);
    }
    streams.add(stream);
    this.stopListening ??= articleFeed(this.store).listen((row) => {
      // A failed read of one article's facts must not stop the feed: the next article is announced.
      this.announcing = this.announcing.then(() => this.announce(row)).catch(() => {});
    });
    articleFeed(this.store)
      .ready()
      .then(
        () => this.started.add(stream),
        () => {},
      );
    return stream.iterator;
  }

  private remove(entityId: number, stream: LiveStream<LiveFact>): void {
    const streams = this.byEntity.get(entityId);
    streams?.delete(stream);
    if (streams?.size === 0) this.byEntity.delete(entityId);
    if (this.byEntity.size === 0) {
      this.stopListening?.();
      this.stopListening = undefined;
    }
  }

  private async announce(article: ArticleRow): Promise<void> {
    if (!article.facts_extracted) return;
    for (const { named, ...fact } of await this.store.articleFacts.ofArticle(article.id)) {
      for (const [entityId, roles] of named) {
        const streams = this.byEntity.get(entityId);
        if (!streams) continue;
        for (const stream of streams) stream.push({ ...fact, roles });
      }
    }
  }
}

const feeds = new WeakMap<Store, FactFeed>();

/** The shared feed of new facts for a store. */
export function factFeed(store: Store): FactFeed {
  let feed = feeds.get(store);
  if (!feed) {
    feed = new FactFeed(store);
    feeds.set(store, feed);
  }
  return feed;
}
