import { execute } from '../api.ts';
import { evidenceQuote } from '../components/evidence.ts';
import { dateElement, h, kindBadge, label, replaceChildren } from '../dom.ts';
import {
  ExplorerPathDocument,
  ExplorerPathEndsDocument,
  type ExplorerPathQuery,
  type LinkKind,
} from '../gql/graphql.ts';
import { hrefs, LINK_KINDS, navigate } from '../router.ts';
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
    const speaker = step.claim.speaker ?? step.from;
    const subject = speaker.slug === step.from.slug ? step.to : step.from;
    return [link(speaker), ' said of ', link(subject), ': ', h('q', {}, step.claim.text)];
  }
  return [link(step.from), ' and ', link(step.to), ' are named in one sentence'];
}

interface PathParams {
  from: string;
  to: string;
  maxHops: number;
  via: LinkKind[] | null;
}

const LINK_LABELS: Record<LinkKind, string> = {
  RELATION: 'Relations (allied with, member of…)',
  SHARED_EVENT: 'Took part in one event',
  CLAIM: 'A claim by one about the other',
  CO_MENTION: 'Named in one sentence',
};

/** Which kinds of link a path may use and how long it may be; submitting opens the path's URL. */
function optionsForm(params: PathParams): HTMLFormElement {
  const via = params.via ?? LINK_KINDS;
  const boxes = LINK_KINDS.map((kind) =>
    h('input', {
      type: 'checkbox',
      name: 'via',
      value: kind,
      id: `via-${kind}`,
      checked: via.includes(kind),
    }),
  );
  const hops = h(
    'select',
    { id: 'max-hops', name: 'maxHops' },
    [1, 2, 3, 4, 5, 6].map((n) => h('option', { value: n, selected: n === params.maxHops }, n)),
  );
  return h(
    'form',
    {
      class: 'path-options',
      onsubmit: (event) => {
        event.preventDefault();
        const chosen = LINK_KINDS.filter((_, i) => boxes[i]?.checked);
        navigate(
          hrefs.path(params.from, params.to, {
            maxHops: Number(hops.value),
            via: chosen.length === LINK_KINDS.length || chosen.length === 0 ? null : chosen,
          }),
        );
      },
    },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Links to follow'),
      LINK_KINDS.map((kind, i) => h('label', { for: `via-${kind}` }, boxes[i], ` ${LINK_LABELS[kind]}`)),
    ),
    h('label', { for: 'max-hops' }, 'At most ', hops, ' steps'),
    h('button', { type: 'submit' }, 'Find path'),
  );
}

export const pathView: View<PathParams> = async (main, params, signal) => {
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
    { from: from.id, to: to.id, maxHops: params.maxHops, via: params.via },
    signal,
  );
  const heading = h('h1', {}, 'How ', link(from), ' is connected to ', link(to));
  if (!data.path) {
    replaceChildren(
      main,
      heading,
      optionsForm(params),
      h('p', { role: 'status' }, `No chain of at most ${params.maxHops} of these links joins them.`),
    );
    return;
  }
  replaceChildren(
    main,
    heading,
    optionsForm(params),
    h(
      'p',
      { role: 'status' },
      data.path.length === 1
        ? 'One step, with the sentence that states it.'
        : `${data.path.length} steps, each with the sentence that states it.`,
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
