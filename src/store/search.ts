import Database from 'better-sqlite3';
import { InvalidInputError, WorkLimitError } from '../errors.ts';
import type { Sql } from './sql.ts';

/**
 * All SQL for full-text search, the one engine-specific spot of the store. SQLite: FTS5's MATCH, bm25() and
 * snippet() over the `search_index` table that migration 0002 keeps in step with writes by triggers.
 * PostgreSQL: the same tables hold a generated, GIN-indexed tsvector (db/postgres/0002_search.sql), read
 * with `@@`, ts_rank() and ts_headline(); both engines answer the same rows.
 */

export const SEARCH_KINDS = ['ARTICLE', 'ENTITY', 'EVENT', 'CLAIM'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchHitRow {
  /** The index row: node id * 4 + kind; unique, so it ends the sort order. */
  hit_id: number;
  kind: SearchKind;
  /** The id of the article, entity, event or claim. */
  ref_id: number;
  /** bm25 (PostgreSQL: the negated ts_rank): lower is more relevant. */
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

const NOT_UNDERSTOOD = 'the search query could not be understood: use words and "phrases"';

/** PostgreSQL's codes for a query text to_tsquery cannot parse: syntax_error, invalid_text_representation. */
const TSQUERY_ERROR_CODES = new Set(['42601', '22P02']);

/** Whether a PostgreSQL error is to_tsquery rejecting its text (not a fault of the statement itself). */
function isTsqueryError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && TSQUERY_ERROR_CODES.has(code) && /tsquery/i.test(error.message);
}

/** Runs a MATCH statement; an FTS5 error in the query is the user's input, never a server error. */
async function matching<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Database.SqliteError && /fts5|syntax|MATCH/i.test(error.message)) {
      throw new InvalidInputError(NOT_UNDERSTOOD);
    }
    if (isTsqueryError(error)) throw new InvalidInputError(NOT_UNDERSTOOD);
    throw error;
  }
}

/** One term of an `ftsQuery` string: a quoted run of words, then `*` for a prefix. */
const FTS_TERM = /"([\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*)"(\*?)/uy;

/**
 * The tsquery text (for to_tsquery) of an `ftsQuery` string: a phrase `"a b"` becomes `a <-> b`, a prefix
 * `"ber"*` becomes `ber:*`, and the terms are ANDed with `&`. Words hold only letters and digits, so no
 * tsquery operator can come from the input. Throws InvalidInputError for text `ftsQuery` would not make.
 */
export function tsqueryText(match: string): string {
  const terms: string[] = [];
  let at = 0;
  while (at < match.length) {
    if (terms.length) {
      if (match[at] !== ' ') throw new InvalidInputError(NOT_UNDERSTOOD);
      at++;
    }
    FTS_TERM.lastIndex = at;
    const term = FTS_TERM.exec(match);
    if (!term) throw new InvalidInputError(NOT_UNDERSTOOD);
    terms.push(`${(term[1] as string).split(' ').join(' <-> ')}${term[2] ? ':*' : ''}`);
    at = FTS_TERM.lastIndex;
  }
  if (!terms.length) throw new InvalidInputError(NOT_UNDERSTOOD);
  return terms.join(' & ');
}

/**
 * `tsqueryText` in SQL, for a statement bound to the `ftsQuery` string itself (the claims list's text
 * filter): quotes around each term go, `"…"*` becomes `…:*`, the space between two terms `&` and a space
 * inside a phrase `<->`. Text `ftsQuery` did not make can only fail to parse, an input error.
 */
