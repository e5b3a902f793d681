import type { EntityRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { Country } from './country.ts';
import { Entity, entityById, loadEntitiesOfKind } from './entity.ts';

export const Organization = builder.loadableNodeRef<EntityRow, number, number>('Organization', {
  id: { resolve: (row) => row.id, parse: (id) => Number(id) },
  // Rows come back as found; sorting by id turns unknown ids into null.
  sort: (row) => row.id,
  load: (ids: number[], ctx: Context) => loadEntitiesOfKind(ids, 'ORGANIZATION', ctx),
});

Organization.implement({
  description: 'An organisation or group: a party, an alliance, an armed group, a ministry, a broadcaster.',
  interfaces: () => [Entity],
  isTypeOf: (row) => (row as EntityRow).kind === 'ORGANIZATION',
  fields: (t) => ({
    country: t.field({
      type: Country,
      nullable: true,
      resolve: (row, _args, ctx) => entityById(row.country_id, ctx),
    }),
  }),
});
