import { dialectOf } from './dialect.ts';
import { groupByKeys, keyList, orderByKeys } from './keys.ts';
import { idLookup } from './pages.ts';
import type { EvidenceRow, EvidenceText } from './rows.ts';
import type { Sql } from './sql.ts';

export interface NewEvidence {
  articleId: number;
  start: number;
  end: number;
  sentenceStart: number;
  sentenceEnd: number;
}

type Linked = EvidenceRow & { key: number };

/** Evidence of many owners, each owner's in span order: all of it, or at most `limit` per owner. */
export type LinkedEvidence = (keys: readonly number[], limit: number | null) => Promise<Linked[][]>;

/**
 * Evidence rows linked to owners through `linkTable`, grouped by owner, in span order (earliest article
 * first). With a limit, each owner's rows are cut inside SQLite: a relation stated in a thousand
 * articles then costs what its first few spans do.
 */
function linkedEvidence(db: Sql, linkTable: string, ownerColumn: string): LinkedEvidence {
  const all = db.prepare(
    `SELECT l.${ownerColumn} AS key, ev.* FROM ${linkTable} l JOIN evidence ev ON ev.id = l.evidence_id
     WHERE l.${ownerColumn} IN (SELECT value FROM json_each(?))
     ORDER BY key, ev.article_id, ev.start_offset`,
  );
  const first = db.prepare(
    `SELECT k.value AS key, ev.* FROM json_each(@keys) AS k
     ${dialectOf(db).joinRowsOf(
       'evidence',
       'ev',
       'id',
       `SELECT l.evidence_id FROM ${linkTable} l JOIN evidence e ON e.id = l.evidence_id
       WHERE l.${ownerColumn} = k.value
       ORDER BY e.article_id, e.start_offset LIMIT @limit`,
     )}
     ORDER BY key, ev.article_id, ev.start_offset`,
  );
  return async (keys, limit) => {
    const rows = (
      limit === null ? await all.all(keyList(keys)) : await first.all({ keys: keyList(keys), limit })
    ) as Linked[];
    return groupByKeys(keys, rows, (row) => row.key);
  };
}

type CutText = EvidenceText &
  Pick<EvidenceRow, 'article_id' | 'start_offset' | 'end_offset' | 'sentence_start' | 'sentence_end'> & {
    body_bmp: number;
  };

/**
 * Spans cut from their bodies by the engine (db/0015), whose offsets count characters: the same as
 * UTF-16 offsets where a body has no character beyond the Basic Multilingual Plane. The few other
 * bodies are read whole and cut here.
 */
function evidenceTexts(db: Sql): EvidenceStore['textsOf'] {
  const cut = db.prepare(`
    SELECT ev.id, ev.article_id, ev.start_offset, ev.end_offset, ev.sentence_start, ev.sentence_end, a.body_bmp,
      SUBSTR(a.body, ev.start_offset + 1, ev.end_offset - ev.start_offset) AS text,
      SUBSTR(a.body, ev.sentence_start + 1, ev.sentence_end - ev.sentence_start) AS sentence
    FROM evidence ev JOIN articles a ON a.id = ev.article_id
    WHERE ev.id IN (SELECT value FROM json_each(?))`);
  const bodies = db.prepare('SELECT id, body FROM articles WHERE id IN (SELECT value FROM json_each(?))');
  return async (ids) => {
    const rows = (await cut.all(keyList(ids))) as CutText[];
    const uncut = rows.filter((row) => row.body_bmp !== 1);
    if (uncut.length) {
      const found = (await bodies.all(keyList([...new Set(uncut.map((row) => row.article_id))]))) as {
        id: number;
        body: string;
      }[];
      const bodyOf = new Map(found.map((row) => [row.id, row.body]));
      for (const row of uncut) {
        const body = bodyOf.get(row.article_id) ?? '';
        row.text = body.slice(row.start_offset, row.end_offset);
        row.sentence = body.slice(row.sentence_start, row.sentence_end);
      }
    }
    return orderByKeys(
      ids,
      rows.map((row) => ({ id: row.id, text: row.text, sentence: row.sentence })),
      (row) => row.id,
    );
  };
}

/** The spans of articles that facts come from, and which facts each span supports. */
export interface EvidenceStore {
  byIds(ids: readonly number[]): Promise<(EvidenceRow | undefined)[]>;
  /** The words of each span and its sentence, without reading whole articles. */
  textsOf(ids: readonly number[]): Promise<(EvidenceText | undefined)[]>;
  byOfficeIds: LinkedEvidence;
  byEventIds: LinkedEvidence;
  byRelationIds: LinkedEvidence;
  /** The id of the evidence row for a span, creating it when new. */
  upsert(evidence: NewEvidence): Promise<number>;
  /** Links a span to a fact it supports; a link already there is left as it was. */
  linkOffice(officeId: number, evidenceId: number): Promise<void>;
  linkEvent(eventId: number, evidenceId: number): Promise<void>;
  linkRelation(relationId: number, evidenceId: number): Promise<void>;
}

/** All SQL for the evidence table and the tables linking facts to it. */
export function createEvidenceStore(db: Sql): EvidenceStore {
  // Update, else insert (not an upsert): a conflicting insert would still draw an id from PostgreSQL's
  // sequence, and the same input would then number rows differently per engine.
  const update = db.pluck(`
    UPDATE evidence SET sentence_start = @sentenceStart
    WHERE article_id = @articleId AND start_offset = @start AND end_offset = @end
    RETURNING id`);
  const insert = db.pluck(`
    INSERT INTO evidence (article_id, start_offset, end_offset, sentence_start, sentence_end)
    VALUES (@articleId, @start, @end, @sentenceStart, @sentenceEnd)
    RETURNING id`);
  const link = {
    office: db.prepare(
      'INSERT INTO office_evidence (office_id, evidence_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    event: db.prepare(
      'INSERT INTO event_evidence (event_id, evidence_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    relation: db.prepare(
      'INSERT INTO relation_evidence (relation_id, evidence_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
  };
  return {
    byIds: idLookup<EvidenceRow>(db, 'evidence'),
    textsOf: evidenceTexts(db),
    byOfficeIds: linkedEvidence(db, 'office_evidence', 'office_id'),
    byEventIds: linkedEvidence(db, 'event_evidence', 'event_id'),
    byRelationIds: linkedEvidence(db, 'relation_evidence', 'relation_id'),
    upsert: async (evidence) => ((await update.get(evidence)) ?? (await insert.get(evidence))) as number,
    linkOffice: async (officeId, evidenceId) => {
      await link.office.run(officeId, evidenceId);
    },
    linkEvent: async (eventId, evidenceId) => {
      await link.event.run(eventId, evidenceId);
    },
    linkRelation: async (relationId, evidenceId) => {
      await link.relation.run(relationId, evidenceId);
    },
  };
}
