import { type KeyedList, keyedList } from './pages.ts';
import type { MentionRow } from './rows.ts';
import type { Sql } from './sql.ts';

export interface MentionFilters extends Record<string, unknown> {
  minConfidence: number | null;
  /** The forms to keep, in alphabetical order, each between commas (",name,pronoun,"), or null for every form. */
  forms: string | null;
}

/** `forms` of the mention lists' default: every form but demonyms and metonyms. */
const DEFAULT_FORMS = ',description,name,pronoun,';

/** How extraction found a mention; curated mentions carry none of it. */
export interface MentionFound {
  confidence?: number;
  method?: string;
  form?: string;
}

/** Where each entity is mentioned: an entity, an article and the span of evidence. */
export interface MentionStore {
  /** An entity's mentions, in id order (within one article, the order they appear in). */
  byEntity: KeyedList<MentionRow, MentionFilters>;
  /** An article's mentions, in the order they appear in. */
  byArticle: KeyedList<MentionRow, MentionFilters>;
  /** Records a mention; false when the same mention was already stored. The caller holds the transaction. */
  insert(entityId: number, articleId: number, evidenceId: number, found?: MentionFound): Promise<boolean>;
}

/** All SQL for the mentions table. */
export function createMentionStore(db: Sql): MentionStore {
  // A mention already there is looked for, not left to a conflict: a skipped insert would still draw an
  // id from PostgreSQL's sequence, and the same input would then number rows differently per engine.
  const insert = db.prepare(`
    INSERT INTO mentions (entity_id, article_id, evidence_id, confidence, method, form)
    SELECT @entityId, @articleId, @evidenceId, @confidence, @method, @form
    WHERE NOT EXISTS (SELECT 1 FROM mentions WHERE entity_id = @entityId AND evidence_id = @evidenceId)`);
  // Curated mentions (no confidence) count as certain.
  // Curated mentions (no form) are names. The forms are tested as text, not a json_each table, so that
  // a page still walks one index and stops at its limit.
  const confident = (alias: string) =>
    `AND (@minConfidence IS NULL OR COALESCE(${alias}.confidence, 1) >= @minConfidence)
     AND (@forms IS NULL OR @forms LIKE '%,' || COALESCE(${alias}.form, 'name') || ',%')`;
  return {
    byEntity: keyedList<MentionRow, MentionFilters>(db, {
      table: 'mentions',
      pageIds: `SELECT x.id FROM mentions x WHERE x.entity_id = @key AND x.id > @afterId ${confident('x')}
                ORDER BY x.id LIMIT @limit`,
      // The writer keeps the unfiltered count; a filter counts through the entity's indexes.
      // The lists' default (names, descriptions, pronouns) is the kept count less the entity's demonyms and
      // metonyms, read through the (entity, form) index: a popular country's total costs no scan.
      count: `CASE
                WHEN @minConfidence IS NULL AND @forms IS NULL THEN (SELECT mention_count FROM entities WHERE id = @key)
                WHEN @minConfidence IS NULL AND @forms = '${DEFAULT_FORMS}' THEN
                  (SELECT mention_count FROM entities WHERE id = @key)
                  - (SELECT COUNT(*) FROM mentions x WHERE x.entity_id = @key AND x.form IN ('demonym', 'metonym'))
                ELSE (SELECT COUNT(*) FROM mentions x WHERE x.entity_id = @key ${confident('x')}) END`,
    }),
    byArticle: keyedList<MentionRow, MentionFilters>(db, {
      table: 'mentions',
      pageIds: `SELECT x.id FROM mentions x WHERE x.article_id = @key AND x.id > @afterId ${confident('x')}
                ORDER BY x.id LIMIT @limit`,
      count: `(SELECT COUNT(*) FROM mentions x WHERE x.article_id = @key ${confident('x')})`,
    }),
    insert: async (entityId, articleId, evidenceId, found = {}) =>
      (
        await insert.run({
          entityId,
          articleId,
          evidenceId,
          confidence: found.confidence ?? null,
          method: found.method ?? null,
          form: found.form ?? null,
        })
      ).changes > 0,
  };
}
