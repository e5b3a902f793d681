/**
 * The extraction pipeline: one article in, one Annotation out, every evidence reference a resolved span
 * of the body. Runs the stages in order — segment, quotes, the trained entity tagger, countries, organisations, people, places,
 * coreference, entity table, events, claims, relations — each a pure function of the ones before.
 */
import type { Annotation, ArticleMeta, MentionRef } from '../annotation/format.ts';
import { attributeClaims, SOURCE_MENTION_CONFIDENCE } from './claims.ts';
import { resolveCoreference } from './coreference.ts';
import { findCountryMentions } from './countries.ts';
import { buildEntityTable } from './entities.ts';
import { findEvents } from './events.ts';
import { TaggedSpans } from './ner/spans.ts';
import { tagEntities } from './ner/tagger.ts';
import { findOrganizations } from './organizations.ts';
import { findPeople } from './people.ts';
import { findPlaces } from './places.ts';
import { findQuotes } from './quotes.ts';
import { findRelations } from './relations.ts';
import { segment } from './segment.ts';

export interface ArticleInput {
  title: string;
  body: string;
  /** YYYY-MM-DD or an ISO date-time. */
  publishedAt?: string;
}

const PUBLISHED_AT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

function articleMeta(publishedAt: string | undefined): ArticleMeta {
  return publishedAt && PUBLISHED_AT.test(publishedAt) ? { publishedAt } : {};
}

/** The stages before events and claims, as the trainers of those stages see an article too. */
export function analyseArticle(body: string) {
  const segmented = segment(body);
  const quotes = findQuotes(segmented);
  const tagged = new TaggedSpans(tagEntities(segmented), segmented.tokens.length);
  const countries = findCountryMentions(segmented, tagged);
  const { organizations, claimed: organizationTokens } = findOrganizations(segmented, tagged);
  const found = findPeople({ segmented, countries, organizations, claimed: organizationTokens, tagged });
  const places = findPlaces(segmented, found.claimed, tagged, countries);
  const people = resolveCoreference(segmented, found.people, found.claimed, quotes);
  const table = buildEntityTable({ body, countries, organizations, places, people });
  return { segmented, quotes, table };
}

const mentionStart = (m: MentionRef) => (typeof m === 'object' && 'start' in m ? m.start : 0);

/** Extracts entities, events, claims and relations from one article. */
export function extractArticle(input: ArticleInput): Annotation {
  const publishedAt =
    input.publishedAt && PUBLISHED_AT.test(input.publishedAt) ? input.publishedAt : undefined;
  const { segmented, quotes, table } = analyseArticle(input.body);
  const events = findEvents({
    segmented,
    table,
    title: input.title,
    ...(publishedAt ? { publishedAt } : {}),
  });
  const { claims, sourceMentions } = attributeClaims({
    segmented,
    table,
    quotes,
    eventMentions: events.mentions,
  });
  // Pronouns the claims resolved as their sources are mentions of the speakers.
  for (const m of sourceMentions) {
    const entity = table.byKey(m.key);
    if (!entity) continue;
    entity.mentions.push({
      start: m.start,
      end: m.end,
      method: 'rule',
      confidence: SOURCE_MENTION_CONFIDENCE,
    });
    entity.mentions.sort((a, b) => mentionStart(a) - mentionStart(b));
  }
  const relations = findRelations(segmented, table);
  return {
    article: articleMeta(publishedAt),
    entities: table.entities,
    events: events.events,
    claims,
    relations,
  };
}
