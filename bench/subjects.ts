import type Database from 'better-sqlite3';

/**
 * What the scenarios ask about, picked from the database being measured: one subject of each kind (the
 * person who made the most claims, the hardest case for per-parent lists as coverage follows a power law;
 * the country with most office holders; a year of events), and pools of many, so that each request of a
 * run can ask about a different one.
 */
export interface Subjects {
  personId: number;
  personSlug: string;
  personGlobalId: string;
  countryCode: string;
  eventsFrom: string;
  eventsTo: string;
  pools: SubjectPools;
}

export interface SubjectPools {
  personSlugs: string[];
  entitySlugs: string[];
  entityGlobalIds: string[];
  /** Countries with people in office, most first. */
  countryCodes: string[];
  articleSlugs: string[];
  eventSlugs: string[];
  /** Entity names, for search and type-ahead. */
  names: string[];
  /** First days of months that hold articles, `YYYY-MM-DD`. */
  months: string[];
}

const globalId = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');
const TYPENAMES: Record<string, string> = {
  PERSON: 'Person',
  COUNTRY: 'Country',
  ORGANIZATION: 'Organization',
  PLACE: 'Place',
};

/** A fixed pseudo-random order of rows (Knuth's multiplicative hash of the id), the same on every run. */
const SHUFFLED = '(id * 2654435761) % 4294967296';

export function pickSubjects(db: Database.Database, poolSize = 200): Subjects {
  const person = db
    .prepare(
      `SELECT e.id, e.slug FROM claims c JOIN entities e ON e.id = c.speaker_id
       GROUP BY c.speaker_id ORDER BY COUNT(*) DESC, e.id LIMIT 1`,
    )
    .get() as { id: number; slug: string };
  const country = db
    .prepare(
      `SELECT c.code FROM offices o JOIN entities c ON c.id = o.country_id
       GROUP BY o.country_id ORDER BY COUNT(*) DESC, c.id LIMIT 1`,
    )
    .get() as { code: string };
  const entities = db
    .prepare(`SELECT id, slug, kind, name FROM entities ORDER BY ${SHUFFLED} LIMIT ?`)
    .all(poolSize) as { id: number; slug: string; kind: string; name: string }[];
  const slugs = (sql: string) => db.prepare(sql).pluck().all(poolSize) as string[];
  return {
    personId: person.id,
    personSlug: person.slug,
    personGlobalId: globalId('Person', person.id),
    countryCode: country.code,
    eventsFrom: '2016-01-01',
    eventsTo: '2016-12-31',
    pools: {
      personSlugs: slugs(`SELECT slug FROM entities WHERE kind = 'PERSON' ORDER BY ${SHUFFLED} LIMIT ?`),
      entitySlugs: entities.map((e) => e.slug),
      entityGlobalIds: entities.map((e) => globalId(TYPENAMES[e.kind] ?? 'Person', e.id)),
      countryCodes: db
        .prepare(
          `SELECT c.code FROM entities c WHERE c.kind = 'COUNTRY'
           AND EXISTS (SELECT 1 FROM offices o WHERE o.country_id = c.id) ORDER BY c.id LIMIT ?`,
        )
        .pluck()
        .all(poolSize) as string[],
      articleSlugs: slugs(`SELECT slug FROM articles ORDER BY ${SHUFFLED} LIMIT ?`),
      eventSlugs: slugs(`SELECT slug FROM events ORDER BY ${SHUFFLED} LIMIT ?`),
      names: entities.map((e) => e.name),
      months: db
        .prepare(
          `SELECT DISTINCT substr(published_at, 1, 7) || '-01' FROM articles
           WHERE published_at IS NOT NULL ORDER BY 1 LIMIT ?`,
        )
        .pluck()
        .all(poolSize) as string[],
    },
  };
}
