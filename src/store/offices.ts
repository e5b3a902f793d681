import type { Db } from './open.ts';
import { groupLookup } from './pages.ts';
import type { OfficeRow } from './rows.ts';

export interface NewOffice {
  personId: number;
  title: string;
  countryId: number | null;
  organizationId: number | null;
}

/** The offices people hold. */
export interface OfficeStore {
  /** Each person's offices, in id order. */
  byPersonIds(personIds: readonly number[]): OfficeRow[][];
  /** The id of a person's office by title, creating it when new; gaps are filled, nothing overwritten. */
  upsert(office: NewOffice): number;
}

/** All SQL for the offices table. */
export function createOfficeStore(db: Db): OfficeStore {
  const upsert = db.prepare(`
    INSERT INTO offices (person_id, title, country_id, organization_id)
    VALUES (@personId, @title, @countryId, @organizationId)
    ON CONFLICT (person_id, title) DO UPDATE SET
      country_id = COALESCE(offices.country_id, excluded.country_id),
      organization_id = COALESCE(offices.organization_id, excluded.organization_id)
    RETURNING id`);
  return {
    byPersonIds: groupLookup<OfficeRow>(
      db,
      'SELECT * FROM offices WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY person_id, id',
      (row) => row.person_id,
    ),
    upsert: (office) => (upsert.get(office) as { id: number }).id,
  };
}
