import type Database from 'better-sqlite3';

/** Ids and slugs a scenario needs, picked from the database being measured (see targets.ts). */
export interface Targets {
  personId: number;
  personSlug: string;
  personGlobalId: string;
  countryCode: string;
  eventsFrom: string;
  eventsTo: string;
}

/**
 * One measured request. `raw` reads the same rows with hand-written prepared statements: the floor of what
 * SQLite alone costs for this answer. Search, path and neighbours scenarios are one entry each here.
 */
export interface Scenario {
  name: string;
  query: string;
  variables: (targets: Targets) => Record<string, unknown>;
  /** Prepares its statements once and returns the work of one request. */
  raw: (db: Database.Database, targets: Targets) => () => void;
}

/** The HTTP and GraphQL floor: a query that touches no data. */
export const trivial: Scenario = {
  name: 'trivial { __typename }',
  query: '{ __typename }',
  variables: () => ({}),
  raw: () => () => {},
};

const json = (ids: readonly number[]) => JSON.stringify(ids);

export const scenarios: Scenario[] = [
  {
    name: 'node by id',
    query: `query NodeById($id: ID!) { node(id: $id) { id ... on Person { name slug } } }`,
    variables: (t) => ({ id: t.personGlobalId }),
    raw: (db, t) => {
      const select = db.prepare('SELECT * FROM entities WHERE id = ?');
      return () => select.get(t.personId);
    },
  },
  {
    name: 'entity by slug with aliases',
    query: `query EntityBySlug($slug: String!) { entity(slug: $slug) { id name kind aliases } }`,
    variables: (t) => ({ slug: t.personSlug }),
    raw: (db, t) => {
      const entity = db.prepare('SELECT * FROM entities WHERE slug = ?');
      const aliases = db.prepare('SELECT alias FROM entity_aliases WHERE entity_id = ?');
      return () => {
        const row = entity.get(t.personSlug) as { id: number };
        aliases.all(row.id);
      };
    },
  },
  {
    name: 'country leaders with offices',
    query: `query CountryLeaders {
      countries(first: 20) { edges { node { name code leaders { name offices { title country { code } } } } } }
    }`,
    variables: () => ({}),
    raw: (db) => {
      const countries = db.prepare("SELECT * FROM entities WHERE kind = 'COUNTRY' ORDER BY id LIMIT 21");
      const leaders =
        db.prepare(`SELECT DISTINCT o.country_id, e.* FROM offices o JOIN entities e ON e.id = o.person_id
        WHERE o.country_id IN (SELECT value FROM json_each(?)) ORDER BY o.country_id, e.id`);
      const offices = db.prepare('SELECT * FROM offices WHERE person_id IN (SELECT value FROM json_each(?))');
      const entities = db.prepare('SELECT * FROM entities WHERE id IN (SELECT value FROM json_each(?))');
      return () => {
        const ids = (countries.all() as { id: number }[]).map((row) => row.id);
        const people = (leaders.all(json(ids)) as { id: number }[]).map((row) => row.id);
        const rows = offices.all(json(people)) as { country_id: number }[];
        entities.all(json(rows.map((row) => row.country_id)));
      };
    },
  },
  {
    name: "a person's claims, 3 levels",
    query: `query PersonClaims($slug: String!) {
      person(slug: $slug) {
        name
        claimsBy(first: 20) {
          edges { node { kind text speaker { name } about { name } evidence { text sentence article { title } } } }
        }
      }
    }`,
    variables: (t) => ({ slug: t.personSlug }),
    raw: (db, t) => {
      const person = db.prepare('SELECT * FROM entities WHERE slug = ?');
      const claims = db.prepare('SELECT * FROM claims WHERE speaker_id = ? ORDER BY id LIMIT 21');
      const subjects = db.prepare(
        'SELECT claim_id, entity_id FROM claim_subjects WHERE claim_id IN (SELECT value FROM json_each(?))',
      );
      const entities = db.prepare('SELECT * FROM entities WHERE id IN (SELECT value FROM json_each(?))');
      const evidence = db.prepare('SELECT * FROM evidence WHERE id IN (SELECT value FROM json_each(?))');
      const articles = db.prepare('SELECT * FROM articles WHERE id IN (SELECT value FROM json_each(?))');
      return () => {
        const row = person.get(t.personSlug) as { id: number };
        const rows = claims.all(row.id) as { id: number; speaker_id: number; evidence_id: number }[];
        const about = subjects.all(json(rows.map((c) => c.id))) as { entity_id: number }[];
        entities.all(json([...rows.map((c) => c.speaker_id), ...about.map((s) => s.entity_id)]));
        const spans = evidence.all(json(rows.map((c) => c.evidence_id))) as { article_id: number }[];
        articles.all(json(spans.map((s) => s.article_id)));
      };
    },
  },
  {
    name: 'events by participant and dates',
    query: `query EventsOf($id: ID!, $from: Date!, $to: Date!) {
      events(participant: $id, from: $from, to: $to, first: 20) {
        edges { node { name date participants { role entity { name } } } }
      }
    }`,
    variables: (t) => ({ id: t.personGlobalId, from: t.eventsFrom, to: t.eventsTo }),
    raw: (db, t) => {
      const events = db.prepare(`SELECT e.* FROM event_participants p JOIN events e ON e.id = p.event_id
        WHERE p.entity_id = ? AND e.date BETWEEN ? AND ? ORDER BY e.id LIMIT 21`);
      const participants = db.prepare(
        'SELECT * FROM event_participants WHERE event_id IN (SELECT value FROM json_each(?))',
      );
      const entities = db.prepare('SELECT * FROM entities WHERE id IN (SELECT value FROM json_each(?))');
      return () => {
        const rows = events.all(t.personId, t.eventsFrom, t.eventsTo) as { id: number }[];
        const people = participants.all(json(rows.map((e) => e.id))) as { entity_id: number }[];
        entities.all(json(people.map((p) => p.entity_id)));
      };
    },
  },
];
