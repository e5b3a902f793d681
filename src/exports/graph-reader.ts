import type { ExportFilter } from '../store/exports.ts';
import type { Store } from '../store/index.ts';
import type {
  ArticleRow,
  ClaimRow,
  EntityRow,
  EventRow,
  EvidenceRow,
  ParticipantRow,
  RelationRow,
} from '../store/rows.ts';

/** Rows per statement: large enough that a big graph takes few round trips, small enough to stream. */
const BATCH_SIZE = 500;

/** A span of an article with its text and sentence cut out, ready to print. */
export interface EvidenceItem {
  articleSlug: string;
  text: string;
  sentence: string;
  start: number;
  end: number;
}

export interface EntityItem {
  row: EntityRow;
  aliases: string[];
  countrySlug: string | null;
}
export interface EventItem {
  row: EventRow;
  participants: (ParticipantRow & { slug: string })[];
  placeSlug: string | null;
  countrySlug: string | null;
  partOfSlug: string | null;
  evidence: EvidenceItem[];
}
export interface ClaimItem {
  row: ClaimRow;
  speakerSlug: string | null;
  subjects: { id: number; slug: string }[];
  eventSlug: string | null;
  articleSlug: string;
  evidence: EvidenceItem[];
}
export interface RelationItem {
  row: RelationRow;
  fromSlug: string;
  toSlug: string;
  evidence: EvidenceItem[];
}
export interface ArticleItem {
  row: ArticleRow;
  mentionSlugs: string[];
}

/**
 * Reads what an export covers, batch by batch, with everything a writer prints for each row (aliases,
 * participants, evidence text) loaded per batch in one statement each. Entities are read before any
 * fact, so their slugs are known when facts refer to them.
 */
export class GraphReader {
  private readonly slugs = new Map<number, string>();
  private readonly covered = new Set<number>();
  private readonly eventSlugs = new Map<number, string>();
  private readonly articleCache = new Map<number, ArticleRow>();

  constructor(
    private readonly store: Store,
    readonly filter: ExportFilter,
    /** Whether articles carry their whole body; neighbourhood exports for anyone leave bodies out. */
    readonly withBodies = true,
    /** Rows per batch: smaller batches hand the event loop back to other requests sooner. */
    private readonly batchSize = BATCH_SIZE,
  ) {}

  /** Whether an entity is in the export (every entity is, without a filter). */
  covers(entityId: number): boolean {
    return this.covered.has(entityId);
  }

  private async *batches<Row extends { id: number }>(
    read: (filter: ExportFilter, afterId: number, limit: number) => Promise<Row[]>,
  ): AsyncGenerator<Row[]> {
    for (let afterId = 0; ; ) {
      const rows = await read(this.filter, afterId, this.batchSize);
      if (rows.length) yield rows;
      if (rows.length < this.batchSize) return;
      afterId = (rows.at(-1) as Row).id;
    }
  }

  /** The slug of an entity whose slug was read (see `lookUpSlugs`), else null. */
  private slugOf(id: number | null): string | null {
    if (id === null) return null;
    return this.slugs.get(id) ?? null;
  }

