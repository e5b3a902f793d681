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

export const MentionFormEnum = builder.enumType('MentionForm', {
  description: "What a mention's words are.",
  values: {
    NAME: { description: 'A name of the entity: "Norway", "Anna Berg", "Ms Berg".' },
    DEMONYM: {
      description:
        'A demonym or adjective of a country: "Russian", "Kenyans". It states a nationality, not a name of the country.',
    },
    METONYM: {
      description:
        'A name used for another entity: "Moscow" in "Moscow said", a mention of Russia. The city is mentioned by name too.',
    },
    DESCRIPTION: { description: 'A description: "the prime minister".' },
    PRONOUN: { description: 'A pronoun: "he", "her".' },
  } as const,
});

type MentionFormValue = typeof MentionFormEnum.$inferType;

/** Forms that mention lists return unless asked: names, descriptions and pronouns of the entity. */
export const DEFAULT_MENTION_FORMS: MentionFormValue[] = ['NAME', 'DESCRIPTION', 'PRONOUN'];
const ALL_MENTION_FORMS: readonly MentionFormValue[] = [
  'NAME',
  'DEMONYM',
  'METONYM',
  'DESCRIPTION',
  'PRONOUN',
];

/** The `minConfidence` and `forms` arguments of lists of mentions. */
export const mentionListArgs = () =>
  builder.args((t) => ({
    minConfidence: t.float({
      description: 'Only mentions the extractor is at least this sure of (0-1; curated mentions count as 1).',
    }),
    forms: t.field({
      type: [MentionFormEnum],
      defaultValue: DEFAULT_MENTION_FORMS,
      description:
        'Only mentions of these forms. By default demonyms ("Russian") and metonyms ("Moscow said") are left out: they are no name of the entity. Ask for them to see every word that points at it.',
    }),
  }));

/** The store filter for `minConfidence` and `forms`. */
export const mentionFilters = (args: {
  minConfidence?: number | null;
  forms?: readonly MentionFormValue[] | null;
}) => {
  const forms = args.forms ?? ALL_MENTION_FORMS;
  const every = ALL_MENTION_FORMS.every((f) => forms.includes(f));
  return {
    minConfidence: args.minConfidence ?? null,
    forms: every
      ? null
      : `,${[...new Set(forms)]
          .map((f) => f.toLowerCase())
          .sort()
          .join(',')},`,
  };
};

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
    form: t.field({
      type: MentionFormEnum,
      description: "What the mention's words are: a name, a demonym, a metonym, a description or a pronoun.",
      resolve: (row) => (row.form ? (row.form.toUpperCase() as MentionFormValue) : 'NAME'),
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
