import { loadConfig } from '../src/config.ts';
import { type NamedOperation, readOperations } from '../src/operations.ts';
import type { SubjectPools } from './subjects.ts';

/** A request shape whose variables change from one request to the next. */
export interface VaryingRequest {
  name: string;
  query: string;
  operationName?: string;
  /** The variables of the n-th request. */
  variables: (n: number) => Record<string, unknown>;
}

const at = <T>(pool: readonly T[], n: number, fallback: T): T =>
  pool.length ? (pool[n % pool.length] as T) : fallback;

/** Last day of the month that starts on `first` (`YYYY-MM-01`). */
function monthEnd(first: string): string {
  const date = new Date(`${first}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1, 0);
  return date.toISOString().slice(0, 10);
}

/**
 * For each variable of the example operations, where its n-th value comes from: a different person, entity,
 * country, article, event, name or month per request. Variables not named here keep their example value.
 */
const VARYING: Record<string, (pools: SubjectPools, n: number, example: unknown) => unknown> = {
  'ClaimsAboutInRange.about': (p, n, e) => at(p.entityGlobalIds, n, e),
  'ClaimsAboutInRange.from': () => null,
  'ClaimsAboutInRange.to': () => null,
  'ClaimsByPerson.slug': (p, n, e) => at(p.personSlugs, n, e),
  'EntityNeighborhood.slug': (p, n, e) => at(p.entitySlugs, n, e),
  'EntityTimeline.slug': (p, n, e) => at(p.entitySlugs, n, e),
  'EntityTimeline.from': () => null,
  'EntityTimeline.to': () => null,
  'EventsInCountry.country': (p, n, e) => at(p.countryCodes, n, e),
  'ExplorerArticle.slug': (p, n, e) => at(p.articleSlugs, n, e),
  'ExplorerEntity.slug': (p, n, e) => at(p.entitySlugs, n, e),
  'ExplorerPath.from': (p, n, e) => at(p.entityGlobalIds, n, e),
  'ExplorerPath.to': (p, n, e) => at(p.entityGlobalIds, n + 1, e),
  'ExplorerPathEnds.from': (p, n, e) => at(p.entitySlugs, n, e),
  'ExplorerPathEnds.to': (p, n, e) => at(p.entitySlugs, n + 1, e),
  'ExplorerSearch.query': (p, n, e) => at(p.names, n, e),
  'ExplorerTimeline.slug': (p, n, e) => at(p.entitySlugs, n, e),
  'ExplorerTimeline.from': () => null,
  'ExplorerTimeline.to': () => null,
  'ExplorerTypeAhead.prefix': (p, n, e) => at(p.names, n, e)?.toString().slice(0, 3) ?? e,
  'GraphStats.from': (p, n, e) => at(p.months, n, e),
  'GraphStats.to': (p, n, e) => {
    const from = at(p.months, n, null);
    return from ? monthEnd(from) : e;
  },
  'PathBetween.from': (p, n, e) => at(p.entityGlobalIds, n, e),
  'PathBetween.to': (p, n, e) => at(p.entityGlobalIds, n + 1, e),
  'SearchEverything.query': (p, n, e) => at(p.names, n, e),
  'SummitWithParticipants.slug': (p, n, e) => at(p.eventSlugs, n, e),
  'TypeAhead.prefix': (p, n, e) => at(p.names, n, e)?.toString().slice(0, 3) ?? e,
};

/** The variables named in an operation's document, e.g. `$slug` of `query X($slug: String!)`. */
function declaredVariables(operation: NamedOperation): string[] {
  const header = /query\s+\w+\s*\(([^)]*)\)/.exec(operation.document)?.[1] ?? '';
  return [...header.matchAll(/\$(\w+)\s*:/g)].map((m) => m[1] as string);
}

/** Every query of schema/operations/, its variables varied per request from `pools`. */
export function operationRequests(pools: SubjectPools): VaryingRequest[] {
  // A subscription is a stream that stays open, not a request the bench can time.
  const requests = readOperations(loadConfig({}).operationsDir).filter(
    (operation) => !/^subscription /m.test(operation.document),
  );
  return requests.map((operation) => {
    const names = declaredVariables(operation);
    return {
      name: operation.name,
      query: operation.document,
      operationName: operation.name,
      variables: (n: number) => {
        const values: Record<string, unknown> = { ...operation.variables };
        for (const name of names) {
          const vary = VARYING[`${operation.name}.${name}`];
          if (vary) values[name] = vary(pools, n, operation.variables[name]);
        }
        return values;
      },
    };
  });
}

/** The three-level query of the engine's cost study: leaders, their offices, their claims with evidence. */
const THREE_LEVELS = `query ThreeLevels($country: String) {
  leaders(first: 10, country: $country) { edges { node {
    name
    offices { title country { code name } }
    claimsBy(first: 10) { totalCount edges { node { text kind about { name } evidence { text sentence } } } }
  } } }
}`;

export const threeLevels: VaryingRequest = {
  name: 'three levels (same request)',
  query: THREE_LEVELS,
  variables: () => ({ country: null }),
};

export function threeLevelsVarying(pools: SubjectPools): VaryingRequest {
  return {
    name: 'three levels (country varies)',
    query: THREE_LEVELS,
    variables: (n) => ({ country: at(pools.countryCodes, n, null) }),
  };
}

export const trivial: VaryingRequest = {
  name: 'trivial { __typename }',
  query: '{ __typename }',
  variables: () => ({}),
};

/**
 * Many aliases of nested connections under the most-mentioned entities: each alias reads the articles of a
 * hundred entities. Within the cost limit by page sizes alone; the server must answer or refuse it quickly.
 */
export const manyAliases: VaryingRequest = {
  name: 'many aliases (14 x 100 x 100)',
  query: `{ ${Array.from(
    { length: 14 },
    (_, i) =>
      `a${i}: entities(first: 100, orderBy: MENTIONS) { edges { node { articles(first: 100) { edges { node { title } } } } } }`,
  ).join('\n')} }`,
  variables: () => ({}),
};
