import { createArticleFactStore } from './article-facts.ts';
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
import { createNeighborStore } from './neighbors.ts';
import { createOfficeStore } from './offices.ts';
import { createPathStore } from './paths.ts';
import { createPruneStore } from './prune.ts';
import { createRelationStore } from './relations.ts';
import { createSearchStore } from './search.ts';
import type { Sql } from './sql.ts';
import { createStatsStore } from './stats.ts';
import type { Store } from './store.ts';
import { createTableRowStore } from './table-rows.ts';
import { createTimelineStore } from './timeline.ts';

/** The parts of a store that are SQL over one connection, the same on every engine. */
export type StoreParts = Omit<
  Store,
  | 'file'
  | 'setBusyTimeout'
  | 'graphVersion'
  | 'watchChanges'
  | 'seeCommittedWrites'
  | 'bulkLoad'
  | 'transaction'
  | 'close'
  | 'isOpen'
>;

export function createStoreParts(sql: Sql): StoreParts {
  return {
    articles: createArticleStore(sql),
    entities: createEntityStore(sql),
    mentions: createMentionStore(sql),
    evidence: createEvidenceStore(sql),
    offices: createOfficeStore(sql),
    events: createEventStore(sql),
    claims: createClaimStore(sql),
    relations: createRelationStore(sql),
    stats: createStatsStore(sql),
    prune: createPruneStore(sql),
    merges: createMergeStore(sql),
    search: createSearchStore(sql),
    neighbors: createNeighborStore(sql),
    timeline: createTimelineStore(sql),
    paths: createPathStore(sql),
    exports: createExportStore(sql),
    articleUrls: createArticleUrlStore(sql),
    fingerprints: createFingerprintStore(sql),
    articlePages: createArticlePageStore(sql),
    feeds: createFeedStore(sql),
    articleFacts: createArticleFactStore(sql),
    tables: createTableRowStore(sql),
  };
}
