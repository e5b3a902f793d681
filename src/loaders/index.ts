import DataLoader from 'dataloader';
import type { Store } from '../store/index.ts';
import type { KeyedList, PageArgs } from '../store/pages.ts';
import type { KeysetArgs, SortedKeyedList } from '../store/sorted-pages.ts';

type Batch<V> = (keys: readonly number[]) => Promise<V[]>;

/** When a request's batches run: at once and without limit unless the server gives the request a budget. */
export interface BatchPacing {
  /** Runs a batch's dispatch now or after a turn of the event loop (DataLoader's `batchScheduleFn`). */
  schedule?: (dispatch: () => void) => void;
  /** Throws when the request may run no more statements. */
  check(): void;
}

const UNPACED: BatchPacing = { check() {} };

function loaderOf<V>(batch: Batch<V>, pacing: BatchPacing): DataLoader<number, V> {
  // A batch refused by `check` rejects every load waiting on it, so no statement runs past the budget.
  return new DataLoader<number, V>(
    async (keys) => {
      pacing.check();
      return batch(keys);
    },
    pacing.schedule ? { batchScheduleFn: pacing.schedule } : {},
  );
}

/**
 * Loads of a list hanging off many parents, whole or cut to its first `limit` rows per parent: one
 * DataLoader per limit.
 */
function limitedLoaders<V>(
  batch: (keys: readonly number[], limit: number | null) => Promise<V[]>,
  pacing: BatchPacing,
) {
  const loaders = new Map<number | null, DataLoader<number, V>>();
  return {
    first(limit: number | null): DataLoader<number, V> {
      let loader = loaders.get(limit);
      if (!loader) {
        loader = loaderOf((keys) => batch(keys, limit), pacing);
        loaders.set(limit, loader);
      }
      return loader;
    },
  };
}

/**
 * Paged loads of a list that hangs off many parents: one DataLoader per distinct page arguments and
 * filters, so sibling fields asking for the same page share one statement.
 */
function pagedLoaders<Row, Filters extends Record<string, unknown>>(
  list: KeyedList<Row, Filters>,
  pacing: BatchPacing,
) {
  const pages = new Map<string, DataLoader<number, Row[]>>();
  const counts = new Map<string, DataLoader<number, number>>();
  return {
    page(args: PageArgs, filters?: Filters): DataLoader<number, Row[]> {
      const key = JSON.stringify([args, filters]);
      let loader = pages.get(key);
      if (!loader) {
        loader = loaderOf((keys) => list.pages(keys, args, filters), pacing);
        pages.set(key, loader);
      }
      return loader;
    },
    count(filters?: Filters): DataLoader<number, number> {
      const key = JSON.stringify(filters ?? null);
      let loader = counts.get(key);
      if (!loader) {
        loader = loaderOf((keys) => list.counts(keys, filters), pacing);
        counts.set(key, loader);
      }
      return loader;
    },
  };
}

/** Like `pagedLoaders`, for lists hanging off many parents in an order other than the id. */
function sortedPagedLoaders<Row, Filters extends Record<string, unknown>>(
  list: SortedKeyedList<Row, Filters>,
  pacing: BatchPacing,
) {
  const pages = new Map<string, DataLoader<number, Row[]>>();
  const counts = new Map<string, DataLoader<number, number>>();
  return {
    page(args: KeysetArgs, filters: Filters): DataLoader<number, Row[]> {
      const key = JSON.stringify([args, filters]);
      let loader = pages.get(key);
      if (!loader) {
        loader = loaderOf((keys) => list.pages(keys, args, filters), pacing);
        pages.set(key, loader);
      }
      return loader;
    },
    count(filters: Filters): DataLoader<number, number> {
      const key = JSON.stringify(filters);
      let loader = counts.get(key);
      if (!loader) {
        loader = loaderOf((keys) => list.counts(keys, filters), pacing);
        counts.set(key, loader);
      }
      return loader;
    },
  };
}

/** Resolves when the pacing lets the request's next read run: at once when unpaced. */
function turnOf(pacing: BatchPacing): Promise<void> | undefined {
  const { schedule } = pacing;
  return schedule ? new Promise<void>((resolve) => schedule(resolve)) : undefined;
}

/**
 * The store's top-level reads, each waiting for the request's turn of the event loop like a loader
 * batch does: fifty requests arriving together would otherwise run their first statements, a range's
 * stats or a path search among them, back to back in one turn.
 */
