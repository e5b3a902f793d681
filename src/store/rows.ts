import type {
  ClaimKind,
  EntityKind,
  EventKind,
  ParticipantRole,
  RelationType,
} from '../annotation/format.ts';

/** One row type per table, as the store returns them. */

export interface ArticleRow {
  id: number;
  slug: string;
  title: string;
  body: string;
  published_at: string | null;
  source: string | null;
  url: string | null;
  content_hash: string;
  annotation_hash: string | null;
  /** ISO 639-1 code as detected, `und` when too short to tell, null for articles stored before detection. */
  language: string | null;
  /** 0 when the article was stored without extracting facts (a language extraction does not cover). */
  facts_extracted: number;
  author: string | null;
  canonical_url: string | null;
}

export interface ArticleUrlRow {
  article_id: number;
  url: string;
  source: string | null;
  matched_by: 'canonical' | 'near-duplicate' | 'same-text';
  seen_at: string;
}

export interface FeedRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  checked_at: string | null;
  failures: number;
  next_check_at: string | null;
}

export interface EvidenceRow {
  id: number;
  article_id: number;
  start_offset: number;
  end_offset: number;
  sentence_start: number;
  sentence_end: number;
}

/** The words of a span of evidence and of the sentence that holds it. */
export interface EvidenceText {
  id: number;
  text: string;
  sentence: string;
}

export interface EntityRow {
  id: number;
  slug: string;
  kind: EntityKind;
  name: string;
  description: string | null;
  wikidata_id: string | null;
  code: string | null;
  country_id: number | null;
}

export interface AliasRow {
  entity_id: number;
  alias: string;
  norm: string;
}

export interface MentionRow {
  id: number;
  entity_id: number;
  article_id: number;
  evidence_id: number;
  /** NULL for curated mentions. */
  confidence: number | null;
  /** 'model' or 'rule'; NULL for curated mentions. */
  method: string | null;
  /** 'name', 'demonym', 'metonym', 'description' or 'pronoun'; NULL (a name) for curated mentions. */
  form: string | null;
}

export interface OfficeRow {
  id: number;
  person_id: number;
  title: string;
  country_id: number | null;
  organization_id: number | null;
}

export interface EventRow {
  id: number;
  slug: string;
  name: string;
  kind: EventKind;
  description: string | null;
  date: string | null;
  end_date: string | null;
  date_text: string | null;
  place_id: number | null;
  country_id: number | null;
  part_of_id: number | null;
  confidence: number;
}

export interface ParticipantRow {
  event_id: number;
  entity_id: number;
  role: ParticipantRole;
}

export interface ClaimRow {
  id: number;
  article_id: number;
  evidence_id: number;
  speaker_id: number | null;
  event_id: number | null;
  text: string;
  quote: string | null;
  verb: string | null;
  kind: ClaimKind;
  confidence: number;
  sieve: string | null;
}

export interface RelationRow {
  id: number;
  type: RelationType;
  from_id: number;
  to_id: number;
}
