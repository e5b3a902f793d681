import { InvalidInputError, NotFoundError, WorkLimitError } from '../../errors.ts';
import { MAX_PATH_HOPS, type PathStepRow } from '../../store/paths.ts';
import type { EntityRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { entityIdArg } from '../global-ids.ts';
import { Claim } from './claim.ts';
import { Entity, requiredEntity } from './entity.ts';
import { Event } from './event.ts';
import { Evidence } from './evidence.ts';
import { LinkKindEnum } from './neighbor.ts';
import { Relation } from './relation.ts';

export const PathStep = builder.objectRef<PathStepRow>('PathStep');

PathStep.implement({
  description:
    'One fact linking two entities on a path, with the text that states it. Steps run from the start ' +
    'of the path to its end; a relation keeps its own direction in `relation`.',
  fields: (t) => ({
    kind: t.field({ type: LinkKindEnum, resolve: (step) => step.kind }),
    from: t.field({ type: Entity, resolve: (step, _args, ctx) => requiredEntity(step.from_id, ctx) }),
    to: t.field({ type: Entity, resolve: (step, _args, ctx) => requiredEntity(step.to_id, ctx) }),
    relation: t.field({
      type: Relation,
      nullable: true,
      description: 'The relation, for a RELATION step.',
      resolve: async (step, _args, ctx) =>
        step.kind === 'RELATION' ? ((await ctx.loaders.relation.load(step.ref_id)) ?? null) : null,
    }),
    event: t.field({
      type: Event,
      nullable: true,
      description: 'The event both took part in, for a SHARED_EVENT step.',
      resolve: async (step, _args, ctx) =>
        step.kind === 'SHARED_EVENT' ? ((await ctx.loaders.event.load(step.ref_id)) ?? null) : null,
    }),
    claim: t.field({
      type: Claim,
      nullable: true,
      description: 'The claim one made about the other, for a CLAIM step.',
      resolve: async (step, _args, ctx) =>
        step.kind === 'CLAIM' ? ((await ctx.loaders.claim.load(step.ref_id)) ?? null) : null,
    }),
    evidence: t.field({
      type: [Evidence],
      description:
        'The spans that state the fact: all evidence of the relation or event, the claim, or for a ' +
        'CO_MENTION the mention whose `sentence` names both.',
      resolve: (step, _args, ctx) => evidenceOfStep(step, ctx),
    }),
  }),
});

async function evidenceOfStep(step: PathStepRow, ctx: Context) {
  switch (step.kind) {
    case 'RELATION':
      return ctx.loaders.evidenceByRelation.first(null).load(step.ref_id);
    case 'SHARED_EVENT':
      return ctx.loaders.evidenceByEvent.first(null).load(step.ref_id);
    default: {
      const evidence = await ctx.loaders.evidence.load(step.evidence_id);
      return evidence ? [evidence] : [];
    }
  }
}

interface PathShape {
  from: EntityRow;
  to: EntityRow;
  steps: PathStepRow[];
}

export const Path = builder.objectRef<PathShape>('Path');

Path.implement({
  description: 'The shortest chain of facts between two entities.',
  fields: (t) => ({
    from: t.field({ type: Entity, resolve: (path) => path.from }),
    to: t.field({ type: Entity, resolve: (path) => path.to }),
    length: t.int({ description: 'How many steps.', resolve: (path) => path.steps.length }),
    entities: t.field({
      type: [Entity],
      description: 'Every entity on the path, from start to end.',
      resolve: (path, _args, ctx) =>
        Promise.all(
          [path.from.id, ...path.steps.map((step) => step.to_id)].map((id) => requiredEntity(id, ctx)),
        ),
    }),
    steps: t.field({ type: [PathStep], resolve: (path) => path.steps }),
  }),
});

builder.queryFields((t) => ({
  path: t.field({
    type: Path,
    nullable: true,
    description:
      'The shortest chain of facts between two entities (by id): relations, shared events, claims ' +
      '(speaker to subject) and co-mention in a sentence, each step with its evidence; null when none is ' +
      `at most maxHops long. Among equally short paths, relations are preferred, then shared events, then ` +
      `claims. maxHops above ${MAX_PATH_HOPS}, or a search that reaches too many entities, is QUERY_TOO_COMPLEX.`,
    args: {
      from: t.arg.id({ required: true }),
      to: t.arg.id({ required: true }),
      maxHops: t.arg.int({ defaultValue: 4, required: true }),
      via: t.arg({ type: [LinkKindEnum], description: 'Only these kinds of link (default: all).' }),
    },
    resolve: async (_root, args, ctx) => {
      if (args.maxHops < 1) throw new InvalidInputError(`"maxHops" must be at least 1, got ${args.maxHops}`);
      if (args.maxHops > MAX_PATH_HOPS) {
        throw new WorkLimitError(
          'maxHops',
          MAX_PATH_HOPS,
          args.maxHops,
          `"maxHops" may be at most ${MAX_PATH_HOPS}, got ${args.maxHops}`,
        );
      }
      const fromId = entityIdArg('from', String(args.from));
      const toId = entityIdArg('to', String(args.to));
      const [from, to] = await Promise.all([ctx.loaders.entity.load(fromId), ctx.loaders.entity.load(toId)]);
      if (!from) throw new NotFoundError('entity', String(args.from));
      if (!to) throw new NotFoundError('entity', String(args.to));
      const steps = await ctx.loaders.lookups().shortestPath(fromId, toId, {
        maxHops: args.maxHops,
        kinds: args.via ?? null,
      });
      return steps ? { from, to, steps } : null;
    },
  }),
}));
