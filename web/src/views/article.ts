import { execute } from '../api.ts';
import { dateElement, h, kindBadge, replaceChildren } from '../dom.ts';
import { ExplorerArticleDocument, type ExplorerArticleQuery } from '../gql/graphql.ts';
import { hrefs } from '../router.ts';
import type { View } from './view.ts';

type Article = NonNullable<ExplorerArticleQuery['article']>;

interface Mention {
  start: number;
  end: number;
  slug: string;
  name: string;
  kind: string;
}

interface Span {
  start: number;
  end: number;
}

/** Every mention of the article, page after page, in order of appearance. */
async function allMentions(article: Article, signal: AbortSignal): Promise<Mention[]> {
  const mentions: Mention[] = [];
  let page = article.mentions;
  for (;;) {
    for (const { node } of page.edges) {
      mentions.push({
        ...node.evidence,
        slug: node.entity.slug,
        name: node.entity.name,
        kind: node.entity.kind,
      });
    }
    if (!page.pageInfo.hasNextPage) return mentions;
    const next = await execute(
      ExplorerArticleDocument,
      { slug: article.slug, mentionsAfter: page.pageInfo.endCursor },
      signal,
    );
    if (!next.article) return mentions;
    page = next.article.mentions;
  }
}

/** Paragraphs of the body as offset ranges: text between blank lines. */
function paragraphs(body: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const gap of body.matchAll(/\n\s*\n/g)) {
    spans.push({ start, end: gap.index });
    start = gap.index + gap[0].length;
  }
  spans.push({ start, end: body.length });
  return spans.filter((span) => body.slice(span.start, span.end).trim());
}

/**
 * The body as paragraphs, each mention a link to its entity and `highlight` (a claim's evidence, from the
 * URL) marked. Text is placed by offset, so a name that occurs twice is linked where the article mentions
 * it. Overlapping mentions keep the first.
 */
function renderBody(body: string, mentions: Mention[], highlight: Span | null): HTMLElement[] {
  const sorted = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  for (const mention of sorted) {
    const last = kept.at(-1);
    if (!last || mention.start >= last.end) kept.push(mention);
  }
  return paragraphs(body).map((paragraph) => {
    const cuts = new Set([paragraph.start, paragraph.end]);
    for (const m of kept) {
      if (m.start > paragraph.start && m.start < paragraph.end) cuts.add(m.start);
      if (m.end > paragraph.start && m.end < paragraph.end) cuts.add(m.end);
    }
    if (highlight) {
      for (const at of [highlight.start, highlight.end]) {
        if (at > paragraph.start && at < paragraph.end) cuts.add(at);
      }
    }
    const points = [...cuts].sort((a, b) => a - b);
    const p = h('p');
    let open = null as { mention: Mention; element: HTMLAnchorElement } | null;
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i] as number;
      const to = points[i + 1] as number;
      const text = body.slice(from, to);
      const marked = highlight && from >= highlight.start && to <= highlight.end;
      const piece = marked
        ? h('mark', { class: 'evidence-span', id: from === highlight.start ? 'evidence' : null }, text)
        : document.createTextNode(text);
      const mention = kept.find((m) => from >= m.start && to <= m.end);
      if (mention) {
        if (open?.mention !== mention) {
          const element: HTMLAnchorElement = h('a', {
            href: hrefs.entity(mention.slug),
            class: `mention kind-${mention.kind.toLowerCase()}`,
            title: mention.name,
            'data-start': mention.start,
            'data-end': mention.end,
          });
          open = { mention, element };
          p.append(element);
        }
        open.element.append(piece);
      } else {
        open = null;
        p.append(piece);
      }
    }
    return p;
  });
}

export const articleView: View<{ slug: string; span: Span | null }> = async (
  main,
  { slug, span },
  signal,
) => {
  const data = await execute(ExplorerArticleDocument, { slug, mentionsAfter: null }, signal);
  const article = data.article;
  if (!article) {
    document.title = 'Not found · News knowledge graph';
    replaceChildren(main, h('h1', {}, 'No such article'), h('p', {}, `No article has the slug “${slug}”.`));
    return;
  }
  document.title = `${article.title} · News knowledge graph`;
  const mentions = await allMentions(article, signal);
  const highlight = span && span.start < span.end && span.end <= article.body.length ? span : null;
  const people = new Map(mentions.map((m) => [m.slug, m]));
  replaceChildren(
    main,
    h(
      'article',
      { class: 'article', 'aria-labelledby': 'article-title' },
      h('h1', { id: 'article-title' }, article.title),
      h(
        'p',
        { class: 'meta' },
        article.source ?? '',
        ' ',
        dateElement(article.publishedAt),
        article.url ? [' · ', h('a', { href: article.url, rel: 'noopener noreferrer' }, 'Original')] : null,
      ),
      highlight
        ? h(
            'p',
            { class: 'hint' },
            'The highlighted words are the evidence you followed. ',
            h('a', { href: '#evidence' }, 'Jump to them'),
          )
        : null,
      h('div', { class: 'body' }, renderBody(article.body, mentions, highlight)),
    ),
    h(
      'aside',
      { class: 'article-side', 'aria-label': 'In this article' },
      h('h2', {}, `Named in this article (${people.size})`),
      h(
        'ul',
        { class: 'named' },
        [...people.values()].map((m) =>
          h('li', {}, h('a', { href: hrefs.entity(m.slug) }, m.name), ' ', kindBadge(m.kind)),
        ),
      ),
      article.note ? h('p', { class: 'note' }, `Language ${article.language}: ${article.note}.`) : null,
      article.alsoPublishedAt.length
        ? [
            h('h2', {}, 'Also published at'),
            h(
              'ul',
              { class: 'also-published' },
              article.alsoPublishedAt.map((copy) =>
                h('li', {}, h('a', { href: copy.url, rel: 'noopener noreferrer' }, copy.source ?? copy.url)),
              ),
            ),
          ]
        : null,
      h('h2', {}, `Events (${article.events.totalCount})`),
      article.events.edges.length
        ? h(
            'ul',
            { class: 'article-events' },
            article.events.edges.map(({ node: event }) =>
              h(
                'li',
                {},
                kindBadge(event.kind),
                ' ',
                h('strong', {}, event.name),
                event.place
                  ? [' in ', h('a', { href: hrefs.entity(event.place.slug) }, event.place.name)]
                  : null,
                event.date ? [' · ', dateElement(event.date)] : null,
              ),
            ),
          )
        : h('p', {}, 'No events.'),
      h('h2', {}, `Claims reported (${article.claims.totalCount})`),
      h(
        'ol',
        { class: 'claims' },
        article.claims.edges.map(({ node: claim }) =>
          h(
            'li',
            {},
            claim.speaker
              ? h('a', { href: hrefs.entity(claim.speaker.slug) }, claim.speaker.name)
              : 'Someone',
            ` ${claim.verb ?? 'said'}: `,
            h('a', { href: hrefs.article(article.slug, claim.evidence) }, claim.text),
          ),
        ),
      ),
    ),
  );
  if (highlight) document.getElementById('evidence')?.scrollIntoView({ block: 'center' });
};
