import type { ClaimKind } from '../annotation/format.ts';
import { type ConfidenceFilter, keyedWithConfidence, sortedWithConfidence } from './confidence-filter.ts';
import type { Db } from './open.ts';
import { groupLookup, idLookup, keyedList } from './pages.ts';
import type { ClaimRow } from './rows.ts';
import { CLAIM_IDS_MATCHING, runMatching } from './search.ts';
import { type SortedList, type SortKey, sortedList } from './sorted-pages.ts';

export interface ClaimFilters extends Record<string, unknown> {
  speakerId: number | null;
  aboutId: number | null;
  kind: ClaimKind | null;
  eventId: number | null;
  /** Day range on the claim's date: its event's date, else its article's publication day. */
  from: string | null;
  to: string | null;
  /** An FTS query (from `ftsQuery`) the claim's text or quote must match. */
  claimText: string | null;
  /** Only claims extraction is at least this sure of. */
  minConfidence?: number | null;
}

export const CLAIM_ORDERS = ['ID', 'DATE', 'DATE_DESC'] as const;
export type ClaimOrder = (typeof CLAIM_ORDERS)[number];

export const CLAIM_ORDER_KEYS: Record<ClaimOrder, readonly SortKey[]> = {
  ID: [{ column: 'sort_id' }],
  DATE: [{ column: 'undated' }, { column: 'sort_date' }, { column: 'sort_id' }],
  DATE_DESC: [{ column: 'undated' }, { column: 'sort_date', descending: true }, { column: 'sort_id' }],
};

/** A sorted list whose text filter goes through FTS: its errors are the user's input. */
function matchingList(list: SortedList<ClaimRow, ClaimFilters>): SortedList<ClaimRow, ClaimFilters> {
  return {
    keys: list.keys,
    page: (filters, args) => runMatching(() => sortedWithConfidence(list).page(filters, args)),
    count: (filters) => runMatching(() => sortedWithConfidence(list).count(filters)),
  };
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
  confidence: number;
  sieve: string | null;
}

/** All SQL for the claims and claim_subjects tables. */
export function createClaimStore(db: Db) {
  const selectSame = db.prepare(
    'SELECT id FROM claims WHERE evidence_id = @evidenceId AND speaker_id IS @speakerId AND text = @text',
  );
  const insert = db.prepare(`
    INSERT INTO claims (article_id, evidence_id, speaker_id, event_id, text, quote, verb, kind, confidence, sieve)
    VALUES (@articleId, @evidenceId, @speakerId, @eventId, @text, @quote, @verb, @kind, @confidence, @sieve)`);
  const insertSubject = db.prepare(
    'INSERT OR IGNORE INTO claim_subjects (claim_id, entity_id) VALUES (?, ?)',
  );
  return {
    byIds: idLookup<ClaimRow>(db, 'claims'),
    lists: Object.fromEntries(
      CLAIM_ORDERS.map((order) => [
        order,
        matchingList(
          sortedList<ClaimRow, ClaimFilters>(
            db,
            `SELECT c.*, c.id AS sort_id, CASE WHEN d.date IS NULL THEN 1 ELSE 0 END AS undated, COALESCE(d.date, '') AS sort_date
             FROM claims c
             JOIN (
               SELECT c2.id, COALESCE(ev.date, SUBSTR(a.published_at, 1, 10)) AS date
               FROM claims c2 JOIN articles a ON a.id = c2.article_id LEFT JOIN events ev ON ev.id = c2.event_id
             ) AS d ON d.id = c.id
             WHERE (@speakerId IS NULL OR c.speaker_id = @speakerId)
               AND (@kind IS NULL OR c.kind = @kind)
               AND (@aboutId IS NULL OR EXISTS (
                 SELECT 1 FROM claim_subjects s WHERE s.claim_id = c.id AND s.entity_id = @aboutId))
               AND (@eventId IS NULL OR c.event_id = @eventId)
               AND (@from IS NULL OR d.date >= @from)
               AND (@to IS NULL OR d.date <= @to)
               AND (@claimText IS NULL OR c.id IN (${CLAIM_IDS_MATCHING}))
               AND (@minConfidence IS NULL OR c.confidence >= @minConfidence)`,
            CLAIM_ORDER_KEYS[order],
          ),
        ),
      ]),
    ) as Record<ClaimOrder, SortedList<ClaimRow, ClaimFilters>>,
    bySpeaker: keyedWithConfidence(
      keyedList<ClaimRow, ConfidenceFilter>(
        db,
        `SELECT speaker_id AS key, id AS sort_id, claims.* FROM claims
       WHERE speaker_id IN (SELECT value FROM json_each(@keys))
         AND (@minConfidence IS NULL OR confidence >= @minConfidence)`,
      ),
    ),
    bySubject: keyedWithConfidence(
      keyedList<ClaimRow, ConfidenceFilter>(
        db,
        `SELECT s.entity_id AS key, c.id AS sort_id, c.* FROM claim_subjects s JOIN claims c ON c.id = s.claim_id
       WHERE s.entity_id IN (SELECT value FROM json_each(@keys))
         AND (@minConfidence IS NULL OR c.confidence >= @minConfidence)`,
      ),
    ),
    byArticle: keyedWithConfidence(
      keyedList<ClaimRow, ConfidenceFilter>(
        db,
        `SELECT article_id AS key, id AS sort_id, claims.* FROM claims
       WHERE article_id IN (SELECT value FROM json_each(@keys))
         AND (@minConfidence IS NULL OR confidence >= @minConfidence)`,
      ),
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
