import { InvalidInputError } from '../../errors.ts';
import type { DateRange, EntityMentionCount, NodeCounts } from '../../store/stats.ts';
import { builder } from '../builder.ts';
import { cacheDayRange } from '../cache-owners.ts';
import { MAX_PAGE_SIZE } from '../pagination.ts';
import { Entity, requiredEntity } from './entity.ts';
import { EntityKindEnum } from './enums.ts';
import { DateScalar } from './scalars.ts';

export const EntityMentionStat = builder.objectRef<EntityMentionCount>('EntityMentionStat').implement({
  description: 'An entity and how often the articles mention it.',
  fields: (t) => ({
    entity: t.field({ type: Entity, resolve: (row, _args, ctx) => requiredEntity(row.entity_id, ctx) }),
    mentions: t.exposeInt('mentions'),
    articles: t.exposeInt('articles', { description: 'Articles that mention it.' }),
  }),
});

type StatsShape = { range: DateRange; counts: NodeCounts };

export const Stats = builder.objectRef<StatsShape>('Stats');

Stats.implement({
  description:
    'Counts of the graph. Within a date range (articles by publication day), a node counts when an ' +
    'article published in the range gives evidence of it; without one, every node counts.',
  fields: (t) => ({
    from: t.field({ type: DateScalar, nullable: true, resolve: (stats) => stats.range.from }),
    to: t.field({ type: DateScalar, nullable: true, resolve: (stats) => stats.range.to }),
    articles: t.int({ resolve: (stats) => stats.counts.articles }),
    people: t.int({ resolve: (stats) => stats.counts.people }),
    countries: t.int({ resolve: (stats) => stats.counts.countries }),
    organizations: t.int({ resolve: (stats) => stats.counts.organizations }),
    places: t.int({ resolve: (stats) => stats.counts.places }),
    events: t.int({ resolve: (stats) => stats.counts.events }),
    claims: t.int({ resolve: (stats) => stats.counts.claims }),
    relations: t.int({ resolve: (stats) => stats.counts.relations }),
    mentions: t.int({ resolve: (stats) => stats.counts.mentions }),
    topEntities: t.field({
      type: [EntityMentionStat],
      description: 'The most-mentioned entities, optionally of one kind, most mentions first.',
      args: {
        kind: t.arg({ type: EntityKindEnum }),
        first: t.arg.int({ defaultValue: 10, required: true }),
      },
      resolve: (stats, args, ctx) => {
        if (args.first < 0 || args.first > MAX_PAGE_SIZE) {
          throw new InvalidInputError(`"first" must be between 0 and ${MAX_PAGE_SIZE}, got ${args.first}`);
        }
        return ctx.loaders.lookups().stats.topEntities(stats.range, args.kind ?? null, args.first);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  stats: t.field({
    type: Stats,
    description: 'Node counts by kind and the most-mentioned entities, optionally within a date range.',
    args: { from: t.arg({ type: DateScalar }), to: t.arg({ type: DateScalar }) },
    extensions: cacheDayRange('from', 'to'),
    resolve: async (_root, args, ctx) => {
      const range = { from: args.from ?? null, to: args.to ?? null };
      if (range.from && range.to && range.from > range.to) {
        throw new InvalidInputError(`"from" (${range.from}) is after "to" (${range.to})`);
      }
      return { range, counts: await ctx.loaders.lookups().stats.countsWithin(range) };
    },
  }),
}));
