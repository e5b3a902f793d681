import { execute } from '../api.ts';
import { evidenceQuote } from '../components/evidence.ts';
import { dateElement, h, kindBadge, label, replaceChildren } from '../dom.ts';
import { ExplorerPathDocument, ExplorerPathEndsDocument, type ExplorerPathQuery } from '../gql/graphql.ts';
import { hrefs } from '../router.ts';
import type { View } from './view.ts';

type Step = NonNullable<ExplorerPathQuery['path']>['steps'][number];

const link = (entity: { slug: string; name: string }) =>
  h('a', { href: hrefs.entity(entity.slug) }, entity.name);

/** What links the two ends of a step, in words. */
function how(step: Step): (Node | string)[] {
  if (step.relation) {
    return [link(step.relation.from), ` ${label(step.relation.type).toLowerCase()} `, link(step.relation.to)];
  }
  if (step.event) {
    const date = dateElement(step.event.date);
    return [
      link(step.from),
      ' and ',
      link(step.to),
      ` both took part in ${step.event.name}`,
      ...(date ? [' (', date, ')'] : []),
    ];
  }
  if (step.claim) {
    return [
      step.claim.speaker ? link(step.claim.speaker) : 'Someone',
      ' made a claim about the other: ',
      h('q', {}, step.claim.text),
    ];
  }
  return [link(step.from), ' and ', link(step.to), ' are named in one sentence'];
}

export const pathView: View<{ from: string; to: string; maxHops: number }> = async (main, params, signal) => {
  const ends = await execute(ExplorerPathEndsDocument, { from: params.from, to: params.to }, signal);
  if (!ends.from || !ends.to) {
    const missing = ends.from ? params.to : params.from;
    document.title = 'Not found · News knowledge graph';
    replaceChildren(
      main,
      h('h1', {}, 'No such entity'),
      h('p', {}, `Nothing in the graph has the slug “${missing}”.`),
    );
    return;
  }
  const { from, to } = ends;
  document.title = `${from.name} to ${to.name} · News knowledge graph`;
  const data = await execute(
    ExplorerPathDocument,
    { from: from.id, to: to.id, maxHops: params.maxHops },
    signal,
  );
  const heading = h('h1', {}, 'How ', link(from), ' is connected to ', link(to));
  if (!data.path) {
    const wider = params.maxHops < 6 ? `${hrefs.path(from.slug, to.slug)}?maxHops=6` : null;
    replaceChildren(
      main,
      heading,
      h('p', {}, `No chain of at most ${params.maxHops} links joins them.`),
      wider ? h('p', {}, h('a', { href: wider }, 'Look up to 6 links away')) : null,
    );
    return;
  }
  replaceChildren(
    main,
    heading,
    h(
      'p',
      {},
      `${data.path.length} ${data.path.length === 1 ? 'step' : 'steps'}, each with the sentence that states it.`,
    ),
    h(
      'ol',
      { class: 'path' },
      data.path.steps.map((step) =>
        h(
          'li',
          { class: 'step' },
          h(
            'p',
            { class: 'step-ends' },
            link(step.from),
            ' ',
            kindBadge(step.from.kind),
            ' → ',
            link(step.to),
            ' ',
            kindBadge(step.to.kind),
          ),
          h('p', { class: 'step-how' }, h('span', { class: 'badge' }, label(step.kind)), ' ', how(step)),
          step.evidence.map((evidence) => evidenceQuote(evidence)),
        ),
      ),
    ),
  );
};
