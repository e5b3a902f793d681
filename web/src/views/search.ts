import { execute } from '../api.ts';
import { dateElement, h, kindBadge, label, replaceChildren } from '../dom.ts';
import { ExplorerSearchDocument, type ExplorerSearchQuery } from '../gql/graphql.ts';
import { hrefs } from '../router.ts';
import type { View } from './view.ts';

type Hit = ExplorerSearchQuery['search']['edges'][number]['node'];

/** The snippet with its matched words marked; it is text, split on the markers the query asked for. */
function snippet(text: string): (Node | string)[] {
  return text.split('\u0001').flatMap((part, i) => {
    if (i === 0) return [part];
    const [matched = '', rest = ''] = part.split('\u0002');
    return [h('mark', {}, matched), rest];
  });
}

function title(hit: Hit): HTMLElement {
  const node = hit.node;
  switch (node.__typename) {
    case 'Article':
      return h('a', { href: hrefs.article(node.slug) }, node.title);
    case 'Claim':
      return h(
        'a',
        { href: hrefs.article(node.article.slug) },
        node.speaker ? `${node.speaker.name}: ` : '',
        node.text,
      );
    case 'Event': {
      const article = node.articles.edges[0]?.node.slug;
      return article ? h('a', { href: hrefs.article(article) }, node.name) : h('span', {}, node.name);
    }
    default:
      return h('a', { href: hrefs.entity(node.slug) }, node.name);
  }
}

export const searchView: View<{ query: string }> = async (main, { query }, signal) => {
  document.title = `“${query}” · News knowledge graph`;
  if (!/[\p{L}\p{N}]/u.test(query)) {
    replaceChildren(main, h('h1', {}, 'Search'), h('p', {}, 'Type a name or some words to search for.'));
    return;
  }
  const data = await execute(ExplorerSearchDocument, { query, first: 50, after: null }, signal);
  const hits = data.search.edges.map((edge) => edge.node);
  replaceChildren(
    main,
    h('h1', {}, `Results for “${query}”`),
    h(
      'p',
      { role: 'status' },
      `${data.search.totalCount} ${data.search.totalCount === 1 ? 'match' : 'matches'}`,
    ),
    h(
      'ol',
      { class: 'results' },
      hits.map((hit) =>
        h(
          'li',
          {},
          h(
            'p',
            { class: 'result-title' },
            title(hit),
            ' ',
            kindBadge('kind' in hit.node ? hit.node.kind : hit.kind),
            hit.node.__typename === 'Event' ? [' ', dateElement(hit.node.date)] : null,
          ),
          h('p', { class: 'snippet' }, snippet(hit.snippet)),
          hit.kind !== 'ENTITY' ? h('p', { class: 'meta' }, label(hit.kind)) : null,
        ),
      ),
    ),
  );
};
