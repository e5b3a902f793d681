import type { ClaimKind } from '../annotation/format.ts';
import { type ConfidenceFilter, keyedWithConfidence, sortedWithConfidence } from './confidence-filter.ts';
import { groupLookup, idLookup, type KeyedList, keyedList } from './pages.ts';
import type { ClaimRow } from './rows.ts';
import { claimIdsMatching, runMatching } from './search.ts';
import { type SortedList, type SortKey, sortedList } from './sorted-pages.ts';
import type { Sql } from './sql.ts';

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

/**
 * The filter a claims list is read through: the most selective of those given, taken from its index, so
 * that the list of one speaker, subject or event reads only that parent's claims. The others stay
 * optional conditions on what it reads.
 */
type ClaimDriver = 'about' | 'speaker' | 'event' | 'all';

function driverOf(filters: ClaimFilters): ClaimDriver {
  if (filters.aboutId !== null) return 'about';
  if (filters.speakerId !== null) return 'speaker';
  if (filters.eventId !== null) return 'event';
  return 'all';
}

const CLAIM_SOURCES: Record<ClaimDriver, string> = {
  about: 'claim_subjects s JOIN claims c ON c.id = s.claim_id AND s.entity_id = @aboutId',
  speaker: 'claims c INDEXED BY claims_speaker',
  event: 'claims c INDEXED BY claims_event',
  all: 'claims c',
};

const CLAIM_DRIVING_CONDITIONS: Record<ClaimDriver, string> = {
  about: '1 = 1',
  speaker: 'c.speaker_id = @speakerId',
  event: 'c.event_id = @eventId',
  all: '1 = 1',
};

const CONFIDENT_X = 'AND (@minConfidence IS NULL OR x.confidence >= @minConfidence)';

const ABOUT_CONDITION = `AND (@aboutId IS NULL OR EXISTS (
  SELECT 1 FROM claim_subjects s2 WHERE s2.claim_id = c.id AND s2.entity_id = @aboutId))`;

/** The claims list read through `driver`, with every filter. */
function claimListSql(driver: ClaimDriver, engine: Sql['engine']): string {
  return `SELECT c.*, c.id AS sort_id, CASE WHEN c.day IS NULL THEN 1 ELSE 0 END AS undated, COALESCE(c.day, '') AS sort_date
    FROM ${CLAIM_SOURCES[driver]}
    WHERE ${CLAIM_DRIVING_CONDITIONS[driver]}
      AND (@speakerId IS NULL OR c.speaker_id = @speakerId)
      AND (@kind IS NULL OR c.kind = @kind)
      ${driver === 'about' ? '' : ABOUT_CONDITION}
      AND (@eventId IS NULL OR c.event_id = @eventId)
      AND (@from IS NULL OR c.day >= @from)
      AND (@to IS NULL OR c.day <= @to)
      AND (@claimText IS NULL OR c.id IN (${claimIdsMatching(engine)}))
      AND (@minConfidence IS NULL OR c.confidence >= @minConfidence)`;
}

/** One sorted list per driver, each used for the filters it drives. */
function drivenList(db: Sql, order: ClaimOrder): SortedList<ClaimRow, ClaimFilters> {
  const lists = Object.fromEntries(
    (['about', 'speaker', 'event', 'all'] as const).map((driver) => [
      driver,
      sortedList<ClaimRow, ClaimFilters>(db, claimListSql(driver, db.engine), CLAIM_ORDER_KEYS[order]),
    ]),
  ) as Record<ClaimDriver, SortedList<ClaimRow, ClaimFilters>>;
  return {
    keys: CLAIM_ORDER_KEYS[order],
    page: (filters, args) => lists[driverOf(filters)].page(filters, args),
    count: (filters) => lists[driverOf(filters)].count(filters),
  };
}

