import type { Db } from './open.ts';

export interface NodeCounts {
  articles: number;
  people: number;
  countries: number;
  organizations: number;
  places: number;
  events: number;
  claims: number;
  relations: number;
  mentions: number;
}

/** All SQL for counts over the whole graph. */
export function createStatsStore(db: Db) {
  const counts = db.prepare(`
    SELECT
      (SELECT COUNT(*) FROM articles) AS articles,
      (SELECT COUNT(*) FROM entities WHERE kind = 'PERSON') AS people,
      (SELECT COUNT(*) FROM entities WHERE kind = 'COUNTRY') AS countries,
      (SELECT COUNT(*) FROM entities WHERE kind = 'ORGANIZATION') AS organizations,
      (SELECT COUNT(*) FROM entities WHERE kind = 'PLACE') AS places,
      (SELECT COUNT(*) FROM events) AS events,
      (SELECT COUNT(*) FROM claims) AS claims,
      (SELECT COUNT(*) FROM relations) AS relations,
      (SELECT COUNT(*) FROM mentions) AS mentions`);
  const ping = db.prepare('SELECT 1').pluck();
  return {
    nodeCounts: () => counts.get() as NodeCounts,
    isHealthy: () => ping.get() === 1,
  };
}
