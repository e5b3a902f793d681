import Database from 'better-sqlite3';
import { InvalidInputError, WorkLimitError } from '../errors.ts';
import type { Db } from './open.ts';

/**
 * All SQL for full-text search. This file is the one SQLite-specific spot: FTS5's MATCH, bm25() and
 * snippet() over the `search_index` table that migration 0002 keeps in step with writes by triggers.
 */

export const SEARCH_KINDS = ['ARTICLE', 'ENTITY', 'EVENT', 'CLAIM'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchHitRow {
  /** The index row: node id * 4 + kind; unique, so it ends the sort order. */
  hit_id: number;
  kind: SearchKind;
  /** The id of the article, entity, event or claim. */
  ref_id: number;
  /** bm25: lower is more relevant. */
  score: number;
  /** Text around the match, the matched terms between SNIPPET_OPEN and SNIPPET_CLOSE. */
  snippet: string;
}

/** Control characters no article holds: the schema turns them into the markers a client asks for. */
export const SNIPPET_OPEN = '\u0002';
export const SNIPPET_CLOSE = '\u0003';

/** Longer input is not a search but a pasted document; cutting it off keeps MATCH cheap. */
export const MAX_QUERY_LENGTH = 200;
/** Every term is one more posting list to intersect; eight is more than type-ahead or analysts use. */
export const MAX_QUERY_TERMS = 8;
/** A one-letter prefix expands to most of the vocabulary; prefixes start at two letters. */
const MIN_PREFIX_LENGTH = 2;

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Turns what a user typed into a safe FTS5 query: every word becomes a quoted string (so FTS operators
 * and stray quotes are just text), text in balanced double quotes stays a phrase, terms are ANDed, and
 * the last word is a prefix for type-ahead ("Ber" finds Bergström).
 * Throws InvalidInputError when no word is left, WorkLimitError when the input is too long.
 */
export function ftsQuery(input: string): string {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new WorkLimitError(
      'search length',
      MAX_QUERY_LENGTH,
      input.length,
      `search query is ${input.length} characters long; the limit is ${MAX_QUERY_LENGTH}`,
    );
  }
  const quoteCount = (input.match(/"/g) ?? []).length;
  const segments = quoteCount >= 2 && quoteCount % 2 === 0 ? input.split('"') : [input.replace(/"/g, ' ')];
  const terms: { words: string[]; phrase: boolean }[] = [];
  segments.forEach((segment, i) => {
    const words = segment.match(WORD) ?? [];
    if (i % 2 === 1 && words.length) terms.push({ words, phrase: true });
    else for (const word of words) terms.push({ words: [word], phrase: false });
  });
  if (!terms.length) {
    throw new InvalidInputError(
      `search query ${JSON.stringify(input)} has no words to search for: use letters or digits`,
    );
  }
  if (terms.length > MAX_QUERY_TERMS) {
    throw new WorkLimitError(
      'search terms',
      MAX_QUERY_TERMS,
      terms.length,
      `search query has ${terms.length} terms; the limit is ${MAX_QUERY_TERMS}: search for fewer words`,
    );
  }
  return terms
    .map((term, i) => {
      const quoted = `"${term.words.join(' ')}"`;
      const last = i === terms.length - 1;
      const prefix = last && !term.phrase && (term.words[0]?.length ?? 0) >= MIN_PREFIX_LENGTH;
      return prefix ? `${quoted}*` : quoted;
    })
    .join(' ');
}

/** Runs a MATCH statement; an FTS5 error in the query is the user's input, never a server error. */
function matching<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof Database.SqliteError && /fts5|syntax|MATCH/i.test(error.message)) {
      throw new InvalidInputError('the search query could not be understood: use words and "phrases"');
    }
    throw error;
  }
}

export interface SearchFilters extends Record<string, unknown> {
  /** An FTS5 query from `ftsQuery`. */
  match: string;
  /** JSON list of kinds, or null for all. */
  kinds: string | null;
}

/**
 * A subquery of the ids of claims whose text or quote matches `@claimText` (an `ftsQuery`), for the
 * claims list's text filter. The rowid arithmetic mirrors the encoding of migration 0002.
 */
export const CLAIM_IDS_MATCHING = `
  SELECT rowid / 4 FROM search_index
  WHERE search_index MATCH @claimText AND kind = 'CLAIM'`;

/** Wraps a statement that uses CLAIM_IDS_MATCHING so that its errors become input errors. */
export const runMatching = matching;

/** The statements of a search over one FTS5 table; `kind` is the kind column or a constant. */
function searchStatements(db: Db, table: 'search_index' | 'entity_search', kind: string) {
  const matches = `
    SELECT rowid AS hit_id, ${kind} AS kind, bm25(${table}, 10.0, 1.0) AS score
    FROM ${table}
    WHERE ${table} MATCH @match
      AND (@kinds IS NULL OR ${kind} IN (SELECT value FROM json_each(@kinds)))`;
  // Rank first, then cut snippets for the page only: snippet() is the costly part of a hit.
  const page = (where: string) =>
    db.prepare(`
      WITH top AS (
        SELECT * FROM (${matches}) AS m WHERE ${where} ORDER BY score, hit_id LIMIT @limit
      )
      SELECT top.hit_id, top.kind, top.hit_id / 4 AS ref_id, top.score,
             snippet(${table}, -1, '${SNIPPET_OPEN}', '${SNIPPET_CLOSE}', '…', 16) AS snippet
      FROM top JOIN ${table} ON ${table}.rowid = top.hit_id
      WHERE ${table} MATCH @match
      ORDER BY top.score, top.hit_id`);
  return {
    first: page('1 = 1'),
    next: page('(score > @afterScore OR (score = @afterScore AND hit_id > @afterHit))'),
    count: db.prepare(`SELECT COUNT(*) AS total FROM (${matches}) AS m`),
  };
}

const ENTITIES_ONLY = JSON.stringify(['ENTITY']);

/** Full-text search over articles, entities, events and claims. */
export interface SearchStore {
  /**
   * One page of hits, most relevant first (ties by hit id); `after` is the score and hit id of the last
   * hit of the previous page. Throws InvalidInputError for a query the search rejects.
   */
  page(filters: SearchFilters, after: readonly [number, number] | null, limit: number): SearchHitRow[];
  /** How many hits the query has. Throws InvalidInputError for a query the search rejects. */
  count(filters: SearchFilters): number;
}

export function createSearchStore(db: Db): SearchStore {
  const everything = searchStatements(db, 'search_index', 'kind');
  // Entities alone (type-ahead) read their own small index rather than rank every article first.
  const entities = searchStatements(db, 'entity_search', "'ENTITY'");
  const statementsFor = (filters: SearchFilters) => (filters.kinds === ENTITIES_ONLY ? entities : everything);
  return {
    // Relevance is bm25; a query FTS5 rejects is an input error.
    page(filters, after, limit) {
      return matching(
        () =>
          (after === null
            ? statementsFor(filters).first.all({ ...filters, limit })
            : statementsFor(filters).next.all({
                ...filters,
                afterScore: after[0],
                afterHit: after[1],
                limit,
              })) as SearchHitRow[],
      );
    },
    count(filters) {
      return matching(() => (statementsFor(filters).count.get(filters) as { total: number }).total);
    },
  };
}
