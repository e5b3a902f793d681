/** Something `h` can put inside an element; text is always inserted as text, never parsed as HTML. */
export type Child = Node | string | number | null | undefined | false | Child[];

type Attributes = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/**
 * Creates an element: attributes as strings (`true` for a bare attribute, `false`/`null` to leave it
 * out), `on<event>` functions as listeners, then the children.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children, flattening arrays and skipping empty ones. */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else if (child !== null && child !== undefined && child !== false) {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces everything inside `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

const KIND_LABELS: Record<string, string> = {
  PERSON: 'Person',
  COUNTRY: 'Country',
  ORGANIZATION: 'Organisation',
  PLACE: 'Place',
};

/** A readable label for an enum value: PRESS_CONFERENCE → Press conference. */
export function label(value: string): string {
  const known = KIND_LABELS[value];
  if (known) return known;
  const words = value.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A badge naming the kind of a node, coloured by kind. */
export function kindBadge(kind: string): HTMLElement {
  return h('span', { class: `badge kind-${kind.toLowerCase()}` }, label(kind));
}

/** 2015-11-16 or an ISO date-time → 16 Nov 2015; the machine-readable value stays in `datetime`. */
export function dateElement(value: string | null | undefined): HTMLElement | null {
  if (!value) return null;
  const day = value.slice(0, 10);
  const date = new Date(`${day}T00:00:00Z`);
  const text = Number.isNaN(date.getTime())
    ? day
    : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return h('time', { datetime: day }, text);
}
