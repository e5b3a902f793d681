import type { Sql } from './sql.ts';

/**
 * All SQL for folding one entity into another: every fact that points at `removeId` is moved to `keepId`,
 * where the same fact already exists on `keepId` the duplicate's evidence joins it before it is dropped, and the removed entity's names
 * become aliases of the kept one. The caller holds the transaction.
 */
export interface MergeStore {
  /** Folds entity `removeId` into `keepId`; the caller holds the transaction and checks the two agree. */
  merge(keepId: number, removeId: number): Promise<void>;
}

export function createMergeStore(db: Sql): MergeStore {
  const statements = [
    `INSERT INTO entity_aliases (entity_id, alias, norm)
       SELECT @keep, alias, norm FROM entity_aliases WHERE entity_id = @remove ORDER BY norm
       ON CONFLICT DO NOTHING`,
    // A row the kept entity already has is left behind (the cascade removes it), as UPDATE OR IGNORE
    // would on SQLite; spelled out so that every engine runs it.
    `UPDATE mentions SET entity_id = @keep WHERE entity_id = @remove AND NOT EXISTS (
       SELECT 1 FROM mentions k WHERE k.entity_id = @keep AND k.evidence_id = mentions.evidence_id)`,
    // An office both hold stays the kept one's; its evidence from the removed one's copy moves first.
    `INSERT INTO office_evidence (office_id, evidence_id)
       SELECT kept.id, oe.evidence_id FROM offices removed
       JOIN offices kept ON kept.person_id = @keep AND kept.title = removed.title
       JOIN office_evidence oe ON oe.office_id = removed.id
       WHERE removed.person_id = @remove
       ON CONFLICT DO NOTHING`,
    `UPDATE offices SET person_id = @keep WHERE person_id = @remove AND NOT EXISTS (
       SELECT 1 FROM offices k WHERE k.person_id = @keep AND k.title = offices.title)`,
    'UPDATE offices SET country_id = @keep WHERE country_id = @remove',
    'UPDATE offices SET organization_id = @keep WHERE organization_id = @remove',
    `UPDATE event_participants SET entity_id = @keep WHERE entity_id = @remove AND NOT EXISTS (
       SELECT 1 FROM event_participants k
       WHERE k.entity_id = @keep AND k.event_id = event_participants.event_id AND k.role = event_participants.role)`,
    'UPDATE events SET place_id = @keep WHERE place_id = @remove',
    'UPDATE events SET country_id = @keep WHERE country_id = @remove',
    'UPDATE claims SET speaker_id = @keep WHERE speaker_id = @remove',
    `UPDATE claim_subjects SET entity_id = @keep WHERE entity_id = @remove AND NOT EXISTS (
       SELECT 1 FROM claim_subjects k WHERE k.entity_id = @keep AND k.claim_id = claim_subjects.claim_id)`,
    // A relation between the two merged entities would become a loop: drop it.
    'DELETE FROM relations WHERE (from_id = @remove AND to_id = @keep) OR (from_id = @keep AND to_id = @remove)',
    // Likewise for a relation both have with the same entity: its evidence joins the kept relation's.
    `INSERT INTO relation_evidence (relation_id, evidence_id)
       SELECT kept.id, re.evidence_id FROM relations removed
       JOIN relations kept ON kept.from_id = @keep AND kept.type = removed.type AND kept.to_id = removed.to_id
       JOIN relation_evidence re ON re.relation_id = removed.id
       WHERE removed.from_id = @remove
       ON CONFLICT DO NOTHING`,
    `UPDATE relations SET from_id = @keep WHERE from_id = @remove AND NOT EXISTS (
       SELECT 1 FROM relations k WHERE k.from_id = @keep AND k.type = relations.type AND k.to_id = relations.to_id)`,
    `INSERT INTO relation_evidence (relation_id, evidence_id)
       SELECT kept.id, re.evidence_id FROM relations removed
       JOIN relations kept ON kept.to_id = @keep AND kept.type = removed.type AND kept.from_id = removed.from_id
       JOIN relation_evidence re ON re.relation_id = removed.id
       WHERE removed.to_id = @remove
       ON CONFLICT DO NOTHING`,
    `UPDATE relations SET to_id = @keep WHERE to_id = @remove AND NOT EXISTS (
       SELECT 1 FROM relations k WHERE k.to_id = @keep AND k.type = relations.type AND k.from_id = relations.from_id)`,
    'UPDATE entities SET country_id = @keep WHERE country_id = @remove AND id <> @keep',
    `UPDATE entities SET
       description = COALESCE(description, (SELECT description FROM entities WHERE id = @remove)),
       wikidata_id = COALESCE(wikidata_id, (SELECT wikidata_id FROM entities WHERE id = @remove)),
       country_id = COALESCE(country_id, (SELECT country_id FROM entities WHERE id = @remove))
     WHERE id = @keep`,
    // Rows left behind were duplicates of facts the kept entity already had; the cascade removes them.
    'DELETE FROM entities WHERE id = @remove',
  ].map((sql) => db.prepare(sql));
  return {
    async merge(keepId, removeId) {
      for (const statement of statements) await statement.run({ keep: keepId, remove: removeId });
    },
  };
}
