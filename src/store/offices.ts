import { groupLookup } from './pages.ts';
import type { OfficeRow } from './rows.ts';
import type { Sql } from './sql.ts';

export interface NewOffice {
  personId: number;
  title: string;
  countryId: number | null;
  organizationId: number | null;
}

/** The offices people hold. */
export interface OfficeStore {
  /** Each person's offices, in id order. */
  byPersonIds(personIds: readonly number[]): Promise<OfficeRow[][]>;
  /** The id of a person's office by title, creating it when new; gaps are filled, nothing overwritten. */
  upsert(office: NewOffice): Promise<number>;
}

/** All SQL for the offices table. */
export function createOfficeStore(db: Sql): OfficeStore {
  // Update, else insert (not an upsert): a conflicting insert would still draw an id from PostgreSQL's
  // sequence, and the same input would then number rows differently per engine.
  const fill = db.pluck(`
    UPDATE offices SET
      country_id = COALESCE(country_id, @countryId),
      organization_id = COALESCE(organization_id, @organizationId)
    WHERE person_id = @personId AND title = @title
    RETURNING id`);
  const insert = db.pluck(`
    INSERT INTO offices (person_id, title, country_id, organization_id)
    VALUES (@personId, @title, @countryId, @organizationId)
    RETURNING id`);
  return {
    byPersonIds: groupLookup<OfficeRow>(
      db,
      'SELECT * FROM offices WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY person_id, id',
      (row) => row.person_id,
    ),
    upsert: async (office) => ((await fill.get(office)) ?? (await insert.get(office))) as number,
  };
}
