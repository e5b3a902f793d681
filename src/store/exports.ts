import { keyList } from './keys.ts';
import { groupLookup } from './pages.ts';
import type { ArticleRow, ClaimRow, EntityRow, EventRow, RelationRow } from './rows.ts';
import type { Sql } from './sql.ts';

/**
 * What an export covers: everything (null lists), or the facts about some entities. `focus` are the
 * entities asked for; `scope` adds every entity linked to them, so that each edge of the export has
 * both of its ends in it.
 */
export interface ExportFilter {
  focus: readonly number[] | null;
  scope: readonly number[] | null;
}

/** A batch of an export: rows after `afterId` in id order, at most `limit` of them. */
export type ExportBatch<Row> = (filter: ExportFilter, afterId: number, limit: number) => Promise<Row[]>;

/**
 * All SQL for whole-graph exports. Exports read in id-ordered batches, each a complete statement, so a
 * long download never holds the connection between batches and other requests run in between. The
 * price: a write landing mid-download may show in later batches only.
 */
export interface ExportStore {
  /**
   * The entities asked for and every entity linked to them, in id order; with `cap`, the linked ones
   * are read up to `cap` only, enough to tell that a scope is over a bound.
   */
  scopeOf(focus: readonly number[], cap?: number): Promise<number[]>;
  /**
   * Events, claims, relations and articles an export of `filter` holds, counting each kind up to `cap`
   * only: enough to tell whether an export is over a bound without reading all of it.
   */
  factCount(filter: ExportFilter, cap: number): Promise<number>;
  entities: ExportBatch<EntityRow>;
  events: ExportBatch<EventRow>;
  claims: ExportBatch<ClaimRow>;
  relations: ExportBatch<RelationRow>;
  articles: ExportBatch<ArticleRow>;
  /** The entities each article mentions, in id order. */
  mentionedByArticleIds(
    articleIds: readonly number[],
  ): Promise<{ article_id: number; entity_id: number }[][]>;
}

export function createExportStore(db: Sql): ExportStore {
  const batch = <Row>(sql: string): ExportBatch<Row> => {
    const statement = db.prepare(`${sql} ORDER BY id LIMIT @limit`);
    return async (filter, afterId, limit) =>
      (await statement.all({
        focus: filter.focus ? keyList(filter.focus) : null,
        scope: filter.scope ? keyList(filter.scope) : null,
        afterId,
        limit,
      })) as Row[];
  };
  // From the pairs the writer keeps, one row per neighbour: the links behind them (every sentence and
  // fact of every article) run to hundreds of thousands of rows for well-known entities.
  const neighbours = db.pluck('SELECT other_id FROM entity_neighbors WHERE entity_id = ? LIMIT ?');
  const where = {
    entities: `id > @afterId AND (@scope IS NULL OR id IN (SELECT value FROM json_each(@scope)))`,
    events: `id > @afterId AND (@focus IS NULL OR id IN (
        SELECT event_id FROM event_participants WHERE entity_id IN (SELECT value FROM json_each(@focus))))`,
    claims: `id > @afterId AND (@focus IS NULL
        OR speaker_id IN (SELECT value FROM json_each(@focus))
        OR id IN (SELECT claim_id FROM claim_subjects WHERE entity_id IN (SELECT value FROM json_each(@focus))))`,
    relations: `id > @afterId AND (@focus IS NULL
        OR from_id IN (SELECT value FROM json_each(@focus)) OR to_id IN (SELECT value FROM json_each(@focus)))`,
    articles: `id > @afterId AND (@focus IS NULL OR id IN (
        SELECT article_id FROM mentions WHERE entity_id IN (SELECT value FROM json_each(@focus))))`,
  };
  const capped = (table: keyof typeof where) =>
    `(SELECT COUNT(*) FROM (SELECT 1 FROM ${table} WHERE ${where[table]} LIMIT @cap) AS capped)`;
  const factCount = db.pluck(
    `SELECT ${capped('events')} + ${capped('claims')} + ${capped('relations')} + ${capped('articles')}`,
  );
  return {
    scopeOf: async (focus, cap = Number.POSITIVE_INFINITY) => {
      const ids = new Set<number>(focus);
      const others = new Set<number>();
      // Each entity's neighbours up to the cap: at most focus × cap rows, whatever their fame.
      const limit = Number.isFinite(cap) ? cap : Number.MAX_SAFE_INTEGER;
      for (const entityId of focus) {
        for (const id of (await neighbours.all(entityId, limit)) as number[]) {
          others.add(id);
          ids.add(id);
        }
        if (others.size >= cap) break;
      }
      return [...ids].sort((a, b) => a - b);
    },
    factCount: async (filter, cap) =>
      (await factCount.get({
        focus: filter.focus ? keyList(filter.focus) : null,
        scope: filter.scope ? keyList(filter.scope) : null,
        afterId: 0,
        cap,
      })) as number,
    entities: batch<EntityRow>(`SELECT * FROM entities WHERE ${where.entities}`),
    events: batch<EventRow>(`SELECT * FROM events WHERE ${where.events}`),
    claims: batch<ClaimRow>(`SELECT * FROM claims WHERE ${where.claims}`),
    relations: batch<RelationRow>(`SELECT * FROM relations WHERE ${where.relations}`),
    articles: batch<ArticleRow>(`SELECT * FROM articles WHERE ${where.articles}`),
    mentionedByArticleIds: groupLookup<{ article_id: number; entity_id: number }>(
      db,
      `SELECT DISTINCT article_id, entity_id FROM mentions
       WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY article_id, entity_id`,
      (row) => row.article_id,
    ),
  };
}
