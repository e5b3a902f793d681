import type { MentionRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import { connectionType } from '../pagination.ts';
import { Entity, requiredEntity } from './entity.ts';
import { Evidence } from './evidence.ts';

export const Mention = builder.objectRef<MentionRow>('Mention');

Mention.implement({
  description: 'A mention of an entity in an article.',
  fields: (t) => ({
    entity: t.field({
      type: Entity,
      resolve: (row, _args, ctx) => requiredEntity(row.entity_id, ctx),
    }),
    evidence: t.field({
      type: Evidence,
      resolve: async (row, _args, ctx) => {
        const evidence = await ctx.loaders.evidence.load(row.evidence_id);
        if (!evidence) throw new Error(`mention ${row.id} has no evidence`);
        return evidence;
      },
    }),
  }),
});

export const MentionConnection = connectionType<MentionRow>('Mention', Mention);
