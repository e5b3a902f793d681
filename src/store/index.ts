import { createArticleFactStore } from './article-facts.ts';
import { createArticlePageStore } from './article-pages.ts';
import { createArticleUrlStore } from './article-urls.ts';
import { createArticleStore } from './articles.ts';
import { createChangeLog } from './change-log.ts';
import { createClaimStore } from './claims.ts';
import { createEntityStore } from './entities.ts';
import { createEventStore } from './events.ts';
import { createEvidenceStore } from './evidence.ts';
import { createExportStore } from './exports.ts';
import { createFeedStore } from './feeds.ts';
import { createFingerprintStore } from './fingerprints.ts';
import { createMentionStore } from './mentions.ts';
import { createMergeStore } from './merge-entities.ts';
import { migrate } from './migrate.ts';
import { createNeighborStore } from './neighbors.ts';
import { createOfficeStore } from './offices.ts';
import { type Db, type OpenOptions, openDatabase } from './open.ts';
import { createPathStore } from './paths.ts';
import { createPruneStore } from './prune.ts';
import { createRelationStore } from './relations.ts';
import { createSearchStore } from './search.ts';
import { createStatsStore } from './stats.ts';
import { createFileGuard } from './storage-errors.ts';
import { createTimelineStore } from './timeline.ts';
import { createVersionStore } from './version.ts';

/** The one owner of SQL: every read and write of the graph goes through it. */
export function createStore(db: Db) {
  const file = createFileGuard(db);
  const changeLog = createChangeLog(db);
  const version = createVersionStore(db, changeLog);
  return {
    db,
    articles: createArticleStore(db),
    entities: createEntityStore(db),
    mentions: createMentionStore(db),
    evidence: createEvidenceStore(db),
    offices: createOfficeStore(db),
    events: createEventStore(db),
    claims: createClaimStore(db),
    relations: createRelationStore(db),
    stats: createStatsStore(db),
    prune: createPruneStore(db),
    merges: createMergeStore(db),
    search: createSearchStore(db),
    neighbors: createNeighborStore(db),
    timeline: createTimelineStore(db),
    paths: createPathStore(db),
    exports: createExportStore(db),
    /** Whether the database file is still the one opened (see storage-errors.ts). */
    file,
    /** How long a write waits (blocking) for another connection's write lock before SQLITE_BUSY. */
    setBusyTimeout(ms: number): void {
      db.pragma(`busy_timeout = ${Math.max(0, Math.round(ms))}`);
    },
    articleUrls: createArticleUrlStore(db),
    fingerprints: createFingerprintStore(db),
    articlePages: createArticlePageStore(db),
    feeds: createFeedStore(db),
    /** The claims, events and relations one article states, for live feeds. */
    articleFacts: createArticleFactStore(db),
    /** Changes with every committed write, from this process or another; see version.ts. */
    graphVersion: version.current,
    /** A cursor over what committed writes touched (see version.ts), for caches that drop only that. */
    watchChanges: version.watch,
    /** Runs a bulk load whose transactions are logged as changing everything (see change-log.ts). */
    bulkLoad: changeLog.bulk,
    /**
     * Runs `work` in one transaction (nested calls join it); a throw rolls everything back.
     * A committed outermost transaction logs the nodes it touched and moves the graph version on.
     * Refused (StorageError) when the database file was deleted or replaced since it was opened.
     * It starts as a writer (BEGIN IMMEDIATE): a transaction that began as a reader and then wrote would
     * fail at once when another process had written meanwhile, whatever busy_timeout says; a writer
     * waits for the lock up to busy_timeout, then fails with SQLITE_BUSY before doing anything.
     */
    transaction<T>(work: () => T): T {
      const outermost = !db.inTransaction;
      if (outermost) file.assertWritable();
      let logged: number | null = null;
      const result = db
        .transaction(() => {
          const done = work();
          if (outermost) logged = changeLog.flush();
          return done;
        })
        .immediate();
      if (outermost) version.bump(logged);
      return result;
    },
  };
}

export type Store = ReturnType<typeof createStore>;

/**
 * Opens the database file, applies pending migrations and returns the store.
 * Throws DatabaseOpenError or MigrationError with a one-line reason.
 */
export function openStore(path: string, migrationsDir: string, options: OpenOptions = {}): Store {
  const db = openDatabase(path, options);
  try {
    migrate(db, migrationsDir, options.onMigration);
  } catch (error) {
    db.close();
    throw error;
  }
  return createStore(db);
}
