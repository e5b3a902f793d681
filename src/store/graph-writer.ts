import type { EntityKind, Span } from '../annotation/format.ts';
import type { ResolvedAnnotation, ResolvedMention } from '../annotation/resolve-annotation.ts';
import { normaliseName, slugify } from '../text/normalise.ts';
import { type Bounds, sentenceAround, sentenceBounds } from '../text/sentences.ts';
import type { ArticleRow, EntityRow } from './rows.ts';
import type { Store } from './store.ts';

export interface ArticleInput {
  title: string;
  body: string;
  /** A preferred slug (seed file name); derived from the title when absent. */
  slug?: string;
  publishedAt: string | null;
  source: string | null;
  url: string | null;
  contentHash: string;
  annotationHash: string | null;
}

export type FactKind = 'entities' | 'mentions' | 'offices' | 'events' | 'claims' | 'relations';

/** What one write did: facts new to the graph, and facts that joined ones it already held. */
export interface WriteSummary {
  articleId: number;
  slug: string;
  unchanged: boolean;
  added: Record<FactKind, number>;
  merged: Record<FactKind, number>;
  /** Resolution decisions a person may want to check, e.g. a surname shared by several people. */
  warnings: string[];
  /** By name, so a wrong merge shows at once: entities new to the graph, entities and events merged. */
  names: { addedEntities: string[]; mergedEntities: string[]; mergedEvents: string[] };
}

const emptyCounts = (): Record<FactKind, number> => ({
  entities: 0,
  mentions: 0,
  offices: 0,
  events: 0,
  claims: 0,
  relations: 0,
});

/**
 * Writes an article and everything its annotation states, in one transaction: either all of it lands or
 * none. An article whose content hash is already stored is left as it is (`unchanged`).
 * Entities merge with what the graph knows: countries by ISO code, then by explicit slug, then by
 * normalised name or alias of the same kind; a bare surname shared by several people is not merged.
 */
export function writeArticleGraph(
  store: Store,
  article: ArticleInput,
  annotation: ResolvedAnnotation,
): Promise<WriteSummary> {
  return store.transaction(async (tx) => {
    const existing = await tx.articles.byContentHash(article.contentHash);
    if (existing) return unchangedSummary(existing);
    const slug = await tx.articles.freeSlug(article.slug ?? slugify(article.title));
    const articleId = await tx.articles.insert({ ...article, slug });
    const summary = summaryFor(articleId, slug);
    const writer = new ArticleWriter(tx, articleId, article.body, summary);
    await writer.write(annotation);
    await tx.neighbors.recordArticle(articleId);
    for (const [eventId, added] of writer.grownEvents)
      await tx.neighbors.recordEventGrowth(eventId, added, articleId);
    return summary;
  });
}

/** The summary of a write that found its article already stored. */
export function unchangedSummary(article: Pick<ArticleRow, 'id' | 'slug'>): WriteSummary {
  return { ...summaryFor(article.id, article.slug), unchanged: true };
}

function summaryFor(articleId: number, slug: string): WriteSummary {
  return {
    articleId,
    slug,
    unchanged: false,
    added: emptyCounts(),
    merged: emptyCounts(),
    warnings: [],
    names: { addedEntities: [], mergedEntities: [], mergedEvents: [] },
  };
}

class ArticleWriter {
  private readonly sentences: Bounds[];
  private readonly entityIds = new Map<string, number>();
  private readonly eventIds = new Map<string, number>();
  private readonly pendingMentions: { entityId: number; span: ResolvedMention }[] = [];
  /** Events already in the graph that this article gave new participants, with how many. */
  readonly grownEvents = new Map<number, number>();

  constructor(
    private readonly store: Store,
    private readonly articleId: number,
    body: string,
    private readonly summary: WriteSummary,
  ) {
    this.sentences = sentenceBounds(body);
  }

  async write(annotation: ResolvedAnnotation): Promise<void> {
    // Countries first: people, places and organisations point at them.
    const byCountryFirst = [...annotation.entities].sort(
      (a, b) => Number(b.kind === 'COUNTRY') - Number(a.kind === 'COUNTRY'),
    );
    for (const entity of byCountryFirst) await this.writeEntity(entity);
    await this.writeMentions();
    for (const entity of annotation.entities) {
      for (const office of entity.offices) await this.writeOffice(this.entityId(entity.key), office);
    }
    for (const event of annotation.events) await this.writeEvent(event);
    for (const event of annotation.events) await this.linkPartOf(event.key, event.partOf);
    for (const claim of annotation.claims) await this.writeClaim(claim);
    for (const relation of annotation.relations) await this.writeRelation(relation);
  }

