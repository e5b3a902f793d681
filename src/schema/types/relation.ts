import type { RelationRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import { connectionArgs, connectionType, rootConnection } from '../pagination.ts';
import { Entity, requiredEntity } from './entity.ts';
import { RelationTypeEnum } from './enums.ts';
import { EVIDENCE_FIRST_DESCRIPTION, Evidence, evidenceLimit } from './evidence.ts';

export const Relation = builder.objectRef<RelationRow>('Relation');

Relation.implement({
  description: 'A typed, directed edge between two entities, with the text that states it.',
  fields: (t) => ({
    type: t.field({ type: RelationTypeEnum, resolve: (row) => row.type }),
    from: t.field({ type: Entity, resolve: (row, _args, ctx) => requiredEntity(row.from_id, ctx) }),
    to: t.field({ type: Entity, resolve: (row, _args, ctx) => requiredEntity(row.to_id, ctx) }),
    evidence: t.field({
      type: [Evidence],
      args: { first: t.arg.int({ description: EVIDENCE_FIRST_DESCRIPTION }) },
      resolve: (row, args, ctx) =>
        ctx.loaders.evidenceByRelation.first(evidenceLimit(args.first)).load(row.id),
    }),
  }),
});

export const RelationConnection = connectionType<RelationRow>('Relation', Relation);

builder.queryFields((t) => ({
  relations: t.field({
    type: RelationConnection,
    description:
      'Relations between entities across the graph, optionally of one type: who is allied with whom.',
    args: { type: t.arg({ type: RelationTypeEnum }), ...connectionArgs() },
    resolve: (_root, args, ctx) =>
      rootConnection(ctx.loaders.lookups().relations, { type: args.type ?? null }, args),
  }),
}));