/** What people said, whom it is about, and where each claim was found. */
export interface ClaimStore {
  byIds(ids: readonly number[]): Promise<(ClaimRow | undefined)[]>;
  /** The claims list in each order; a text filter the search rejects is the user's input error. */
  lists: Record<ClaimOrder, SortedList<ClaimRow, ClaimFilters>>;
  /** Claims each entity made. */
  bySpeaker: KeyedList<ClaimRow, ConfidenceFilter>;
  /** Claims about each entity. */
  bySubject: KeyedList<ClaimRow, ConfidenceFilter>;
  /** Claims each article states. */
  byArticle: KeyedList<ClaimRow, ConfidenceFilter>;
  /** Claims made at each event, in id order. */
  byEventIds(eventIds: readonly number[]): Promise<ClaimRow[][]>;
  /** The entities each claim is about, in the order they were added. */
  subjectIdsByClaimIds(claimIds: readonly number[]): Promise<{ claim_id: number; entity_id: number }[][]>;
  /** The id of the same claim already stored, so that loading twice adds nothing. */
  findSame(claim: Pick<NewClaim, 'evidenceId' | 'speakerId' | 'text'>): Promise<number | undefined>;
  /** Inserts a claim and returns its id; the caller holds the transaction. */
  insert(claim: NewClaim): Promise<number>;
  /** Adds an entity the claim is about; one already there is left as it was. */
  addSubject(claimId: number, entityId: number): Promise<void>;
}

/** All SQL for the claims and claim_subjects tables. */
export function createClaimStore(db: Sql): ClaimStore {
  const selectSame = db.prepare(
    'SELECT id FROM claims WHERE evidence_id = @evidenceId AND speaker_id IS NOT DISTINCT FROM @speakerId AND text = @text',
  );
  const insert = db.pluck(`
    INSERT INTO claims (article_id, evidence_id, speaker_id, event_id, text, quote, verb, kind, confidence, sieve)
    VALUES (@articleId, @evidenceId, @speakerId, @eventId, @text, @quote, @verb, @kind, @confidence, @sieve)
    RETURNING id`);
  const insertSubject = db.prepare(
    'INSERT INTO claim_subjects (claim_id, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  return {
    byIds: idLookup<ClaimRow>(db, 'claims'),
    lists: Object.fromEntries(
      CLAIM_ORDERS.map((order) => [order, sortedWithConfidence(matchingList(drivenList(db, order)))]),
    ) as Record<ClaimOrder, SortedList<ClaimRow, ClaimFilters>>,
    bySpeaker: keyedWithConfidence(
      keyedList<ClaimRow, ConfidenceFilter>(db, {
        table: 'claims',
        pageIds: `SELECT x.id FROM claims x WHERE x.speaker_id = @key AND x.id > @afterId ${CONFIDENT_X}
                  ORDER BY x.id LIMIT @limit`,
        // The writer keeps the unfiltered count; a confidence floor counts through the speaker's index.
        count: `CASE WHEN @minConfidence IS NULL THEN (SELECT claims_made_count FROM entities WHERE id = @key)
                ELSE (SELECT COUNT(*) FROM claims x WHERE x.speaker_id = @key ${CONFIDENT_X}) END`,
      }),
    ),
    bySubject: keyedWithConfidence(
      keyedList<ClaimRow, ConfidenceFilter>(db, {
        table: 'claims',
        pageIds: `SELECT s.claim_id FROM claim_subjects s WHERE s.entity_id = @key AND s.claim_id > @afterId
                  AND (@minConfidence IS NULL OR (SELECT x.confidence FROM claims x WHERE x.id = s.claim_id) >= @minConfidence)
                  ORDER BY s.claim_id LIMIT @limit`,
        count: `CASE WHEN @minConfidence IS NULL THEN (SELECT claims_about_count FROM entities WHERE id = @key)
                ELSE (SELECT COUNT(*) FROM claim_subjects s JOIN claims x ON x.id = s.claim_id
                      WHERE s.entity_id = @key ${CONFIDENT_X}) END`,
      }),
    ),
    byArticle: keyedWithConfidence(
      keyedList<ClaimRow, ConfidenceFilter>(db, {
        table: 'claims',
        pageIds: `SELECT x.id FROM claims x WHERE x.article_id = @key AND x.id > @afterId ${CONFIDENT_X}
                  ORDER BY x.id LIMIT @limit`,
        count: `(SELECT COUNT(*) FROM claims x WHERE x.article_id = @key ${CONFIDENT_X})`,
      }),
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
    findSame: async (claim) => ((await selectSame.get(claim)) as { id: number } | undefined)?.id,
    insert: async (claim) => (await insert.get(claim)) as number,
    addSubject: async (claimId, entityId) => {
      await insertSubject.run(claimId, entityId);
    },
  };
}
