import type { EntityRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { connectionArgs, connectionType, rootConnection } from '../pagination.ts';
import { Country, countryCodeArg } from './country.ts';
import { Entity, entityById, loadEntitiesOfKind } from './entity.ts';
import { Office } from './office.ts';

export const Person = builder.loadableNodeRef<EntityRow, number, number>('Person', {
  id: { resolve: (row) => row.id, parse: (id) => Number(id) },
  // Rows come back as found; sorting by id turns unknown ids into null.
  sort: (row) => row.id,
  load: (ids: number[], ctx: Context) => loadEntitiesOfKind(ids, 'PERSON', ctx),
});

Person.implement({
  description: 'A person named in the news.',
  interfaces: () => [Entity],
  isTypeOf: (row) => (row as EntityRow).kind === 'PERSON',
  fields: (t) => ({
    offices: t.field({
      type: [Office],
      description: 'Offices the articles say the person holds or held.',
      resolve: (row, _args, ctx) => ctx.loaders.officesByPerson.load(row.id),
    }),
    country: t.field({
      type: Country,
      nullable: true,
      description: 'Country of office or nationality.',
      resolve: (row, _args, ctx) => entityById(row.country_id, ctx),
    }),
  }),
});

export const PersonConnection = connectionType<EntityRow>('Person', Person);

builder.queryFields((t) => ({
  person: t.field({
    type: Person,
    nullable: true,
    description: 'A person by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const row = await ctx.loaders.lookups().entityBySlug(args.slug);
      return row?.kind === 'PERSON' ? row : null;
    },
  }),
  leaders: t.field({
    type: PersonConnection,
    description: 'People who hold an office; country is an ISO 3166-1 alpha-2 code.',
    args: { country: t.arg.string(), ...connectionArgs() },
    resolve: (_root, args, ctx) =>
      rootConnection(
        ctx.loaders.lookups().leaders,
        { code: args.country == null ? null : countryCodeArg(args.country) },
        args,
      ),
  }),
}));
