import type { MentionRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import { connectionType } from '../pagination.ts';
import { Entity, requiredEntity } from './entity.ts';
import { Evidence } from './evidence.ts';

export const Mention = builder.objectRef<MentionRow>('Mention');

export const MentionMethodEnum = builder.enumType('MentionMethod', {
  description: 'How a mention was found.',
  values: {
    MODEL: { description: 'By the trained named-entity tagger (it may also match a rule).' },
    RULE: { description: 'By a rule: a gazetteer, a pattern or coreference.' },
    CURATED: { description: 'Written by a curator in a seed annotation.' },
  } as const,
});

/** The `minConfidence` argument of lists of mentions. */
export const mentionListArgs = () =>
  builder.args((t) => ({
    minConfidence: t.float({
      description: 'Only mentions the extractor is at least this sure of (0-1; curated mentions count as 1).',
    }),
  }));

/** The store filter for `minConfidence`. */
export const mentionFilters = (args: { minConfidence?: number | null }) => ({
  minConfidence: args.minConfidence ?? null,
});

Mention.implement({
  description: 'A mention of an entity in an article.',
  fields: (t) => ({
    confidence: t.float({
      description:
        "How sure the extractor is of the mention, 0-1: the tagger's probability, or the measured precision of the rule that found it; 1 for curated mentions.",
      resolve: (row) => row.confidence ?? 1,
    }),
    method: t.field({
      type: MentionMethodEnum,
      description: 'How the mention was found.',
      resolve: (row) => (row.method === 'model' ? 'MODEL' : row.method === 'rule' ? 'RULE' : 'CURATED'),
    }),
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
