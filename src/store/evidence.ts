import { groupByKeys, keyList } from './keys.ts';
import type { Db } from './open.ts';
import { idLookup } from './pages.ts';
import type { EvidenceRow } from './rows.ts';

export interface NewEvidence {
  articleId: number;
  start: number;
  end: number;
  sentenceStart: number;
  sentenceEnd: number;
}

type Linked = EvidenceRow & { key: number };

/** Evidence of many owners, each owner's in span order: all of it, or at most `limit` per owner. */
export type LinkedEvidence = (keys: readonly number[], limit: number | null) => Linked[][];

/**
 * Evidence rows linked to owners through `linkTable`, grouped by owner, in span order (earliest article
 * first). With a limit, each owner's rows are cut inside SQLite: a relation stated in a thousand
 * articles then costs what its first few spans do.
 */
function linkedEvidence(db: Db, linkTable: string, ownerColumn: string): LinkedEvidence {
  const all = db.prepare(
    `SELECT l.${ownerColumn} AS key, ev.* FROM ${linkTable} l JOIN evidence ev ON ev.id = l.evidence_id
     WHERE l.${ownerColumn} IN (SELECT value FROM json_each(?))
     ORDER BY key, ev.article_id, ev.start_offset`,
  );
  const first = db.prepare(
    `SELECT k.value AS key, ev.* FROM json_each(@keys) AS k
     JOIN evidence ev ON ev.id IN (
       SELECT l.evidence_id FROM ${linkTable} l JOIN evidence e ON e.id = l.evidence_id
       WHERE l.${ownerColumn} = k.value
       ORDER BY e.article_id, e.start_offset LIMIT @limit)
     ORDER BY key, ev.article_id, ev.start_offset`,
  );
  return (keys, limit) => {
    const rows = (
      limit === null ? all.all(keyList(keys)) : first.all({ keys: keyList(keys), limit })
    ) as Linked[];
    return groupByKeys(keys, rows, (row) => row.key);
  };
}

/** The spans of articles that facts come from, and which facts each span supports. */
export interface EvidenceStore {
  byIds(ids: readonly number[]): (EvidenceRow | undefined)[];
  byOfficeIds: LinkedEvidence;
  byEventIds: LinkedEvidence;
  byRelationIds: LinkedEvidence;
  /** The id of the evidence row for a span, creating it when new. */
  upsert(evidence: NewEvidence): number;
  /** Links a span to a fact it supports; a link already there is left as it was. */
  linkOffice(officeId: number, evidenceId: number): void;
  linkEvent(eventId: number, evidenceId: number): void;
  linkRelation(relationId: number, evidenceId: number): void;
}

/** All SQL for the evidence table and the tables linking facts to it. */
export function createEvidenceStore(db: Db): EvidenceStore {
  const upsert = db.prepare(`
    INSERT INTO evidence (article_id, start_offset, end_offset, sentence_start, sentence_end)
    VALUES (@articleId, @start, @end, @sentenceStart, @sentenceEnd)
    ON CONFLICT (article_id, start_offset, end_offset) DO UPDATE SET sentence_start = excluded.sentence_start
    RETURNING id`);
  const link = {
    office: db.prepare('INSERT OR IGNORE INTO office_evidence (office_id, evidence_id) VALUES (?, ?)'),
    event: db.prepare('INSERT OR IGNORE INTO event_evidence (event_id, evidence_id) VALUES (?, ?)'),
    relation: db.prepare('INSERT OR IGNORE INTO relation_evidence (relation_id, evidence_id) VALUES (?, ?)'),
  };
  return {
    byIds: idLookup<EvidenceRow>(db, 'evidence'),
    byOfficeIds: linkedEvidence(db, 'office_evidence', 'office_id'),
    byEventIds: linkedEvidence(db, 'event_evidence', 'event_id'),
    byRelationIds: linkedEvidence(db, 'relation_evidence', 'relation_id'),
    upsert: (evidence) => (upsert.get(evidence) as { id: number }).id,
    linkOffice: (officeId, evidenceId) => {
      link.office.run(officeId, evidenceId);
    },
    linkEvent: (eventId, evidenceId) => {
      link.event.run(eventId, evidenceId);
    },
    linkRelation: (relationId, evidenceId) => {
      link.relation.run(relationId, evidenceId);
    },
  };
}
