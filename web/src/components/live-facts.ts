import { h, kindBadge, label } from '../dom.ts';
import type { ExplorerLiveArticlesSubscription, ExplorerLiveFactsSubscription } from '../gql/graphql.ts';
import { hrefs } from '../router.ts';
import { evidenceQuote } from './evidence.ts';

type Fact = ExplorerLiveFactsSubscription['factsAbout'];
type LiveArticle = ExplorerLiveArticlesSubscription['articleIngested'];

/** Items kept in a live list; older ones leave at the bottom, so a page left open does not grow. */
export const LIVE_ITEMS = 50;

const link = (node: { slug: string; name: string }) => h('a', { href: hrefs.entity(node.slug) }, node.name);

/** The fact's one-line statement: who said what, which event, which relation. */
function statement(fact: Fact): HTMLElement {
  if (fact.claim) {
    const claim = fact.claim;
    return h(
      'p',
      {},
      kindBadge(claim.kind),
      ' ',
      claim.speaker ? link(claim.speaker) : 'Someone',
      ` ${claim.verb ?? 'said'}`,
      fact.evidence.sentence.includes(claim.text) ? null : [': ', h('q', {}, claim.text)],
    );
  }
  if (fact.event) {
    const event = fact.event;
    return h(
      'p',
      {},
      kindBadge(event.kind),
      ' ',
      h('strong', {}, event.name),
      event.place ? [' in ', link(event.place)] : null,
    );
  }
  if (fact.relation) {
    const relation = fact.relation;
    return h(
      'p',
      {},
      h('span', { class: 'badge' }, 'Relation'),
      ' ',
      link(relation.from),
      ` ${label(relation.type).toLowerCase()} `,
      link(relation.to),
    );
  }
  return h('p', {}, label(fact.kind));
}

/** One new fact about the entity of the page, with the span it comes from marked in its sentence. */
export function liveFactItem(fact: Fact): HTMLElement {
  return h(
    'li',
    { class: `live-fact live-${fact.kind.toLowerCase()}`, 'data-kind': fact.kind },
    statement(fact),
    evidenceQuote(fact.evidence),
  );
}

/** A new article on the home page, with the first facts it states. */
export function liveArticleItem(article: LiveArticle): HTMLElement {
  return h(
    'li',
    { class: 'live-article' },
    h(
      'p',
      {},
      h('a', { href: hrefs.article(article.slug) }, article.title),
      ' ',
      h('span', { class: 'meta' }, article.source ?? ''),
    ),
    article.factsExtracted
      ? h(
          'ul',
          { class: 'live-article-facts' },
          article.claims.edges.map(({ node }) =>
            h(
              'li',
              { class: 'live-fact live-claim' },
              kindBadge(node.kind),
              ' ',
              node.speaker ? link(node.speaker) : 'Someone',
              ` ${node.verb ?? 'said'}: `,
              h('q', {}, node.evidence.text),
            ),
          ),
          article.events.edges.map(({ node }) =>
            h('li', { class: 'live-fact live-event' }, kindBadge(node.kind), ' ', node.name),
          ),
        )
      : h('p', { class: 'note' }, `Stored without facts: the article is in "${article.language}".`),
  );
}

/**
 * A section that lists items as they arrive, newest first, announced politely to screen readers; it
 * says it is waiting until the first comes.
 */
export function liveSection(id: string, title: string, waiting: string) {
  const list = h('ol', { class: 'live-list', 'aria-live': 'polite' });
  const status = h('p', { class: 'hint live-status' }, waiting);
  const section = h(
    'section',
    { class: 'live', id, 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, title),
    status,
    list,
  );
  return {
    section,
    add(item: HTMLElement) {
      status.hidden = true;
      list.prepend(item);
      while (list.children.length > LIVE_ITEMS) list.lastElementChild?.remove();
    },
    fail(message: string) {
      status.hidden = false;
      status.textContent = `Live updates stopped: ${message}`;
    },
  };
}
