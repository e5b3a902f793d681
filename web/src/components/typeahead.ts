import { execute } from '../api.ts';
import { h, kindBadge, replaceChildren } from '../dom.ts';
import { ExplorerTypeAheadDocument } from '../gql/graphql.ts';

export interface Suggestion {
  slug: string;
  name: string;
  kind: string;
}

export interface TypeaheadOptions {
  id: string;
  label: string;
  placeholder?: string;
  /** Show the label to sighted users too; otherwise it is read only by screen readers. */
  visibleLabel?: boolean;
  onChoose(suggestion: Suggestion): void;
  /** Enter without a chosen suggestion; absent, Enter picks the first suggestion. */
  onSubmit?(text: string): void;
}

const HAS_WORD = /[\p{L}\p{N}]/u;

/**
 * An entity picker following the ARIA combobox pattern: suggestions appear while typing (the last word
 * matches as a prefix), arrow keys move through them, Enter chooses, Escape closes.
 */
export function typeahead(options: TypeaheadOptions): HTMLElement {
  const listId = `${options.id}-list`;
  const input = h('input', {
    id: options.id,
    type: 'search',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    placeholder: options.placeholder,
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'suggestions', 'aria-label': options.label });
  list.hidden = true;
  const status = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  let suggestions: Suggestion[] = [];
  let active = -1;
  let request = 0;
  let timer: number | undefined;
  let controller: AbortController | undefined;

  function show(index: number) {
    active = index;
    for (const [i, option] of [...list.children].entries()) {
      option.setAttribute('aria-selected', String(i === active));
    }
    const option = list.children[active];
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function choose(suggestion: Suggestion) {
    close();
    input.value = '';
    options.onChoose(suggestion);
  }

  function render(text: string) {
    replaceChildren(
      list,
      suggestions.map((suggestion, i) =>
        h(
          'li',
          {
            id: `${options.id}-option-${i}`,
            role: 'option',
            'aria-selected': 'false',
            // mousedown, not click: the input keeps focus, so the list is not closed by its blur first.
            onmousedown: (event) => {
              event.preventDefault();
              choose(suggestion);
            },
          },
          h('span', { class: 'suggestion-name' }, suggestion.name),
          kindBadge(suggestion.kind),
        ),
      ),
    );
    const open = suggestions.length > 0 && document.activeElement === input;
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    active = -1;
    status.textContent = text ? `${suggestions.length} suggestion${suggestions.length === 1 ? '' : 's'}` : '';
  }

  async function suggest(text: string) {
    const mine = ++request;
    controller?.abort();
    if (!HAS_WORD.test(text)) {
      suggestions = [];
      render('');
      return;
    }
    controller = new AbortController();
    try {
      const data = await execute(ExplorerTypeAheadDocument, { prefix: text }, controller.signal);
      if (mine !== request) return;
      suggestions = data.search.edges.flatMap(({ node }) =>
        'slug' in node.node ? [{ slug: node.node.slug, name: node.node.name, kind: node.node.kind }] : [],
      );
      render(text);
    } catch (error) {
      if ((error as Error).name !== 'AbortError' && mine === request) {
        suggestions = [];
        render(text);
      }
    }
  }

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => suggest(input.value.trim()), 120);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && suggestions.length) {
      event.preventDefault();
      if (list.hidden) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
      show((active + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && suggestions.length) {
      event.preventDefault();
      show(active <= 0 ? suggestions.length - 1 : active - 1);
    } else if (event.key === 'Escape') {
      close();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = suggestions[active];
      const text = input.value.trim();
      if (chosen && !list.hidden) choose(chosen);
      else if (options.onSubmit && HAS_WORD.test(text)) {
        close();
        options.onSubmit(text);
      } else if (suggestions[0]) choose(suggestions[0]);
    }
  });
  input.addEventListener('blur', close);
  input.addEventListener('focus', () => {
    if (suggestions.length && input.value.trim()) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
  });

  return h(
    'div',
    { class: 'typeahead' },
    h(
      'label',
      { for: options.id, class: options.visibleLabel ? 'field-label' : 'visually-hidden' },
      options.label,
    ),
    input,
    list,
    status,
  );
}
