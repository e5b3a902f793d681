import type { Db } from './open.ts';
import { type KeyedList, keyedList } from './pages.ts';
import type { MentionRow } from './rows.ts';

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
  insert(entityId: number, articleId: number, evidenceId: number, found?: MentionFound): boolean;
}

/** All SQL for the mentions table. */
export function createMentionStore(db: Db): MentionStore {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO mentions (entity_id, article_id, evidence_id, confidence, method, form) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // Curated mentions (no confidence) count as certain.
  // Curated mentions (no form) are names. The forms are tested as text, not a json_each table, so that
  // a page still walks one index and stops at its limit.
  const confident = (alias: string) =>
    `AND (@minConfidence IS NULL OR COALESCE(${alias}.confidence, 1) >= @minConfidence)
     AND (@forms IS NULL OR instr(@forms, ',' || COALESCE(${alias}.form, 'name') || ',') > 0)`;
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
    insert: (entityId, articleId, evidenceId, found = {}) =>
      insert.run(
        entityId,
        articleId,
        evidenceId,
        found.confidence ?? null,
        found.method ?? null,
        found.form ?? null,
      ).changes > 0,
  };
}
