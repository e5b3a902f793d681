import { createArticlePageStore } from './article-pages.ts';
import { createArticleUrlStore } from './article-urls.ts';
import { createArticleStore } from './articles.ts';
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
import { createTimelineStore } from './timeline.ts';
import { createVersionStore } from './version.ts';

/** The one owner of SQL: every read and write of the graph goes through it. */
export function createStore(db: Db) {
  const version = createVersionStore(db);
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
    articleUrls: createArticleUrlStore(db),
    fingerprints: createFingerprintStore(db),
    articlePages: createArticlePageStore(db),
    feeds: createFeedStore(db),
    /** Runs `work` in one transaction (nested calls join it); a throw rolls everything back. */
    /** Changes with every committed write, from this process or another; see version.ts. */
    graphVersion: version.current,
    /**
     * Runs `work` in one transaction (nested calls join it); a throw rolls everything back.
     * A committed outermost transaction moves the graph version on.
     */
    transaction<T>(work: () => T): T {
      const outermost = !db.inTransaction;
      const result = db.transaction(work)();
      if (outermost) version.bump();
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
    migrate(db, migrationsDir);
  } catch (error) {
    db.close();
    throw error;
  }
  return createStore(db);
}
