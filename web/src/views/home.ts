import { execute } from '../api.ts';
import { dateElement, h, kindBadge, replaceChildren } from '../dom.ts';
import { ExplorerHomeDocument } from '../gql/graphql.ts';
import { hrefs } from '../router.ts';
import type { View } from './view.ts';

const SINGULAR: Record<string, string> = { people: 'person', countries: 'country', claims: 'claim' };

function singular(plural: string): string {
  return SINGULAR[plural] ?? plural.replace(/s$/, '');
}

export const homeView: View<Record<string, never>> = async (main, _params, signal) => {
  document.title = 'News knowledge graph';
  const { stats, articles } = await execute(ExplorerHomeDocument, {}, signal);
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
    h(
      'section',
      { 'aria-labelledby': 'articles-heading' },
      h('h2', { id: 'articles-heading' }, 'Articles'),
      h(
        'ul',
        { class: 'articles' },
        articles.edges.map(({ node }) =>
          h(
            'li',
            {},
            h('a', { href: hrefs.article(node.slug) }, node.title),
            ' ',
            h('span', { class: 'meta' }, node.source ?? '', ' ', dateElement(node.publishedAt)),
          ),
        ),
      ),
    ),
  );
};