function pacedLookups<T extends object>(reads: T, pacing: BatchPacing): T {
  if (!pacing.schedule) return reads;
  const paced: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(reads)) {
    if (typeof value === 'function') {
      paced[name] = async (...args: unknown[]) => {
        await turnOf(pacing);
        pacing.check();
        return value.apply(reads, args);
      };
    } else if (
      typeof value === 'object' &&
      value !== null &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      paced[name] = pacedLookups(value, pacing);
    } else paced[name] = value;
  }
  return paced as T;
}

/** The store's reads that start a request's work rather than hang off a parent. */
function topLevelReads(store: Store) {
  return {
    articleBySlug: store.articles.bySlug,
    entityBySlug: store.entities.bySlug,
    countryByCode: store.entities.byCode,
    eventBySlug: store.events.bySlug,
    articles: store.articles.list,
    sortedArticles: store.articles.sortedLists,
    entities: store.entities.lists,
    leaders: store.entities.leaders,
    events: store.events.lists,
    claims: store.claims.lists,
    relations: store.relations.list,
    nodeCounts: store.stats.nodeCounts,
    search: store.search,
    stats: store.stats,
    shortestPath: store.paths.shortest,
  };
}
type TopLevelReads = ReturnType<typeof topLevelReads>;

/** Every batched read a request makes; created fresh per request so caches never outlive it. */
export function createLoaders(store: Store, pacing: BatchPacing = UNPACED) {
  let paced: TopLevelReads | undefined;
  return {
    article: loaderOf(store.articles.byIds, pacing),
    entity: loaderOf(store.entities.byIds, pacing),
    event: loaderOf(store.events.byIds, pacing),
    claim: loaderOf(store.claims.byIds, pacing),
    relation: loaderOf(store.relations.byIds, pacing),
    evidence: loaderOf(store.evidence.byIds, pacing),
    evidenceText: loaderOf(store.evidence.textsOf, pacing),
    aliasesByEntity: loaderOf(store.entities.aliasesByEntityIds, pacing),
    officesByPerson: loaderOf(store.offices.byPersonIds, pacing),
    urlsByArticle: loaderOf(store.articleUrls.byArticleIds, pacing),
    leadersByCountry: loaderOf(store.entities.leadersByCountryIds, pacing),
    participantsByEvent: loaderOf(store.events.participantsByIds, pacing),
    subEventsByEvent: loaderOf(store.events.subEventsByIds, pacing),
    claimsByEvent: loaderOf(store.claims.byEventIds, pacing),
    subjectsByClaim: loaderOf(store.claims.subjectIdsByClaimIds, pacing),
    evidenceByOffice: limitedLoaders(store.evidence.byOfficeIds, pacing),
    evidenceByEvent: limitedLoaders(store.evidence.byEventIds, pacing),
    evidenceByRelation: limitedLoaders(store.evidence.byRelationIds, pacing),
    articlesByEntity: pagedLoaders(store.articles.byEntity, pacing),
    articlesByEvent: pagedLoaders(store.articles.byEvent, pacing),
    entitiesByArticle: pagedLoaders(store.entities.byArticle, pacing),
    mentionsByEntity: pagedLoaders(store.mentions.byEntity, pacing),
    mentionsByArticle: pagedLoaders(store.mentions.byArticle, pacing),
    eventsByParticipant: pagedLoaders(store.events.byParticipant, pacing),
    eventsByArticle: pagedLoaders(store.events.byArticle, pacing),
    claimsBySpeaker: pagedLoaders(store.claims.bySpeaker, pacing),
    claimsBySubject: pagedLoaders(store.claims.bySubject, pacing),
    claimsByArticle: pagedLoaders(store.claims.byArticle, pacing),
    relationsByEntity: pagedLoaders(store.relations.byEntity, pacing),
    neighborsByEntity: sortedPagedLoaders(store.neighbors.byEntity, pacing),
    timelineByEntity: sortedPagedLoaders(store.timeline.byEntity, pacing),
    /**
     * Top-level lists and lookups: one per request, so they need no batching, only a single door. Built
     * on first use: a request that reads none (`{ __typename }`) does not pay for wrapping them (a
     * function rather than a getter, which made every request's loaders slower to create).
     */
    lookups: (): TopLevelReads => {
      paced ??= pacedLookups(topLevelReads(store), pacing);
      return paced;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
