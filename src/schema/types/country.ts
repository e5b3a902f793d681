import { InvalidInputError } from '../../errors.ts';
import type { EntityRow } from '../../store/rows.ts';
import { canonicalCountryCode } from '../../text/country-codes.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { sortedListConnection } from '../key-cursors.ts';
import { connectionArgs, connectionType } from '../pagination.ts';
import { Entity, loadEntitiesOfKind } from './entity.ts';
import { Person } from './person.ts';

/** An ISO 3166-1 alpha-2 code from a client, canonical, or BAD_USER_INPUT. */
export function countryCodeArg(input: string): string {
  const code = canonicalCountryCode(input);
  if (!code)
    throw new InvalidInputError(`"${input}" is not an ISO 3166-1 alpha-2 country code (e.g. GB, RU)`);
  return code;
}

export const Country = builder.loadableNodeRef<EntityRow, number, number>('Country', {
  id: { resolve: (row) => row.id, parse: (id) => Number(id) },
  // Rows come back as found; sorting by id turns unknown ids into null.
  sort: (row) => row.id,
  load: (ids: number[], ctx: Context) => loadEntitiesOfKind(ids, 'COUNTRY', ctx),
});

Country.implement({
  description: 'A sovereign country, however the text names it: "Britain", "UK", "British".',
  interfaces: () => [Entity],
  isTypeOf: (row) => (row as EntityRow).kind === 'COUNTRY',
  fields: (t) => ({
    code: t.string({ description: 'ISO 3166-1 alpha-2 code, e.g. GB.', resolve: (row) => row.code ?? '' }),
    leaders: t.field({
      type: [Person],
      description: 'People holding an office of this country.',
      resolve: (row, _args, ctx) => ctx.loaders.leadersByCountry.load(row.id),
    }),
  }),
});

export const CountryConnection = connectionType<EntityRow>('Country', Country);

builder.queryFields((t) => ({
  country: t.field({
    type: Country,
    nullable: true,
    description: 'A country by ISO 3166-1 alpha-2 code (any case); null when the graph has none.',
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.loaders.lookups().countryByCode(countryCodeArg(args.code)) ?? null,
  }),
  countries: t.field({
    type: CountryConnection,
    args: connectionArgs(),
    resolve: (_root, args, ctx) => {
      const filters = { kind: 'COUNTRY' as const, namePattern: null, countryId: null, minMentions: null };
      return sortedListConnection(ctx.loaders.lookups().entities.ID, 'ID', filters, args);
    },
  }),
}));
