import { dialectOf } from './dialect.ts';
import type { Sql } from './sql.ts';

/** How a fact names an entity. */
export type FactRole = 'SPEAKER' | 'SUBJECT' | 'PARTICIPANT' | 'LOCATION' | 'FROM' | 'TO';

/** A claim, event or relation one article states, with the span it states it in and whom it names. */
export interface ArticleFact {
  kind: 'CLAIM' | 'EVENT' | 'RELATION';
  /** The claim's, event's or relation's id. */
  id: number;
  articleId: number;
  /** The first span of this article the fact comes from. */
  evidenceId: number;
  /** The entities it names, each with how. */
  named: Map<number, FactRole[]>;
}

/** At most this many facts of each kind are read for one article (extraction states far fewer). */
const FACTS_PER_KIND = 2_000;

function name(named: Map<number, FactRole[]>, entityId: number | null, role: FactRole): void {
  if (entityId === null) return;
  const roles = named.get(entityId);
  if (!roles) named.set(entityId, [role]);
  else if (!roles.includes(role)) roles.push(role);
}

const ids = (json: string | null) => (json ? (JSON.parse(json) as (number | null)[]) : []);

/**
 * The facts an article states, as a live feed announces them: its claims (speaker and subjects), the
 * events it reports (participants, place and country) and the relations it states (either side). Three
 * statements, each through the article's own indexes.
 */
export interface ArticleFactStore {
  /** The claims, events and relations one article states, each with whom it names. */
  ofArticle(articleId: number): Promise<ArticleFact[]>;
}

export function createArticleFactStore(db: Sql): ArticleFactStore {
  const { jsonList } = dialectOf(db);
  const claims = db.prepare(`
    SELECT c.id, c.evidence_id, c.speaker_id,
           (SELECT ${jsonList('s.entity_id')} FROM claim_subjects s WHERE s.claim_id = c.id) AS subjects
    FROM claims c WHERE c.article_id = ? ORDER BY c.id LIMIT ${FACTS_PER_KIND}`);
  const events = db.prepare(`
    SELECT ev.id, MIN(ee.evidence_id) AS evidence_id, ev.place_id, ev.country_id,
           (SELECT ${jsonList('p.entity_id')} FROM event_participants p WHERE p.event_id = ev.id) AS participants
    FROM evidence e
    JOIN event_evidence ee ON ee.evidence_id = e.id
    JOIN events ev ON ev.id = ee.event_id
    WHERE e.article_id = ? GROUP BY ev.id ORDER BY ev.id LIMIT ${FACTS_PER_KIND}`);
  const relations = db.prepare(`
    SELECT r.id, MIN(re.evidence_id) AS evidence_id, r.from_id, r.to_id
    FROM evidence e
    JOIN relation_evidence re ON re.evidence_id = e.id
    JOIN relations r ON r.id = re.relation_id
    WHERE e.article_id = ? GROUP BY r.id ORDER BY r.id LIMIT ${FACTS_PER_KIND}`);
  return {
    async ofArticle(articleId) {
      const facts: ArticleFact[] = [];
      for (const row of (await claims.all(articleId)) as {
        id: number;
        evidence_id: number;
        speaker_id: number | null;
        subjects: string | null;
      }[]) {
        const named = new Map<number, FactRole[]>();
        name(named, row.speaker_id, 'SPEAKER');
        for (const id of ids(row.subjects)) name(named, id, 'SUBJECT');
        facts.push({ kind: 'CLAIM', id: row.id, articleId, evidenceId: row.evidence_id, named });
      }
      for (const row of (await events.all(articleId)) as {
        id: number;
        evidence_id: number;
        place_id: number | null;
        country_id: number | null;
        participants: string | null;
      }[]) {
        const named = new Map<number, FactRole[]>();
        for (const id of ids(row.participants)) name(named, id, 'PARTICIPANT');
        name(named, row.place_id, 'LOCATION');
        name(named, row.country_id, 'LOCATION');
        facts.push({ kind: 'EVENT', id: row.id, articleId, evidenceId: row.evidence_id, named });
      }
      for (const row of (await relations.all(articleId)) as {
        id: number;
        evidence_id: number;
        from_id: number;
        to_id: number;
      }[]) {
        const named = new Map<number, FactRole[]>();
        name(named, row.from_id, 'FROM');
        name(named, row.to_id, 'TO');
        facts.push({ kind: 'RELATION', id: row.id, articleId, evidenceId: row.evidence_id, named });
      }
      return facts;
    },
  };
}