function tsqueryTextSql(param: string): string {
  return `replace(replace(replace(replace(replace(${param}, '"*', ':*"'), '" "', '"&"'), ' ', ' <-> '), '"&"', ' & '), '"', '')`;
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

/** PostgreSQL's CLAIM_IDS_MATCHING: the same `@claimText`, made a tsquery in the statement. */
const CLAIM_IDS_MATCHING_POSTGRES = `
  SELECT rowid / 4 FROM search_index
  WHERE document @@ to_tsquery('graph_search', ${tsqueryTextSql('@claimText')}) AND kind = 'CLAIM'`;

/** CLAIM_IDS_MATCHING for an engine. */
export function claimIdsMatching(engine: Sql['engine']): string {
  return engine === 'postgres' ? CLAIM_IDS_MATCHING_POSTGRES : CLAIM_IDS_MATCHING;
}

/** Wraps a statement that uses CLAIM_IDS_MATCHING so that its errors become input errors. */
export const runMatching = matching;

/** The statements of a search over one FTS5 table; `kind` is the kind column or a constant. */
function searchStatements(db: Sql, table: 'search_index' | 'entity_search', kind: string) {
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

/**
 * bm25(table, 10.0, 1.0) on PostgreSQL: ts_rank with name (weight A) ten times body (weight B), negated so
 * that lower is better as with bm25. As float8, so a cursor's score binds back equal.
 */
const PG_SCORE = `(-ts_rank('{0, 0, 0.1, 1.0}', document, q))::float8`;

/**
 * snippet(table, -1, open, close, '…', 16) on PostgreSQL: one fragment of at most 16 words around the best
 * match (the first words when none), each matched word between the markers.
 */
const PG_HEADLINE_OPTIONS = `StartSel=${SNIPPET_OPEN}, StopSel=${SNIPPET_CLOSE}, MaxWords=16, MinWords=8, MaxFragments=1`;

/** Whether `text` holds a word (as PostgreSQL's text search parser reads words). */
const hasWords = (text: string) => `length(to_tsvector('graph_search', ${text})) > 0`;

/**
 * The statements of a search over one table on PostgreSQL, as `searchStatements` for SQLite: `@match` is
 * the tsquery text (`tsqueryText`), `@kinds` a JSON list or null.
 */
function postgresSearchStatements(db: Sql, table: 'search_index' | 'entity_search', kind: string) {
  const where = `document @@ q
      AND (@kinds::json IS NULL OR ${kind} IN (SELECT json_array_elements_text(@kinds::json)))`;
  const matches = `
    SELECT rowid AS hit_id, ${kind} AS kind, ${PG_SCORE} AS score
    FROM ${table}, to_tsquery('graph_search', @match) AS q
    WHERE ${where}`;
  // Rank first, then cut headlines for the page only: ts_headline re-reads the text, as snippet() does.
  // The text cut is the body when it holds the whole query, else the name when that does, else the one
  // that holds some of it (highlighting any term then: a query can match name and body only together).
  // Words left out before or after the fragment become an ellipsis, as snippet() does; where none are, the
  // text there (spaces, punctuation) stays, so a short text comes back whole.
  const page = (after: string) =>
    db.prepare(`
      WITH top AS (
        SELECT * FROM (${matches}) AS m WHERE ${after} ORDER BY score, hit_id LIMIT @limit
      )
      SELECT top.hit_id, top.kind, top.hit_id / 4 AS ref_id, top.score,
             CASE WHEN ${hasWords('f.before')} THEN '…' ELSE f.before END
             || h.headline
             || CASE WHEN ${hasWords('f.after')} THEN '…' ELSE f.after END AS snippet
      FROM top
      JOIN ${table} t ON t.rowid = top.hit_id
      CROSS JOIN to_tsquery('graph_search', @match) AS q
      CROSS JOIN to_tsquery('graph_search', replace(@match, ' & ', ' | ')) AS any_term
      CROSS JOIN LATERAL (
        SELECT to_tsvector('graph_search', COALESCE(t.body, '')) AS body_words,
               to_tsvector('graph_search', COALESCE(t.name, '')) AS name_words
      ) AS w
      CROSS JOIN LATERAL (
        SELECT CASE WHEN w.body_words @@ q OR (NOT w.name_words @@ q AND w.body_words @@ any_term)
                    THEN COALESCE(t.body, '') ELSE COALESCE(t.name, '') END AS source,
               CASE WHEN w.body_words @@ q OR w.name_words @@ q THEN q ELSE any_term END AS words
      ) AS c
      CROSS JOIN LATERAL (
        SELECT ts_headline('graph_search', c.source, c.words, '${PG_HEADLINE_OPTIONS}') AS headline
      ) AS h
      CROSS JOIN LATERAL (
        SELECT replace(replace(h.headline, '${SNIPPET_OPEN}', ''), '${SNIPPET_CLOSE}', '') AS bare
      ) AS b
      CROSS JOIN LATERAL (SELECT strpos(c.source, b.bare) AS at) AS p
      CROSS JOIN LATERAL (
        SELECT CASE WHEN p.at > 0 THEN left(c.source, p.at - 1) ELSE '' END AS before,
               CASE WHEN p.at > 0 THEN substr(c.source, p.at + length(b.bare)) ELSE '' END AS after
      ) AS f
      ORDER BY top.score, top.hit_id`);
  return {
    first: page('1 = 1'),
    next: page('(score > @afterScore OR (score = @afterScore AND hit_id > @afterHit))'),
    count: db.prepare(`
      SELECT COUNT(*) AS total FROM ${table}, to_tsquery('graph_search', @match) AS q WHERE ${where}`),
  };
}

const ENTITIES_ONLY = JSON.stringify(['ENTITY']);

/** Full-text search over articles, entities, events and claims. */
export interface SearchStore {
  /**
   * One page of hits, most relevant first (ties by hit id); `after` is the score and hit id of the last
   * hit of the previous page. Throws InvalidInputError for a query the search rejects.
   */
  page(
    filters: SearchFilters,
    after: readonly [number, number] | null,
    limit: number,
  ): Promise<SearchHitRow[]>;
  /** How many hits the query has. Throws InvalidInputError for a query the search rejects. */
  count(filters: SearchFilters): Promise<number>;
  /**
   * The indexed text (name and body) of these nodes, those still indexed: what a cache matches the
   * words of cached searches against when the nodes change.
   */
  indexedText(nodes: readonly IndexedNode[]): Promise<string[]>;
}

/** A searchable node, by kind. */
export interface IndexedNode {
  kind: 'article' | 'entity' | 'event' | 'claim';
  id: number;
}

/** The index's rowid of a node: id * 4 + its kind's place (db/0002_search.sql). */
const ROWID_OFFSET: Record<IndexedNode['kind'], number> = { article: 0, entity: 1, event: 2, claim: 3 };

export function createSearchStore(db: Sql): SearchStore {
  const postgres = db.engine === 'postgres';
  const statements = postgres ? postgresSearchStatements : searchStatements;
  const everything = statements(db, 'search_index', 'kind');
  // Entities alone (type-ahead) read their own small index rather than rank every article first.
  const entities = statements(db, 'entity_search', "'ENTITY'");
  const statementsFor = (filters: SearchFilters) => (filters.kinds === ENTITIES_ONLY ? entities : everything);
  // PostgreSQL reads the same terms as a tsquery.
  const bound = (filters: SearchFilters): SearchFilters =>
    postgres ? { ...filters, match: tsqueryText(filters.match) } : filters;
  const textOf = db.pluck(
    `SELECT COALESCE(name, '') || ' ' || COALESCE(body, '') FROM search_index
     WHERE rowid IN (SELECT value FROM json_each(?))`,
  );
  return {
    async indexedText(nodes) {
      if (!nodes.length) return [];
      const rowids = nodes.map((node) => node.id * 4 + ROWID_OFFSET[node.kind]);
      return (await textOf.all(JSON.stringify(rowids))) as string[];
    },
    // Relevance is bm25 (ts_rank on PostgreSQL); a query the engine rejects is an input error.
    page(filters, after, limit) {
      return matching(
        async () =>
          (await (after === null
            ? statementsFor(filters).first.all({ ...bound(filters), limit })
            : statementsFor(filters).next.all({
                ...bound(filters),
                afterScore: after[0],
                afterHit: after[1],
                limit,
              }))) as SearchHitRow[],
      );
    },
    count(filters) {
      return matching(
        async () => ((await statementsFor(filters).count.get(bound(filters))) as { total: number }).total,
      );
    },
  };
}
