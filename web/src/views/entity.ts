import { execute } from '../api.ts';
import { evidenceQuote } from '../components/evidence.ts';
import { drawGraph, type GraphLink, type GraphNode } from '../components/graph.ts';
import { liveFactItem, liveSection } from '../components/live-facts.ts';
import { typeahead } from '../components/typeahead.ts';
import { type Child, dateElement, h, kindBadge, label, replaceChildren } from '../dom.ts';
import {
  ExplorerEntityDocument,
  type ExplorerEntityQuery,
  ExplorerLiveFactsDocument,
  ExplorerTimelineDocument,
} from '../gql/graphql.ts';
import { follow } from '../live.ts';
import { hrefs, navigate } from '../router.ts';
import type { View } from './view.ts';

type Entity = NonNullable<ExplorerEntityQuery['entity']>;

const link = (entity: { slug: string; name: string }) =>
  h('a', { href: hrefs.entity(entity.slug) }, entity.name);

/** Offices for a person, leaders for a country, the country for anything else that has one. */
function standing(entity: Entity): Child {
  switch (entity.__typename) {
    case 'Person':
      return [
        entity.offices.length
          ? h(
              'ul',
              { class: 'offices' },
              entity.offices.map((office) =>
                h(
                  'li',
                  {},
                  office.title,
                  office.country && office.country.slug !== entity.country?.slug
                    ? [' (', link(office.country), ')']
                    : null,
                ),
              ),
            )
          : null,
        entity.country ? h('p', {}, 'Country: ', link(entity.country)) : null,
      ];
    case 'Country':
      return [
        h('p', {}, 'ISO code ', h('abbr', {}, entity.code)),
        entity.leaders.length
          ? h('p', {}, 'Leaders: ', joinNodes(entity.leaders.map((leader) => link(leader))))
          : null,
      ];
    default:
      return entity.country ? h('p', {}, 'Country: ', link(entity.country)) : null;
  }
}

function officeTitles(entity: Entity): string[] {
  return entity.__typename === 'Person' ? entity.offices.map((office) => office.title) : [];
}