  private entityId(key: string): number {
    const id = this.entityIds.get(key);
    if (id === undefined) throw new Error(`entity key "${key}" was not written`);
    return id;
  }

  private optionalEntityId(key: string | undefined): number | null {
    return key === undefined ? null : this.entityId(key);
  }

  private async evidenceId(span: Span): Promise<number> {
    const sentence = sentenceAround(this.sentences, span);
    return await this.store.evidence.upsert({
      articleId: this.articleId,
      start: span.start,
      end: span.end,
      sentenceStart: sentence.start,
      sentenceEnd: sentence.end,
    });
  }

  private count(kind: FactKind, merged: boolean): void {
    this.summary[merged ? 'merged' : 'added'][kind]++;
  }

  private async writeEntity(entity: ResolvedAnnotation['entities'][number]): Promise<void> {
    const countryId = this.optionalEntityId(entity.country);
    const match = await this.findEntity(entity);
    let id: number;
    if (match) {
      id = match.id;
      await this.store.entities.fillGaps(id, {
        description: entity.description ?? null,
        wikidataId: entity.wikidataId ?? null,
        countryId,
      });
    } else {
      id = await this.store.entities.insert({
        slug: await this.store.entities.freeSlug(entity.slug ?? slugify(entity.name)),
        kind: entity.kind,
        name: entity.name,
        description: entity.description ?? null,
        wikidataId: entity.wikidataId ?? null,
        code: entity.code ?? null,
        countryId,
      });
    }
    this.count('entities', match !== undefined);
    this.summary.names[match ? 'mergedEntities' : 'addedEntities'].push(match ? match.name : entity.name);
    this.entityIds.set(entity.key, id);
    for (const alias of [entity.name, ...entity.aliases]) {
      const norm = normaliseName(alias);
      if (norm) await this.store.entities.addAlias(id, alias, norm);
    }
    for (const span of entity.mentions) this.pendingMentions.push({ entityId: id, span });
  }

  /** Mentions go in in reading order, so that id order is the order of appearance in the article. */
  private async writeMentions(): Promise<void> {
    this.pendingMentions.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    for (const { entityId, span } of this.pendingMentions) {
      const added = await this.store.mentions.insert(
        entityId,
        this.articleId,
        await this.evidenceId(span),
        span,
      );
      if (added) this.count('mentions', false);
    }
  }

  private async findEntity(entity: ResolvedAnnotation['entities'][number]): Promise<EntityRow | undefined> {
    if (entity.code) return await this.store.entities.byCode(entity.code);
    if (entity.slug) {
      const bySlug = await this.store.entities.bySlug(entity.slug);
      if (bySlug?.kind === entity.kind) return bySlug;
    }
    return await this.findByName(entity.name, entity.kind, entity.kind === 'PERSON' ? [] : entity.aliases);
  }

  private async findByName(
    name: string,
    kind: EntityKind,
    aliases: readonly string[],
  ): Promise<EntityRow | undefined> {
    for (const candidate of [name, ...aliases]) {
      const matches = await this.store.entities.byAlias(normaliseName(candidate), kind);
      if (matches.length === 1) return matches[0];
      if (matches.length > 1) {
        // Several entities answer to this name (two people called "Smith"): merging would be a guess.
        this.summary.warnings.push(
          `"${candidate}" could be ${matches.map((m) => m.slug).join(' or ')}: kept apart; merge them by hand if they are one`,
        );
        return undefined;
      }
    }
    return undefined;
  }

  private async writeOffice(
    personId: number,
    office: ResolvedAnnotation['entities'][number]['offices'][number],
  ): Promise<void> {
    const existing = (await this.store.offices.byPersonIds([personId]))[0]?.some(
      (o) => o.title === office.title,
    );
    const officeId = await this.store.offices.upsert({
      personId,
      title: office.title,
      countryId: this.optionalEntityId(office.country),
      organizationId: this.optionalEntityId(office.organization),
    });
    this.count('offices', Boolean(existing));
    for (const span of office.evidence)
      await this.store.evidence.linkOffice(officeId, await this.evidenceId(span));
  }

