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
import { rememberSqliteDatabase } from './sqlite-handle.ts';
import { createStatsStore } from './stats.ts';
import { createFileGuard } from './storage-errors.ts';
import type { Store } from './store.ts';
import { createTimelineStore } from './timeline.ts';
import { createVersionStore } from './version.ts';

export type { Store } from './store.ts';

/**
 * The SQLite store: the one owner of SQL, every read and write of the graph goes through it. The
 * connection stays inside the store layer (tests and benchmarks reach it through sqlite-handle.ts).
 */
export function createStore(db: Db): Store {
  const file = createFileGuard(db);
  const changeLog = createChangeLog(db);
  const version = createVersionStore(db, changeLog);
  const store: Store = {
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
    file,
    // SQLITE_BUSY comes once the timeout has passed.
    setBusyTimeout(ms: number): void {
      db.pragma(`busy_timeout = ${Math.max(0, Math.round(ms))}`);
    },
    articleUrls: createArticleUrlStore(db),
    fingerprints: createFingerprintStore(db),
    articlePages: createArticlePageStore(db),
    feeds: createFeedStore(db),
    articleFacts: createArticleFactStore(db),
    graphVersion: version.current,
    watchChanges: version.watch,
    bulkLoad: changeLog.bulk,
    // It starts as a writer (BEGIN IMMEDIATE): a transaction that began as a reader and then wrote would
    // fail at once when another process had written meanwhile, whatever busy_timeout says; a writer
    // waits for the lock up to busy_timeout, then fails with SQLITE_BUSY before doing anything.
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
    close() {
      db.close();
    },
    isOpen: () => db.open,
  };
  rememberSqliteDatabase(store, db);
  return store;
}

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
