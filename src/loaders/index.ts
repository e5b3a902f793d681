import DataLoader from 'dataloader';
import type { Store } from '../store/index.ts';
import type { KeyedList, PageArgs } from '../store/pages.ts';
import type { KeysetArgs, SortedKeyedList } from '../store/sorted-pages.ts';

type Batch<V> = (keys: readonly number[]) => V[];

function loaderOf<V>(batch: Batch<V>): DataLoader<number, V> {
  return new DataLoader<number, V>(async (keys) => batch(keys));
}

/**
 * Paged loads of a list that hangs off many parents: one DataLoader per distinct page arguments and
 * filters, so sibling fields asking for the same page share one statement.
 */
function pagedLoaders<Row, Filters extends Record<string, unknown>>(list: KeyedList<Row, Filters>) {
  const pages = new Map<string, DataLoader<number, Row[]>>();
  const counts = new Map<string, DataLoader<number, number>>();
  return {
    page(args: PageArgs, filters?: Filters): DataLoader<number, Row[]> {
      const key = JSON.stringify([args, filters]);
      let loader = pages.get(key);
      if (!loader) {
        loader = loaderOf((keys) => list.pages(keys, args, filters));
        pages.set(key, loader);
      }
      return loader;
    },
    count(filters?: Filters): DataLoader<number, number> {
      const key = JSON.stringify(filters ?? null);
      let loader = counts.get(key);
      if (!loader) {
        loader = loaderOf((keys) => list.counts(keys, filters));
        counts.set(key, loader);
      }
      return loader;
    },
  };
}

/** Like `pagedLoaders`, for lists hanging off many parents in an order other than the id. */
function sortedPagedLoaders<Row, Filters extends Record<string, unknown>>(
  list: SortedKeyedList<Row, Filters>,
) {
  const pages = new Map<string, DataLoader<number, Row[]>>();
  const counts = new Map<string, DataLoader<number, number>>();
  return {
    page(args: KeysetArgs, filters: Filters): DataLoader<number, Row[]> {
      const key = JSON.stringify([args, filters]);
      let loader = pages.get(key);
      if (!loader) {
        loader = loaderOf((keys) => list.pages(keys, args, filters));
        pages.set(key, loader);
      }
      return loader;
    },
    count(filters: Filters): DataLoader<number, number> {
      const key = JSON.stringify(filters);
      let loader = counts.get(key);
      if (!loader) {
        loader = loaderOf((keys) => list.counts(keys, filters));
        counts.set(key, loader);
      }
      return loader;
    },
  };
}

/** Every batched read a request makes; created fresh per request so caches never outlive it. */
export function createLoaders(store: Store) {
  return {
    article: loaderOf(store.articles.byIds),
    entity: loaderOf(store.entities.byIds),
    event: loaderOf(store.events.byIds),
    claim: loaderOf(store.claims.byIds),
    relation: loaderOf(store.relations.byIds),
    evidence: loaderOf(store.evidence.byIds),
    aliasesByEntity: loaderOf(store.entities.aliasesByEntityIds),
    officesByPerson: loaderOf(store.offices.byPersonIds),
    urlsByArticle: loaderOf(store.articleUrls.byArticleIds),
    leadersByCountry: loaderOf(store.entities.leadersByCountryIds),
    participantsByEvent: loaderOf(store.events.participantsByIds),
    subEventsByEvent: loaderOf(store.events.subEventsByIds),
    claimsByEvent: loaderOf(store.claims.byEventIds),
    subjectsByClaim: loaderOf(store.claims.subjectIdsByClaimIds),
    evidenceByOffice: loaderOf(store.evidence.byOfficeIds),
    evidenceByEvent: loaderOf(store.evidence.byEventIds),
    evidenceByRelation: loaderOf(store.evidence.byRelationIds),
    articlesByEntity: pagedLoaders(store.articles.byEntity),
    articlesByEvent: pagedLoaders(store.articles.byEvent),
    entitiesByArticle: pagedLoaders(store.entities.byArticle),
    mentionsByEntity: pagedLoaders(store.mentions.byEntity),
    mentionsByArticle: pagedLoaders(store.mentions.byArticle),
    eventsByParticipant: pagedLoaders(store.events.byParticipant),
    eventsByArticle: pagedLoaders(store.events.byArticle),
    claimsBySpeaker: pagedLoaders(store.claims.bySpeaker),
    claimsBySubject: pagedLoaders(store.claims.bySubject),
    claimsByArticle: pagedLoaders(store.claims.byArticle),
    relationsByEntity: pagedLoaders(store.relations.byEntity),
    neighborsByEntity: sortedPagedLoaders(store.neighbors.byEntity),
    timelineByEntity: sortedPagedLoaders(store.timeline.byEntity),
    /** Top-level lists and lookups: one per request, so they need no batching, only a single door. */
    lookups: {
      articleBySlug: store.articles.bySlug,
      entityBySlug: store.entities.bySlug,
      countryByCode: store.entities.byCode,
      eventBySlug: store.events.bySlug,
      articles: store.articles.list,
      entities: store.entities.lists,
      leaders: store.entities.leaders,
      events: store.events.lists,
      claims: store.claims.lists,
      relations: store.relations.list,
      nodeCounts: store.stats.nodeCounts,
      search: store.search,
      stats: store.stats,
      shortestPath: store.paths.shortest,
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
