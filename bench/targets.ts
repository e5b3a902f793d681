import type Database from 'better-sqlite3';
import type { Targets } from './scenarios.ts';

/**
 * The subjects of the scenarios: the person who made the most claims (the hardest case for per-parent
 * lists, as coverage follows a power law), the country with most office holders, and a year of events.
 */
export function pickTargets(db: Database.Database): Targets {
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
  return {
    personId: person.id,
    personSlug: person.slug,
    personGlobalId: Buffer.from(`Person:${person.id}`).toString('base64'),
    countryCode: country.code,
    eventsFrom: '2016-01-01',
    eventsTo: '2016-12-31',
  };
}
