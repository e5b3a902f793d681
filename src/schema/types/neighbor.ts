import { LINK_KINDS, type LinkKind, NEIGHBOR_ORDER, type NeighborRow } from '../../store/neighbors.ts';
import { sortValuesOf } from '../../store/sorted-pages.ts';
import { builder } from '../builder.ts';
import { keysetPageArgs, toKeysetConnection } from '../key-cursors.ts';
import { connectionArgs, connectionType } from '../pagination.ts';
import { Entity, requiredEntity } from './entity.ts';

export const LinkKindEnum = builder.enumType('LinkKind', {
  description:
    'How two entities are linked: RELATION (a typed relation, either way round), SHARED_EVENT (both ' +
    'took part in one event), CLAIM (one made a claim about the other), CO_MENTION (both are named in ' +
    'one sentence).',
  values: LINK_KINDS,
});

export const Neighbor = builder.objectRef<NeighborRow>('Neighbor');

Neighbor.implement({
  description: 'An entity linked to another, how strongly and how.',
  fields: (t) => ({
    entity: t.field({ type: Entity, resolve: (row, _args, ctx) => requiredEntity(row.entity_id, ctx) }),
    weight: t.exposeInt('weight', {
      description:
        'How many articles, sentences and facts link the two: each article and sentence once, each fact ' +
        'once per article that reports it.',
    }),
    articleCount: t.exposeInt('article_count', { description: 'Articles that link the two.' }),
    sentenceCount: t.exposeInt('sentence_count', { description: 'Sentences that link the two.' }),
    factCount: t.exposeInt('fact_count', {
      description:
        'Relations, shared events and claims that link the two, once per article that reports each.',
    }),
    kinds: t.field({
      type: [LinkKindEnum],
      description: 'The kinds of link between the two.',
      resolve: (row) => LINK_KINDS.filter((kind) => row.kinds.split(',').includes(kind)) as LinkKind[],
    }),
  }),
});

export const NeighborConnection = connectionType<NeighborRow>('Neighbor', Neighbor);

builder.interfaceField(Entity, 'neighbors', (t) =>
  t.field({
    type: NeighborConnection,
    description:
      'The entities most strongly linked to this one, strongest first: enough to draw the graph around ' +
      'a node in one request. With `kinds`, only links of those kinds count.',
    args: { kinds: t.arg({ type: [LinkKindEnum] }), ...connectionArgs() },
    resolve: async (row, args, ctx) => {
      const page = keysetPageArgs(args, 'WEIGHT', NEIGHBOR_ORDER.length);
      const filters = { kinds: args.kinds?.length ? JSON.stringify(args.kinds) : null };
      const rows = await ctx.loaders.neighborsByEntity.page(page, filters).load(row.id);
      return toKeysetConnection(
        rows,
        page,
        (neighbor) => sortValuesOf(NEIGHBOR_ORDER, neighbor),
        () => ctx.loaders.neighborsByEntity.count(filters).load(row.id),
      );
    },
  }),
);
