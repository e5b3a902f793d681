import type { ArticleFactStore } from './article-facts.ts';
import type { ArticlePageStore } from './article-pages.ts';
import type { ArticleUrlStore } from './article-urls.ts';
import type { ArticleStore } from './articles.ts';
import type { ClaimStore } from './claims.ts';
import type { EntityStore } from './entities.ts';
import type { EventStore } from './events.ts';
import type { EvidenceStore } from './evidence.ts';
import type { ExportStore } from './exports.ts';
import type { FeedStore } from './feeds.ts';
import type { FingerprintStore } from './fingerprints.ts';
import type { MentionStore } from './mentions.ts';
import type { MergeStore } from './merge-entities.ts';
import type { NeighborStore } from './neighbors.ts';
import type { OfficeStore } from './offices.ts';
import type { PathStore } from './paths.ts';
import type { PruneStore } from './prune.ts';
import type { RelationStore } from './relations.ts';
import type { SearchStore } from './search.ts';
import type { StatsStore } from './stats.ts';
import type { FileGuard } from './storage-errors.ts';
import type { TableRowStore } from './table-rows.ts';
import type { TimelineStore } from './timeline.ts';
import type { ChangeCursor } from './version.ts';

/**
 * The one owner of the graph's storage: every read and write of the graph goes through it. This is the
 * contract a database engine implements (index.ts for SQLite, postgres-store.ts for PostgreSQL);
 * nothing outside the store layer sees the engine's connection.
 */
export interface Store {
  readonly articles: ArticleStore;
  readonly entities: EntityStore;
  readonly mentions: MentionStore;
  readonly evidence: EvidenceStore;
  readonly offices: OfficeStore;
  readonly events: EventStore;
  readonly claims: ClaimStore;
  readonly relations: RelationStore;
  readonly stats: StatsStore;
  readonly prune: PruneStore;
  readonly merges: MergeStore;
  readonly search: SearchStore;
  readonly neighbors: NeighborStore;
  readonly timeline: TimelineStore;
  readonly paths: PathStore;
  readonly exports: ExportStore;
  /** Whether the database file is still the one opened (see storage-errors.ts). */
  readonly file: FileGuard;
  readonly articleUrls: ArticleUrlStore;
  readonly fingerprints: FingerprintStore;
  readonly articlePages: ArticlePageStore;
  readonly feeds: FeedStore;
  /** The claims, events and relations one article states, for live feeds. */
  readonly articleFacts: ArticleFactStore;
  /** The graph's tables row by row, for copying a graph into another database (copy-graph.ts). */
  readonly tables: TableRowStore;
  /** How long a write waits (blocking) for another connection's write lock before it fails as busy. */
  setBusyTimeout(ms: number): void;
  /** Changes with every committed write, from this process or another; see version.ts. */
  graphVersion(): Promise<string>;
  /** A cursor over what committed writes touched (see version.ts), for caches that drop only that. */
  watchChanges(): Promise<ChangeCursor>;
  /**
   * Makes this store's next reads see every write committed so far, through any connection (another
   * thread's, process's or server's). Only an engine that may read from a lagging replica has work to do.
   */
  seeCommittedWrites(): Promise<void>;
  /** Runs a bulk load whose transactions are logged as changing everything (see change-log.ts). */
  bulkLoad<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one transaction and answers what it answers; a throw rolls everything back. `work`
   * reads and writes through the store it is given (`tx`), never through this one: on an engine with
   * one connection, this store's next transaction waits for the open one to end. A transaction begun
   * on `tx` is nested: a throw inside it rolls back only its own part.
   * A committed outermost transaction logs the nodes it touched and moves the graph version on.
   * Refused (StorageError) when the database file was deleted or replaced since it was opened.
   * A transaction starts as a writer: it waits for another connection's write lock up to the busy
   * timeout, then fails as busy before doing anything.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /** Closes the connection; the store answers nothing after it. */
  close(): Promise<void>;
  /** Whether the connection is still open (false once `close` ran). */
  isOpen(): boolean;
}