function joinNodes(nodes: Node[]): Child[] {
  return nodes.flatMap((node, i) => (i === 0 ? [node] : [', ', node]));
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function counts(entity: Entity): HTMLElement {
  const items: [string, number][] = [
    ['Mentions', entity.mentions.totalCount],
    ['Articles', entity.articles.totalCount],
    ['Events', entity.events.totalCount],
    ['Claims made', entity.claimsBy.totalCount],
    ['Claims about', entity.claimsAbout.totalCount],
    ['Linked entities', entity.neighbors.totalCount],
  ];
  return h(
    'dl',
    { class: 'counts' },
    items.map(([name, value]) => h('div', {}, h('dt', {}, name), h('dd', {}, value))),
  );
}

/** The entity and its neighbours, with links between neighbours that are linked to each other. */
function graphOf(entity: Entity): { nodes: GraphNode[]; links: GraphLink[] } {
  const neighbours = entity.neighbors.edges.map((edge) => edge.node);
  const nodes: GraphNode[] = [
    { slug: entity.slug, name: entity.name, kind: entity.kind },
    ...neighbours.map(({ entity: n }) => ({ slug: n.slug, name: n.name, kind: n.kind })),
  ];
  const shown = new Set(nodes.map((node) => node.slug));
  const links = new Map<string, GraphLink>();
  for (const neighbour of neighbours) {
    links.set([entity.slug, neighbour.entity.slug].sort().join(' '), {
      from: entity.slug,
      to: neighbour.entity.slug,
      weight: neighbour.weight,
    });
    for (const { node: second } of neighbour.entity.neighbors.edges) {
      const key = [neighbour.entity.slug, second.entity.slug].sort().join(' ');
      if (shown.has(second.entity.slug) && !links.has(key)) {
        links.set(key, { from: neighbour.entity.slug, to: second.entity.slug, weight: second.weight });
      }
    }
  }
  return { nodes, links: [...links.values()] };
}

function neighbourTable(entity: Entity): HTMLElement {
  return h(
    'table',
    { class: 'neighbours' },
    h('caption', {}, `Strongest links of ${entity.name}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Entity'),
        h('th', { scope: 'col' }, 'Weight'),
        h('th', { scope: 'col' }, 'Linked by'),
      ),
    ),
    h(
      'tbody',
      {},
      entity.neighbors.edges.map(({ node }) =>
        h(
          'tr',
          {},
          h('td', {}, link(node.entity), ' ', kindBadge(node.entity.kind)),
          h('td', { class: 'number' }, node.weight),
          h('td', {}, node.kinds.map((kind) => label(kind)).join(', ')),
        ),
      ),
    ),
  );
}

type TimelineEntry = NonNullable<
  Awaited<ReturnType<typeof loadTimeline>>
>['timeline']['edges'][number]['node'];

function loadTimeline(slug: string, after: string | null, signal: AbortSignal) {
  return execute(ExplorerTimelineDocument, { slug, first: 30, after }, signal).then((data) => data.entity);
}

function timelineItem(entry: TimelineEntry): HTMLElement {
  const when = h(
    'p',
    { class: 'when' },
    dateElement(entry.date) ?? 'Undated',
    entry.dateSource === 'ARTICLE' ? h('span', { class: 'note' }, ' (date of the article)') : null,
  );
  if (entry.event) {
    const event = entry.event;
    return h(
      'li',
      { class: 'timeline-event' },
      when,
      h(
        'p',
        {},
        kindBadge(event.kind),
        ' ',
        h('strong', {}, event.name),
        event.place ? [' in ', link(event.place)] : null,
      ),
      event.participants.length
        ? h('p', { class: 'participants' }, 'With ', joinNodes(event.participants.map((p) => link(p.entity))))
        : null,
    );
  }
  const claim = entry.claim;
  if (!claim) return h('li', {}, when);
  return h(
    'li',
    { class: 'timeline-claim' },
    when,
    h(
      'p',
      {},
      kindBadge(claim.kind),
      ' ',
      claim.speaker ? link(claim.speaker) : 'Someone',
      ` ${claim.verb ?? 'said'}`,
      // A quote is its evidence: the sentence below shows it marked, so it is not printed twice.
      claim.evidence.sentence.includes(claim.text) ? null : [': ', h('q', {}, claim.text)],
    ),
    evidenceQuote(claim.evidence),
    claim.about.length
      ? h('p', { class: 'about' }, 'About ', joinNodes(claim.about.map((a) => link(a))))
      : null,
  );
}

async function timelineSection(slug: string, signal: AbortSignal): Promise<HTMLElement> {
  const list = h('ol', { class: 'timeline' });
  const more = h('button', { type: 'button', class: 'more' }, 'Show more');
  const section = h(
    'section',
    { 'aria-labelledby': 'timeline-heading' },
    h('h2', { id: 'timeline-heading' }, 'Timeline'),
  );
  let after: string | null = null;
  const load = async () => {
    more.disabled = true;
    const entity = await loadTimeline(slug, after, signal);
    if (!entity) return;
    for (const { node } of entity.timeline.edges) list.append(timelineItem(node));
    after = entity.timeline.pageInfo.endCursor;
    more.hidden = !entity.timeline.pageInfo.hasNextPage;
    more.disabled = false;
    if (!list.children.length) list.replaceWith(h('p', {}, 'No dated events or claims.'));
  };
  more.addEventListener('click', load);
  section.append(list, more);
  await load();
  return section;
}

export const entityView: View<{ slug: string }> = async (main, { slug }, signal) => {
  const data = await execute(ExplorerEntityDocument, { slug }, signal);
  const entity = data.entity;
  if (!entity) {
    document.title = 'Not found · News knowledge graph';
    replaceChildren(
      main,
      h('h1', {}, 'No such entity'),
      h('p', {}, `Nothing in the graph has the slug “${slug}”.`),
    );
    return;
  }
  document.title = `${entity.name} · News knowledge graph`;
  const graph = h('div', {
    id: 'graph',
    class: 'graph',
    role: 'img',
    'aria-label': `Graph of ${entity.name} and ${plural(entity.neighbors.edges.length, 'linked entity', 'linked entities')}; the table below lists the same links.`,
  });
  const { nodes, links } = graphOf(entity);
  const timeline = await timelineSection(entity.slug, signal);
  const live = liveSection(
    'live-facts',
    'New facts',
    `Claims, events and relations naming ${entity.name} appear here as articles are ingested.`,
  );
  // Followed for as long as the page is shown: moving to another page aborts `signal`, which closes it.
  follow(
    ExplorerLiveFactsDocument,
    { entity: entity.id },
    signal,
    (data) => live.add(liveFactItem(data.factsAbout)),
    live.fail,
  );
  replaceChildren(
    main,
    h(
      'section',
      { class: 'entity-header', 'aria-labelledby': 'entity-name' },
      h('p', { class: 'eyebrow' }, kindBadge(entity.kind)),
      h('h1', { id: 'entity-name' }, entity.name),
      entity.description && !officeTitles(entity).includes(entity.description)
        ? h('p', { class: 'description' }, entity.description)
        : null,
      standing(entity),
      entity.aliases.length
        ? h(
            'p',
            { class: 'aliases' },
            'Also called ',
            joinNodes(entity.aliases.map((alias) => h('span', { class: 'alias' }, alias))),
          )
        : null,
      counts(entity),
    ),
    live.section,
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { 'aria-labelledby': 'graph-heading', class: 'neighbourhood' },
        h('h2', { id: 'graph-heading' }, 'Neighbourhood'),
        nodes.length > 1
          ? [h('p', { class: 'hint' }, 'Select a node to open that entity.'), graph, neighbourTable(entity)]
          : h('p', {}, 'No links to other entities yet.'),
        h(
          'form',
          { class: 'path-form', onsubmit: (event) => event.preventDefault() },
          typeahead({
            id: 'path-to',
            label: `How is ${entity.name} connected to…`,
            visibleLabel: true,
            placeholder: 'Another entity',
            onChoose: (other) => navigate(hrefs.path(entity.slug, other.slug)),
          }),
        ),
      ),
      timeline,
    ),
    h(
      'section',
      { 'aria-labelledby': 'articles-heading' },
      h('h2', { id: 'articles-heading' }, 'Articles'),
      h(
        'ul',
        { class: 'articles' },
        entity.articles.edges.map(({ node }) =>
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
  if (nodes.length > 1)
    await drawGraph(graph, entity.slug, nodes, links, (other) => navigate(hrefs.entity(other)));
};