  private async writeEvent(event: ResolvedAnnotation['events'][number]): Promise<void> {
    const fields = {
      description: event.description ?? null,
      date: event.date ?? null,
      endDate: event.endDate ?? null,
      dateText: event.dateText ?? null,
      placeId: this.optionalEntityId(event.place),
      countryId: this.optionalEntityId(event.country),
      partOfId: null,
    };
    const match = await this.findEvent(event, fields.date);
    let id: number;
    if (match) {
      id = match;
      await this.store.events.fillGaps(id, fields);
      await this.store.events.raiseConfidence(id, event.confidence ?? 1);
    } else {
      const slug = await this.store.events.freeSlug(event.slug ?? slugify(event.name));
      id = await this.store.events.insert({
        slug,
        name: event.name,
        kind: event.kind,
        ...fields,
        confidence: event.confidence ?? 1,
      });
    }
    this.count('events', match !== undefined);
    if (match !== undefined) this.summary.names.mergedEvents.push(event.name);
    this.eventIds.set(event.key, id);
    let added = 0;
    for (const participant of event.participants) {
      if (await this.store.events.addParticipant(id, this.entityId(participant.entity), participant.role))
        added++;
    }
    if (match !== undefined && added) this.grownEvents.set(id, (this.grownEvents.get(id) ?? 0) + added);
    for (const span of event.evidence) await this.store.evidence.linkEvent(id, await this.evidenceId(span));
  }

  /**
   * An event already in the graph under the same slug, or of the same name and kind that agrees with
   * this one: no conflicting date or place, and at least one of date, place or a participant shared.
   * A generic name ("press conference", "the meeting") says nothing by itself, so such an event also
   * needs the same date and a shared place or participant. Never the name alone.
   */
  private async findEvent(
    event: ResolvedAnnotation['events'][number],
    date: string | null,
  ): Promise<number | undefined> {
    const { slug, name, kind } = event;
    if (slug) {
      const existing = await this.store.events.bySlug(slug);
      return existing?.kind === kind ? existing.id : undefined;
    }
    return await this.store.events.findAgreeing({
      slug: slugify(name),
      kind,
      date,
      placeId: this.optionalEntityId(event.place),
      participantIds: [...new Set(event.participants.map((p) => this.entityId(p.entity)))],
      generic: event.generic === true,
    });
  }

  private async linkPartOf(key: string, partOf: string | undefined): Promise<void> {
    if (partOf === undefined) return;
    const id = this.eventIds.get(key);
    const parentId = this.eventIds.get(partOf);
    if (id === undefined || parentId === undefined || id === parentId) return;
    await this.store.events.fillGaps(id, {
      description: null,
      date: null,
      endDate: null,
      dateText: null,
      placeId: null,
      countryId: null,
      partOfId: parentId,
    });
  }

  private async writeClaim(claim: ResolvedAnnotation['claims'][number]): Promise<void> {
    const evidenceId = await this.evidenceId(claim.evidence);
    const speakerId = this.optionalEntityId(claim.speaker);
    const same = await this.store.claims.findSame({ evidenceId, speakerId, text: claim.text });
    const claimId =
      same ??
      (await this.store.claims.insert({
        articleId: this.articleId,
        evidenceId,
        speakerId,
        eventId: claim.event === undefined ? null : (this.eventIds.get(claim.event) ?? null),
        text: claim.text,
        quote: claim.quote ?? null,
        verb: claim.verb ?? null,
        kind: claim.kind,
        confidence: claim.confidence ?? 1,
        sieve: claim.sieve ?? null,
      }));
    this.count('claims', same !== undefined);
    for (const key of claim.about) await this.store.claims.addSubject(claimId, this.entityId(key));
  }

  private async writeRelation(relation: ResolvedAnnotation['relations'][number]): Promise<void> {
    const fromId = this.entityId(relation.from);
    const toId = this.entityId(relation.to);
    if (fromId === toId) return;
    const relationId = await this.store.relations.upsert({ type: relation.type, fromId, toId });
    this.count('relations', false);
    for (const span of relation.evidence)
      await this.store.evidence.linkRelation(relationId, await this.evidenceId(span));
  }
}

/**
 * Writes many articles in one transaction, each exactly as writeArticleGraph would (each in a savepoint
 * of its own), for bulk loads where a commit per article would dominate. Returns one summary per article,
 * in order; a throw rolls back the whole batch.
 */
export function writeArticleGraphs(
  store: Store,
  items: readonly { article: ArticleInput; annotation: ResolvedAnnotation }[],
): Promise<WriteSummary[]> {
  return store.transaction(async (tx) => {
    const summaries: WriteSummary[] = [];
    for (const { article, annotation } of items)
      summaries.push(await writeArticleGraph(tx, article, annotation));
    return summaries;
  });
}
