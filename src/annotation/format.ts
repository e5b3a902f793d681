import { z } from 'zod';

/**
 * The annotation of one article: every entity, event, claim and relation it states, each with its evidence.
 * Curated seed files and the extraction pipeline both produce this shape; one writer puts it in the graph.
 * Entities, events and claims refer to each other by `key`, which is local to the annotation.
 */

export const ENTITY_KINDS = ['PERSON', 'COUNTRY', 'ORGANIZATION', 'PLACE'] as const;
export const EVENT_KINDS = [
  'SUMMIT',
  'MEETING',
  'ATTACK',
  'MILITARY_ACTION',
  'PRESS_CONFERENCE',
  'CONFERENCE',
  'AGREEMENT',
  'OTHER',
] as const;
export const PARTICIPANT_ROLES = ['ATTENDEE', 'HOST', 'ORGANIZER', 'PERPETRATOR', 'TARGET'] as const;
export const CLAIM_KINDS = [
  'STATEMENT',
  'ACCUSATION',
  'DENIAL',
  'ANNOUNCEMENT',
  'APPEAL',
  'ACKNOWLEDGEMENT',
  'CONFIRMATION',
] as const;
export const RELATION_TYPES = [
  'ALLY_OF',
  'MEMBER_OF',
  'PART_OF',
  'LOCATED_IN',
  'OPPOSES',
  'SUPPORTS',
] as const;

export type EntityKind = (typeof ENTITY_KINDS)[number];
export type EventKind = (typeof EVENT_KINDS)[number];
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export type ClaimKind = (typeof CLAIM_KINDS)[number];
export type RelationType = (typeof RELATION_TYPES)[number];

/** A resolved span: `body.slice(start, end)` is the evidence text (UTF-16 offsets). */
export const spanSchema = z.strictObject({
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
});
export type Span = z.infer<typeof spanSchema>;

/**
 * Evidence as a curator writes it: the exact text, with a 1-based occurrence number when the text occurs
 * more than once in the body; or a resolved span, as the extractor writes it.
 */
export const evidenceRefSchema = z.union([
  z.string().min(1),
  z.strictObject({ text: z.string().min(1), occurrence: z.number().int().positive().optional() }),
  spanSchema,
]);
export type EvidenceRef = z.infer<typeof evidenceRefSchema>;

/** How the extractor found a mention: the trained tagger, or a rule (gazetteer, pattern, coreference). */
export const MENTION_METHODS = ['model', 'rule'] as const;
export type MentionMethod = (typeof MENTION_METHODS)[number];

/**
 * What a mention's words are: a name of the entity ("Norway", "Ms Berg"), a demonym or adjective of a
 * country ("Russian"), a name used by metonymy for another entity ("Moscow said" for Russia's government),
 * a description ("the president") or a pronoun. Only names are names of the entity itself.
 */
export const MENTION_FORMS = ['name', 'demonym', 'metonym', 'description', 'pronoun'] as const;
export type MentionForm = (typeof MENTION_FORMS)[number];

/** A mention as the extractor writes it: a span, how it was found, how sure the extractor is, its form. */
export const foundMentionSchema = z.strictObject({
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  confidence: z.number().min(0).max(1).optional(),
  method: z.enum(MENTION_METHODS).optional(),
  form: z.enum(MENTION_FORMS).optional(),
});
export type FoundMention = z.infer<typeof foundMentionSchema>;

/** An entity mention: evidence as a curator writes it, or a found mention with its confidence. */
export const mentionRefSchema = z.union([evidenceRefSchema, foundMentionSchema]);
export type MentionRef = z.infer<typeof mentionRefSchema>;

const key = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'keys are lower-case words joined by hyphens');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are written YYYY-MM-DD');

export const officeSchema = z.strictObject({
  /** Normal form: "Prime Minister of the United Kingdom". */
  title: z.string().min(1),
  country: key.optional(),
  organization: key.optional(),
  evidence: z.array(evidenceRefSchema).min(1),
});

export const entitySchema = z.strictObject({
  key,
  kind: z.enum(ENTITY_KINDS),
  name: z.string().min(1),
  /** Global slug; when absent the writer derives one or merges with an existing entity. */
  slug: key.optional(),
  aliases: z.array(z.string().min(1)).default([]),
  description: z.string().optional(),
  wikidataId: z
    .string()
    .regex(/^Q\d+$/)
    .optional(),
  /** ISO 3166-1 alpha-2, for countries only. */
  code: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** Key of the country a person, organisation or place belongs to. */
  country: key.optional(),
  offices: z.array(officeSchema).default([]),
  mentions: z.array(mentionRefSchema).default([]),
});

export const participantSchema = z.strictObject({
  entity: key,
  role: z.enum(PARTICIPANT_ROLES).default('ATTENDEE'),
});

export const eventSchema = z.strictObject({
  key,
  slug: key.optional(),
  name: z.string().min(1),
  kind: z.enum(EVENT_KINDS),
  description: z.string().optional(),
  date: isoDate.optional(),
  endDate: isoDate.optional(),
  dateText: z.string().optional(),
  place: key.optional(),
  country: key.optional(),
  partOf: key.optional(),
  participants: z.array(participantSchema).default([]),
  evidence: z.array(evidenceRefSchema).min(1),
  /** How sure the extractor is, 0–1; curated events count as certain. */
  confidence: z.number().min(0).max(1).optional(),
  /**
   * The name is a common noun ("press conference", "the meeting") that identifies nothing by itself:
   * the event merges with another article's only when date and a place or participant agree.
   */
  generic: z.boolean().optional(),
});

export const claimSchema = z.strictObject({
  speaker: key.optional(),
  /** The content as reported. */
  text: z.string().min(1),
  /** The exact words in quotation marks, where quoted. */
  quote: z.string().optional(),
  verb: z.string().optional(),
  kind: z.enum(CLAIM_KINDS),
  about: z.array(key).default([]),
  event: key.optional(),
  evidence: evidenceRefSchema,
  /** The attribution strategy (sieve) that found the claim; curated claims have none. */
  sieve: z.string().min(1).optional(),
  /** How sure the extractor is, 0–1; curated claims count as certain. */
  confidence: z.number().min(0).max(1).optional(),
});

export const relationSchema = z.strictObject({
  type: z.enum(RELATION_TYPES),
  from: key,
  to: key,
  evidence: z.array(evidenceRefSchema).min(1),
});

export const articleMetaSchema = z.strictObject({
  publishedAt: z.iso.datetime({ offset: true }).or(isoDate).optional(),
  source: z.string().optional(),
  url: z.url().optional(),
});

export const annotationSchema = z.strictObject({
  article: articleMetaSchema.default({}),
  entities: z.array(entitySchema).default([]),
  events: z.array(eventSchema).default([]),
  claims: z.array(claimSchema).default([]),
  relations: z.array(relationSchema).default([]),
});

export type Office = z.infer<typeof officeSchema>;
export type EntityAnnotation = z.infer<typeof entitySchema>;
export type Participant = z.infer<typeof participantSchema>;
export type EventAnnotation = z.infer<typeof eventSchema>;
export type ClaimAnnotation = z.infer<typeof claimSchema>;
export type RelationAnnotation = z.infer<typeof relationSchema>;
export type ArticleMeta = z.infer<typeof articleMetaSchema>;
export type Annotation = z.infer<typeof annotationSchema>;
