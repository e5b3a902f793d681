import { execute } from '../api.ts';
import { liveArticleItem, liveSection } from '../components/live-facts.ts';
import { dateElement, h, kindBadge, replaceChildren } from '../dom.ts';
import {
  ExplorerArticlesDocument,
  ExplorerHomeDocument,
  type ExplorerHomeQuery,
  ExplorerLiveArticlesDocument,
} from '../gql/graphql.ts';
import { follow } from '../live.ts';
import { hrefs } from '../router.ts';
import type { View } from './view.ts';

const SINGULAR: Record<string, string> = { people: 'person', countries: 'country', claims: 'claim' };

function singular(plural: string): string {
  return SINGULAR[plural] ?? plural.replace(/s$/, '');
}

type ArticleItem = ExplorerHomeQuery['articles']['edges'][number]['node'];

function articleItem(node: ArticleItem): HTMLElement {
  return h(
    'li',
    {},
    h('a', { href: hrefs.article(node.slug) }, node.title),
    ' ',
    h('span', { class: 'meta' }, node.source ?? '', ' ', dateElement(node.publishedAt)),
    node.language && node.language !== 'en' && node.language !== 'und'
      ? h('span', { class: 'badge language' }, node.language)
      : null,
  );
}

/** The newest articles first, with a button for the next page of older ones. */
function articleList(articles: ExplorerHomeQuery['articles'], signal: AbortSignal): HTMLElement {
  const list = h(
    'ul',
    { class: 'articles' },
    articles.edges.map(({ node }) => articleItem(node)),
  );
  const more = h('button', { type: 'button', class: 'more' }, 'Older articles');
  let after = articles.pageInfo.endCursor;
  more.hidden = !articles.pageInfo.hasNextPage;
  more.addEventListener('click', async () => {
    more.disabled = true;
    const page = (await execute(ExplorerArticlesDocument, { first: 20, after }, signal)).articles;
    for (const { node } of page.edges) list.append(articleItem(node));
    after = page.pageInfo.endCursor;
    more.hidden = !page.pageInfo.hasNextPage;
    more.disabled = false;
  });
  return h(
    'section',
    { 'aria-labelledby': 'articles-heading' },
    h(
      'h2',
      { id: 'articles-heading' },
      'Newest articles',
      h('span', { class: 'meta' }, ` (${articles.totalCount})`),
    ),
    list,
    more,
  );
}

export const homeView: View<Record<string, never>> = async (main, _params, signal) => {
  document.title = 'News knowledge graph';
  const { stats, articles } = await execute(ExplorerHomeDocument, {}, signal);
  const live = liveSection(
    'live-articles',
    'Live',
    'New articles and the facts they state appear here as they are ingested.',
  );
  follow(
    ExplorerLiveArticlesDocument,
    {},
    signal,
    (data) => live.add(liveArticleItem(data.articleIngested)),
    live.fail,
  );
  const numbers: [string, number][] = [
    ['articles', stats.articles],
    ['people', stats.people],
    ['countries', stats.countries],
    ['organisations', stats.organizations],
    ['places', stats.places],
    ['events', stats.events],
    ['claims', stats.claims],
  ];
  replaceChildren(
    main,
    h('h1', {}, 'Explore the news graph'),
    h(
      'p',
      { class: 'lead' },
      'Search for a person, country or organisation above, then follow its links, claims and the sentences they come from.',
    ),
    h(
      'ul',
      { class: 'stats' },
      numbers.map(([name, value]) =>
        h('li', {}, h('strong', {}, value), ` ${value === 1 ? singular(name) : name}`),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'top-heading' },
      h('h2', { id: 'top-heading' }, 'Most mentioned'),
      h(
        'ul',
        { class: 'top-entities' },
        stats.topEntities.map((top) =>
          h(
            'li',
            {},
            h('a', { href: hrefs.entity(top.entity.slug) }, top.entity.name),
            ' ',
            kindBadge(top.entity.kind),
            h('span', { class: 'meta' }, ` ${top.mentions} ${top.mentions === 1 ? 'mention' : 'mentions'}`),
          ),
        ),
      ),
    ),
    live.section,
    articleList(articles, signal),
  );
};
