import type { EntityRow } from '../../store/rows.ts';
import { requireAdmin } from '../access.ts';
import { builder } from '../builder.ts';
import { entityIdArg } from '../global-ids.ts';
import { asUserErrors } from '../user-errors.ts';
import { Entity } from './entity.ts';

const MergeEntitiesPayload = builder.objectRef<EntityRow>('MergeEntitiesPayload').implement({
  description: 'What mergeEntities kept.',
  fields: (t) => ({
    entity: t.field({
      type: Entity,
      description: 'The kept entity, now holding every fact and name of the removed one.',
      resolve: (row) => row,
    }),
  }),
});

builder.mutationFields((t) => ({
  mergeEntities: t.field({
    type: MergeEntitiesPayload,
    description:
      'Folds one entity into another of the same kind: mentions, offices, events, claims and relations move, and its names become aliases. Needs the admin token.',
    args: { keep: t.arg.id({ required: true }), remove: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      requireAdmin(ctx, 'mergeEntities');
      const keepId = entityIdArg('keep', String(args.keep));
      const removeId = entityIdArg('remove', String(args.remove));
      return asUserErrors(() => ctx.writes.mergeEntities(keepId, removeId));
    },
  }),
}));
