import type { Sql } from './sql.ts';

/**
 * All SQL for removing facts left without evidence, after an article is deleted or replaced.
 * Offices, events and relations live as long as some article supports them; an entity lives while it is
 * mentioned or anything still points at it (a place's country, an event's participant, a claim's speaker).
 */
export interface PruneStore {
  /** Deletes unsupported facts and then unreferenced entities; returns how many rows went. */
  pruneOrphans(): Promise<number>;
}

export function createPruneStore(db: Sql): PruneStore {
  const statements = [
    'DELETE FROM offices WHERE NOT EXISTS (SELECT 1 FROM office_evidence x WHERE x.office_id = offices.id)',
    'DELETE FROM relations WHERE NOT EXISTS (SELECT 1 FROM relation_evidence x WHERE x.relation_id = relations.id)',
    'DELETE FROM events WHERE NOT EXISTS (SELECT 1 FROM event_evidence x WHERE x.event_id = events.id)',
    `DELETE FROM entities WHERE
       NOT EXISTS (SELECT 1 FROM mentions x WHERE x.entity_id = entities.id)
       AND NOT EXISTS (SELECT 1 FROM offices x
                       WHERE x.person_id = entities.id OR x.country_id = entities.id OR x.organization_id = entities.id)
       AND NOT EXISTS (SELECT 1 FROM relations x WHERE x.from_id = entities.id OR x.to_id = entities.id)
       AND NOT EXISTS (SELECT 1 FROM event_participants x WHERE x.entity_id = entities.id)
       AND NOT EXISTS (SELECT 1 FROM events x WHERE x.place_id = entities.id OR x.country_id = entities.id)
       AND NOT EXISTS (SELECT 1 FROM claims x WHERE x.speaker_id = entities.id)
       AND NOT EXISTS (SELECT 1 FROM claim_subjects x WHERE x.entity_id = entities.id)
       AND NOT EXISTS (SELECT 1 FROM entities x WHERE x.country_id = entities.id)`,
  ].map((sql) => db.prepare(sql));
  return {
    async pruneOrphans() {
      let removed = 0;
      for (const statement of statements) removed += (await statement.run()).changes;
      return removed;
    },
  };
}
