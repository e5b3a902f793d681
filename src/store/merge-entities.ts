import type { Db } from './open.ts';

/**
 * All SQL for folding one entity into another: every fact that points at `removeId` is moved to `keepId`,
 * where the same fact already exists on `keepId` the duplicate's evidence joins it before it is dropped, and the removed entity's names
 * become aliases of the kept one. The caller holds the transaction.
 */
export interface MergeStore {
  /** Folds entity `removeId` into `keepId`; the caller holds the transaction and checks the two agree. */
  merge(keepId: number, removeId: number): void;
}

export function createMergeStore(db: Db): MergeStore {
  const statements = [
    'INSERT OR IGNORE INTO entity_aliases (entity_id, alias, norm) SELECT @keep, alias, norm FROM entity_aliases WHERE entity_id = @remove',
    'UPDATE OR IGNORE mentions SET entity_id = @keep WHERE entity_id = @remove',
    // An office both hold stays the kept one's; its evidence from the removed one's copy moves first.
    `INSERT OR IGNORE INTO office_evidence (office_id, evidence_id)
       SELECT kept.id, oe.evidence_id FROM offices removed
       JOIN offices kept ON kept.person_id = @keep AND kept.title = removed.title
       JOIN office_evidence oe ON oe.office_id = removed.id
       WHERE removed.person_id = @remove`,
    'UPDATE OR IGNORE offices SET person_id = @keep WHERE person_id = @remove',
    'UPDATE offices SET country_id = @keep WHERE country_id = @remove',
    'UPDATE offices SET organization_id = @keep WHERE organization_id = @remove',
    'UPDATE OR IGNORE event_participants SET entity_id = @keep WHERE entity_id = @remove',
    'UPDATE events SET place_id = @keep WHERE place_id = @remove',
    'UPDATE events SET country_id = @keep WHERE country_id = @remove',
    'UPDATE claims SET speaker_id = @keep WHERE speaker_id = @remove',
    'UPDATE OR IGNORE claim_subjects SET entity_id = @keep WHERE entity_id = @remove',
    // A relation between the two merged entities would become a loop: drop it.
    'DELETE FROM relations WHERE (from_id = @remove AND to_id = @keep) OR (from_id = @keep AND to_id = @remove)',
    // Likewise for a relation both have with the same entity: its evidence joins the kept relation's.
    `INSERT OR IGNORE INTO relation_evidence (relation_id, evidence_id)
       SELECT kept.id, re.evidence_id FROM relations removed
       JOIN relations kept ON kept.from_id = @keep AND kept.type = removed.type AND kept.to_id = removed.to_id
       JOIN relation_evidence re ON re.relation_id = removed.id
       WHERE removed.from_id = @remove`,
    'UPDATE OR IGNORE relations SET from_id = @keep WHERE from_id = @remove',
    `INSERT OR IGNORE INTO relation_evidence (relation_id, evidence_id)
       SELECT kept.id, re.evidence_id FROM relations removed
       JOIN relations kept ON kept.to_id = @keep AND kept.type = removed.type AND kept.from_id = removed.from_id
       JOIN relation_evidence re ON re.relation_id = removed.id
       WHERE removed.to_id = @remove`,
    'UPDATE OR IGNORE relations SET to_id = @keep WHERE to_id = @remove',
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
    merge(keepId, removeId) {
      for (const statement of statements) statement.run({ keep: keepId, remove: removeId });
    },
  };
}
