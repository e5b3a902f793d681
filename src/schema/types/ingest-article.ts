import type { IngestReport } from '../../ingest/ingest-document.ts';
import type { FactKind } from '../../store/graph-writer.ts';
import { requireAdmin } from '../access.ts';
import { builder } from '../builder.ts';
import { asUserErrors } from '../user-errors.ts';
import { Article } from './article.ts';
import { ArticleCopyMatchEnum } from './article-url.ts';
import { DateTimeScalar } from './scalars.ts';

const IngestArticleInput = builder.inputType('IngestArticleInput', {
  description:
    'A news article: its headline, body text and where it comes from. Facts are extracted from English; other languages are stored without facts, or refused when the server is set to (OTHER_LANGUAGES).',
  fields: (t) => ({
    title: t.string({ required: true, description: 'The headline.' }),
    body: t.string({
      required: true,
      description: 'Plain text, paragraphs separated by blank lines; at most 1 MB.',
    }),
    url: t.string(),
    publishedAt: t.field({ type: DateTimeScalar, description: 'Dates in the text are resolved against it.' }),
    source: t.string({ description: 'The publisher, e.g. BBC News.' }),
    canonicalUrl: t.string({
      description:
        "The address the story names as its own (a syndicated copy names the original's): a copy of an article already held joins it.",
    }),
    author: t.string({ description: 'The byline.' }),
  }),
});

const FactCounts = builder.objectRef<Record<FactKind, number>>('FactCounts').implement({
  description: 'How many facts of each kind a write touched.',
  fields: (t) => ({
    entities: t.exposeInt('entities'),
    mentions: t.exposeInt('mentions'),
    offices: t.exposeInt('offices'),
    events: t.exposeInt('events'),
    claims: t.exposeInt('claims'),
    relations: t.exposeInt('relations'),
  }),
});

type Duplicate = NonNullable<IngestReport['duplicateOf']>;

const IngestDuplicate = builder.objectRef<Duplicate>('IngestDuplicate').implement({
  description: 'The article the ingested text turned out to be a copy of.',
  fields: (t) => ({
    matchedBy: t.field({ type: ArticleCopyMatchEnum, resolve: (d) => d.matchedBy }),
    similarity: t.exposeFloat('similarity', {
      description: 'Share of word sequences the two texts have in common, 0 to 1.',
    }),
  }),
});

const IngestArticlePayload = builder.objectRef<IngestReport>('IngestArticlePayload').implement({
  description:
    'What ingestArticle wrote: the article, how many facts were new or merged, its language, and whether it was a copy or a new version of an article already held.',
  fields: (t) => ({
    article: t.field({
      type: Article,
      description:
        'The article, with the entities, events and claims extracted from it. For a copy of an article already held, that article (which now lists this address in alsoPublishedAt).',
      resolve: async ({ summary }, _args, ctx) => {
        const article = await ctx.loaders.article.load(summary.articleId);
        if (!article) throw new Error(`article ${summary.articleId} was written but cannot be read`);
        return article;
      },
    }),
    unchanged: t.boolean({
      description:
        'True when the graph already held this text (or a copy of it): no facts were written, though a new address may have been remembered.',
      resolve: (r) => r.summary.unchanged,
    }),
    added: t.field({
      type: FactCounts,
      description: 'Facts new to the graph.',
      resolve: (r) => r.summary.added,
    }),
    merged: t.field({
      type: FactCounts,
      description: 'Facts that joined ones the graph already held.',
      resolve: (r) => r.summary.merged,
    }),
    warnings: t.stringList({
      description: 'Resolution decisions worth a look.',
      resolve: (r) => r.summary.warnings,
    }),
    language: t.exposeString('language', {
      description: 'ISO 639-1 code of the language detected in the text ("und" when too short to tell).',
    }),
    factsExtracted: t.exposeBoolean('factsExtracted', {
      description: 'False when the article was stored without facts: extraction covers English only.',
    }),
    duplicateOf: t.field({
      type: IngestDuplicate,
      nullable: true,
      description:
        'Set when the text is a copy (same text, canonical address or near-duplicate) of the article answered: no second article was made.',
      resolve: (r) => r.duplicateOf ?? null,
    }),
    replacedVersion: t.boolean({
      description:
        'True when the text was a new version of the article at the same address: its facts replaced the old ones whole.',
      resolve: (r) => r.replaced !== undefined,
    }),
    note: t.string({
      nullable: true,
      description: 'What happened, in one sentence, when it was not a plain new article.',
      resolve: noteOf,
    }),
  }),
});

/** One sentence on what ingesting did, unless it simply added a new English article. */
function noteOf(report: IngestReport): string | null {
  if (report.duplicateOf) {
    const how = {
      'same-text': 'the same text',
      canonical: 'a copy that names it as canonical',
      'near-duplicate': `a near-duplicate (${Math.round(report.duplicateOf.similarity * 100)}% alike)`,
    }[report.duplicateOf.matchedBy];
    return `already held as "${report.duplicateOf.slug}": this is ${how}, so no second article was made and no facts were written (an address given joins its alsoPublishedAt)`;
  }
  if (report.summary.unchanged) return 'the graph already held this exact text: nothing was written';
  const notes: string[] = [];
  if (report.replaced) notes.push(`a new version of "${report.replaced}": its facts replaced the old ones`);
  if (!report.factsExtracted) {
    notes.push(
      `facts were not extracted: extraction covers English, this article is "${report.language}" (stored and searchable)`,
    );
  }
  return notes.length ? notes.join('; ') : null;
}

builder.mutationFields((t) => ({
  ingestArticle: t.field({
    type: IngestArticlePayload,
    description:
      'Extracts people, offices, countries, organisations, places, events and claims from an article and merges them into the graph, in one transaction. Needs the admin token.',
    args: { input: t.arg({ type: IngestArticleInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      requireAdmin(ctx, 'ingestArticle');
      return asUserErrors(() => ctx.writes.ingestArticle(input));
    },
  }),
}));
