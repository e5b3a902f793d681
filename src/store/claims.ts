import type { ClaimKind } from '../annotation/format.ts';
import type { Db } from './open.ts';
import { chooseList, groupLookup, idLookup, keyedList, type RootList, rootList } from './pages.ts';
import type { ClaimRow } from './rows.ts';

export interface ClaimFilters extends Record<string, unknown> {
  speakerId: number | null;
  aboutId: number | null;
  kind: ClaimKind | null;
}

export interface NewClaim {
  articleId: number;
  evidenceId: number;
  speakerId: number | null;
  eventId: number | null;
  text: string;
  quote: string | null;
  verb: string | null;
  kind: ClaimKind;
}

const CLAIM_FILTERS = `(@speakerId IS NULL OR c.speaker_id = @speakerId)
  AND (@kind IS NULL OR c.kind = @kind)
  AND (@aboutId IS NULL OR EXISTS (
    SELECT 1 FROM claim_subjects s WHERE s.claim_id = c.id AND s.entity_id = @aboutId))`;

/** Claims, filtered: the speaker's index drives when there is a speaker, else the subject's, else the kind's. */
function claimList(db: Db): RootList<ClaimRow, ClaimFilters> {
  const list = (where: string) =>
    rootList<ClaimRow, ClaimFilters>(db, `SELECT c.*, c.id AS sort_id FROM claims c WHERE ${where}`);
  const bySpeaker = list(`c.speaker_id = @speakerId AND ${CLAIM_FILTERS}`);
  const about = list(
    `c.id IN (SELECT claim_id FROM claim_subjects WHERE entity_id = @aboutId) AND ${CLAIM_FILTERS}`,
  );
  const ofKind = list(`c.kind = @kind AND ${CLAIM_FILTERS}`);
  const all = list('TRUE');
  return chooseList((filters) => {
    if (filters.speakerId !== null) return bySpeaker;
    if (filters.aboutId !== null) return about;
    if (filters.kind !== null) return ofKind;
    return all;
  });
}

/** All SQL for the claims and claim_subjects tables. */
export function createClaimStore(db: Db) {
  const selectSame = db.prepare(
    'SELECT id FROM claims WHERE evidence_id = @evidenceId AND speaker_id IS @speakerId AND text = @text',
  );
  const insert = db.prepare(`
    INSERT INTO claims (article_id, evidence_id, speaker_id, event_id, text, quote, verb, kind)
    VALUES (@articleId, @evidenceId, @speakerId, @eventId, @text, @quote, @verb, @kind)`);
  const insertSubject = db.prepare(
    'INSERT OR IGNORE INTO claim_subjects (claim_id, entity_id) VALUES (?, ?)',
  );
  return {
    byIds: idLookup<ClaimRow>(db, 'claims'),
    list: claimList(db),
    bySpeaker: keyedList<ClaimRow>(
      db,
      `SELECT speaker_id AS key, id AS sort_id, claims.* FROM claims
       WHERE speaker_id IN (SELECT value FROM json_each(@keys))`,
    ),
    bySubject: keyedList<ClaimRow>(
      db,
      `SELECT s.entity_id AS key, c.id AS sort_id, c.* FROM claim_subjects s JOIN claims c ON c.id = s.claim_id
       WHERE s.entity_id IN (SELECT value FROM json_each(@keys))`,
    ),
    byArticle: keyedList<ClaimRow>(
      db,
      `SELECT article_id AS key, id AS sort_id, claims.* FROM claims
       WHERE article_id IN (SELECT value FROM json_each(@keys))`,
    ),
    byEventIds: groupLookup<ClaimRow>(
      db,
      'SELECT * FROM claims WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id, id',
      (row) => row.event_id ?? 0,
    ),
    subjectIdsByClaimIds: groupLookup<{ claim_id: number; entity_id: number }>(
      db,
      `SELECT claim_id, entity_id FROM claim_subjects WHERE claim_id IN (SELECT value FROM json_each(?))
       ORDER BY claim_id, rowid`,
      (row) => row.claim_id,
    ),
    /** The id of the same claim already stored, so that loading twice adds nothing. */
    findSame: (claim: Pick<NewClaim, 'evidenceId' | 'speakerId' | 'text'>) =>
      (selectSame.get(claim) as { id: number } | undefined)?.id,
    insert: (claim: NewClaim) => Number(insert.run(claim).lastInsertRowid),
    addSubject: (claimId: number, entityId: number) => insertSubject.run(claimId, entityId),
  };
}