  /** Slugs of entities outside the export (a claim's other subjects), looked up once. */
  private async lookUpSlugs(ids: readonly (number | null)[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id): id is number => id !== null && !this.slugs.has(id));
    if (!missing.length) return;
    for (const row of await this.store.entities.byIds(missing)) if (row) this.slugs.set(row.id, row.slug);
  }

  /** Reads the articles of evidence rows not read yet, so that `evidenceItems` can cut their text. */
  private async loadArticles(rows: readonly EvidenceRow[]): Promise<void> {
    const missing = [...new Set(rows.map((row) => row.article_id))].filter(
      (id) => !this.articleCache.has(id),
    );
    if (!missing.length) return;
    for (const article of await this.store.articles.byIds(missing))
      if (article) this.articleCache.set(article.id, article);
  }

  private evidenceItems(rows: readonly EvidenceRow[]): EvidenceItem[] {
    return rows.flatMap((row) => {
      const article = this.articleCache.get(row.article_id);
      if (!article) return [];
      return [
        {
          articleSlug: article.slug,
          text: article.body.slice(row.start_offset, row.end_offset),
          sentence: article.body.slice(row.sentence_start, row.sentence_end),
          start: row.start_offset,
          end: row.end_offset,
        },
      ];
    });
  }

  async *entities(): AsyncGenerator<EntityItem[]> {
    for await (const rows of this.batches(this.store.exports.entities)) {
      for (const row of rows) {
        this.slugs.set(row.id, row.slug);
        this.covered.add(row.id);
      }
      const aliases = await this.store.entities.aliasesByEntityIds(rows.map((row) => row.id));
      await this.lookUpSlugs(rows.map((row) => row.country_id));
      yield rows.map((row, i) => ({
        row,
        aliases: (aliases[i] ?? []).map((a) => a.alias).filter((alias) => alias !== row.name),
        countrySlug: this.slugOf(row.country_id),
      }));
    }
  }

  async *events(): AsyncGenerator<EventItem[]> {
    for await (const rows of this.batches(this.store.exports.events)) {
      const ids = rows.map((row) => row.id);
      for (const row of rows) this.eventSlugs.set(row.id, row.slug);
      const participants = await this.store.events.participantsByIds(ids);
      const evidence = await this.store.evidence.byEventIds(ids, null);
      const parents = await this.store.events.byIds(
        rows.flatMap((row) => (row.part_of_id ? [row.part_of_id] : [])),
      );
      const parentSlugs = new Map(parents.flatMap((p) => (p ? [[p.id, p.slug] as const] : [])));
      await this.lookUpSlugs([
        ...participants.flat().map((p) => p.entity_id),
        ...rows.flatMap((row) => [row.place_id, row.country_id]),
      ]);
      await this.loadArticles(evidence.flat());
      yield rows.map((row, i) => ({
        row,
        participants: (participants[i] ?? []).flatMap((p) => {
          const slug = this.slugOf(p.entity_id);
          return slug ? [{ ...p, slug }] : [];
        }),
        placeSlug: this.slugOf(row.place_id),
        countrySlug: this.slugOf(row.country_id),
        partOfSlug: row.part_of_id === null ? null : (parentSlugs.get(row.part_of_id) ?? null),
        evidence: this.evidenceItems(evidence[i] ?? []),
      }));
    }
  }

  async *claims(): AsyncGenerator<ClaimItem[]> {
    for await (const rows of this.batches(this.store.exports.claims)) {
      const subjects = await this.store.claims.subjectIdsByClaimIds(rows.map((row) => row.id));
      const evidence = await this.store.evidence.byIds(rows.map((row) => row.evidence_id));
      await this.lookUpSlugs([
        ...subjects.flat().map((s) => s.entity_id),
        ...rows.map((row) => row.speaker_id),
      ]);
      const events = await this.store.events.byIds(
        rows.flatMap((row) => (row.event_id ? [row.event_id] : [])),
      );
      const eventSlugs = new Map(events.flatMap((e) => (e ? [[e.id, e.slug] as const] : [])));
      await this.loadArticles(evidence.flatMap((span) => (span ? [span] : [])));
      yield rows.map((row, i) => {
        const span = evidence[i];
        const items = span ? this.evidenceItems([span]) : [];
        return {
          row,
          speakerSlug: this.slugOf(row.speaker_id),
          subjects: (subjects[i] ?? []).flatMap((s) => {
            const slug = this.slugs.get(s.entity_id);
            return slug ? [{ id: s.entity_id, slug }] : [];
          }),
          eventSlug: row.event_id === null ? null : (eventSlugs.get(row.event_id) ?? null),
          articleSlug: items[0]?.articleSlug ?? this.articleCache.get(row.article_id)?.slug ?? '',
          evidence: items,
        };
      });
    }
  }

  async *relations(): AsyncGenerator<RelationItem[]> {
    for await (const rows of this.batches(this.store.exports.relations)) {
      const evidence = await this.store.evidence.byRelationIds(
        rows.map((row) => row.id),
        null,
      );
      await this.lookUpSlugs(rows.flatMap((row) => [row.from_id, row.to_id]));
      await this.loadArticles(evidence.flat());
      yield rows.flatMap((row, i) => {
        const fromSlug = this.slugOf(row.from_id);
        const toSlug = this.slugOf(row.to_id);
        if (!fromSlug || !toSlug) return [];
        return [{ row, fromSlug, toSlug, evidence: this.evidenceItems(evidence[i] ?? []) }];
      });
    }
  }

  async *articles(): AsyncGenerator<ArticleItem[]> {
    for await (const rows of this.batches(this.store.exports.articles)) {
      const mentioned = await this.store.exports.mentionedByArticleIds(rows.map((row) => row.id));
      yield rows.map((row, i) => ({
        row,
        mentionSlugs: (mentioned[i] ?? []).flatMap((m) => this.slugs.get(m.entity_id) ?? []),
      }));
    }
  }
}
