import type { EntityRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { Country } from './country.ts';
import { Entity, entityById, loadEntitiesOfKind } from './entity.ts';

export const Place = builder.loadableNodeRef<EntityRow, number, number>('Place', {
  id: { resolve: (row) => row.id, parse: (id) => Number(id) },
  // Rows come back as found; sorting by id turns unknown ids into null.
  sort: (row) => row.id,
  load: (ids: number[], ctx: Context) => loadEntitiesOfKind(ids, 'PLACE', ctx),
});

Place.implement({
  description: 'A city, resort, region or sea; countries are their own kind.',
  interfaces: () => [Entity],
  isTypeOf: (row) => (row as EntityRow).kind === 'PLACE',
  fields: (t) => ({
    country: t.field({
      type: Country,
      nullable: true,
      resolve: (row, _args, ctx) => entityById(row.country_id, ctx),
    }),
  }),
});
